"""Checking a server's answer against a reference: SPARQL JSON results compared by meaning.

Rows are compared as a multiset (order-insensitive); when the query has ORDER BY, the sequence
of the ordering variables' values must match too (rows tied on them may come in any order).
Blank node labels are ignored, numeric literals compared by value, `xsd:string` is a plain
literal. Every response is checked: a body already found correct is recognised by its hash.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + name for name in ("integer", "decimal", "double", "float", "int", "long")}
_ORDER_BY = re.compile(r"\bORDER\s+BY\b(.*?)(?:\bLIMIT\b|\bOFFSET\b|$)", re.I | re.S)
_VARIABLE = re.compile(r"[?$](\w+)")

Term = tuple[str, str, str, str]
Row = tuple[Term, ...]


@dataclass(frozen=True)
class Canonical:
    """An answer reduced to what must be equal: variables, rows, and the ordering sequence."""

    variables: tuple[str, ...]
    rows: tuple[Row, ...]
    order: tuple[Row, ...]
    boolean: bool | None = None

    def describe(self) -> str:
        """A short description for a failure line."""
        if self.boolean is not None:
            return f"ASK {self.boolean}"
        return f"{len(self.rows)} rows of {', '.join(self.variables)}"


def ordering_variables(query: str) -> tuple[str, ...]:
    """The variables of the query's last ORDER BY clause (none: the order does not matter)."""
    found = _ORDER_BY.findall(query)
    return tuple(_VARIABLE.findall(found[-1])) if found else ()


def canonical(body: bytes, ordered_by: tuple[str, ...] = ()) -> Canonical:
    """A SPARQL JSON results document, canonicalised (raises ValueError when it is not one)."""
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"not SPARQL JSON: {error}") from error
    if not isinstance(document, dict):
        raise ValueError("not SPARQL JSON: not an object")
    if "boolean" in document:
        return Canonical((), (), (), bool(document["boolean"]))
    variables = tuple(sorted(document.get("head", {}).get("vars", [])))
    bindings = document.get("results", {}).get("bindings", [])
    rows = [tuple(_term(binding.get(v)) for v in variables) for binding in bindings]
    positions = [variables.index(v) for v in ordered_by if v in variables]
    order = tuple(tuple(row[i] for i in positions) for row in rows) if positions else ()
    return Canonical(variables, tuple(sorted(rows)), order)


def _term(value: dict[str, str] | None) -> Term:
    """One bound value as (kind, lexical form, datatype, language); unbound is all empty."""
    if value is None:
        return ("", "", "", "")
    kind = value.get("type", "")
    if kind == "bnode":
        return ("bnode", "", "", "")
    if kind in ("literal", "typed-literal"):
        datatype = value.get("datatype", "")
        datatype = "" if datatype == XSD + "string" else datatype
        language = (value.get("xml:lang") or value.get("lang") or "").lower()
        return ("literal", _lexical(value.get("value", ""), datatype), datatype, language)
    return (kind, value.get("value", ""), "", "")


def _lexical(text: str, datatype: str) -> str:
    """Numbers by value (1.0 = 1.00), other literals as written."""
    if datatype not in NUMERIC:
        return text
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    return str(number.normalize()) if number.is_finite() else text


@dataclass
class Reference:
    """The expected answer of each query, and the bodies already found to match it."""

    expected: dict[str, Canonical] = field(default_factory=dict)
    ordering: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _good: set[tuple[str, int]] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def set(self, name: str, query: str, body: bytes) -> Canonical:
        """Record a query's expected answer from a reference server's body."""
        self.ordering[name] = ordering_variables(query)
        answer = canonical(body, self.ordering[name])
        self.expected[name] = answer
        return answer

    def check(self, name: str, body: bytes) -> bool:
        """Whether a body answers the query as the reference does (True when none is known)."""
        if name not in self.expected:
            return True
        key = (name, hash(body))
        with self._lock:
            if key in self._good:
                return True
        try:
            same = canonical(body, self.ordering[name]) == self.expected[name]
        except ValueError:
            return False
        if same:
            with self._lock:
                self._good.add(key)
        return same

    def difference(self, name: str, body: bytes) -> str:
        """What differs, for a failure line."""
        try:
            found = canonical(body, self.ordering[name]).describe()
        except ValueError as error:
            found = str(error)
        return f"expected {self.expected[name].describe()}, got {found}"
