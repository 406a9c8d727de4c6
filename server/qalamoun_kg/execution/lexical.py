"""The code of a SPARQL text without its strings and comments, read as the grammar reads it;
and the nesting limit that keeps a parser's recursion off the end of its stack."""

from __future__ import annotations

import re

from qalamoun_kg.errors import QueryError

# An IRI or an escaped character of a prefixed name is kept whole (a '#' or a quote inside it
# starts no comment or string); strings and comments (ending at CR as well as LF) are blanked.
_IRIREF = r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>"
_SCAN = re.compile(
    rf"(?P<kept>{_IRIREF}|\\.)"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|#[^\n\r]*",
    re.DOTALL,
)
# Oxigraph's parsers and evaluator recurse once per level of the syntax tree: about 5,000
# nested brackets or 10,000 operators in one chain overflow a thread's stack and kill the
# process. No real query comes near this limit.
MAX_NESTING = 500
_NAME_CHAR = r"(?:[\w:%]|\\.|[^\x00-\x7f])"
_NAME = rf"{_NAME_CHAR}(?:{_NAME_CHAR}|-|\.(?=[\w\-:%\\]|[^\x00-\x7f]))*"
# Keywords whose repetition in one group nests the algebra (left joins, unions, filters).
_CHAINING = "union|minus|optional|filter|bind|graph|service|values|exists|in"
_PLAIN_IRI = r"<[^<>\"{}|^`\\\x00-\x20&!=+*/\-()]*>"
_TOKEN = re.compile(
    rf"(?P<open><<\(?|[{{(\[])"
    rf"|(?P<close>\)>>|>>|[}})\]])"
    rf"|(?P<skip>(?:\s+|{_PLAIN_IRI}|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?|[?$][\w\u00b7]+"
    rf"|(?!(?i:{_CHAINING})(?![\w:%\\\-]|\.\w)){_NAME})+)"
    rf"|(?P<iri>{_IRIREF})"
    r"|(?P<sep>[.,;])"
    rf"|(?P<chain>{_NAME})"
    r"|(?P<op>\|\||&&|!=|<=|>=|[|^!=<>*+/\-?&])"
    r"|\S",
    re.DOTALL,
)
_QUOTES = re.compile(rf"{_IRIREF}|<<\(?|\)?>>")
_IRI_OPERATORS = re.compile(r"&&|[|^!=+*/\-&()]")


def code(sparql: str) -> str:
    """The text with every string and comment replaced by a space."""
    return _SCAN.sub(lambda match: match.group("kept") or " ", sparql)


def blanked(sparql: str) -> str:
    """The text with every string and comment blanked in place (positions kept)."""
    return _SCAN.sub(lambda match: match.group("kept") or _spaces(match.group()), sparql)


def _spaces(text: str) -> str:
    """As many spaces as text has characters, keeping its line breaks."""
    return re.sub(r"[^\n\r]", " ", text)


def nesting(text: str) -> int:
    """How deep the syntax tree of a SPARQL or Turtle text can be, over-estimated: each bracket
    or quoted triple is a level, and so is each operator of a chain (reset at `.`, `,` and `;`)
    and each UNION, OPTIONAL, FILTER … of a group. Operators hidden in what reads as an IRI
    (`1<2&&3>4`) count too, for that token."""
    levels = [[0, 0, 0]]  # per open bracket: depth at its start, chaining keywords, operators
    deepest = 0
    for match in _TOKEN.finditer(code(text)):
        level = levels[-1]
        kind, token = match.lastgroup, match.group()
        extra = 0
        if kind == "open":
            levels.append([sum(level) + 1, 0, 0])
        elif kind == "close":
            if len(levels) > 1:
                levels.pop()
        elif kind == "sep":
            level[2] = 0
        elif kind == "op":
            level[2] += 1
        elif kind == "chain":
            level[1] += 1
        elif kind == "iri":
            extra = len(_IRI_OPERATORS.findall(token))
        elif kind == "skip":
            continue
        deepest = max(deepest, sum(levels[-1]) + extra)
    return deepest


def quoted_nesting(text: str) -> int:
    """How deep quoted triples (`<< … >>`, `<<( … )>>`) nest in a Turtle-family text."""
    depth = deepest = 0
    for match in _QUOTES.finditer(code(text)):
        token = match.group()
        if token.startswith("<<"):
            depth += 1
            deepest = max(deepest, depth)
        elif not token.startswith("<") and depth:
            depth -= 1
    return deepest


def check_nesting(sparql: str, what: str = "query") -> None:
    """Raise `QueryError` when the text nests deeper than MAX_NESTING (see `nesting`)."""
    deepest = nesting(sparql)
    if deepest > MAX_NESTING:
        raise QueryError(
            f"the {what} nests {deepest} levels deep (brackets, operator chains, UNION or "
            f"OPTIONAL chains, quoted triples); at most {MAX_NESTING}"
        )


_DECLARATIONS = re.compile(
    r"(?:\s*(?:PREFIX\s+(?:[A-Za-z][\w\-.]*)?:\s*<[^<>\s]*>|BASE\s*<[^<>\s]*>))*", re.IGNORECASE
)


def split_prologue(sparql: str) -> tuple[str, str]:
    """The leading PREFIX and BASE declarations (comments included), and the rest of the text."""
    end = _DECLARATIONS.match(blanked(sparql))
    position = end.end() if end else 0
    return sparql[:position], sparql[position:]


def outer_blocks(code: str) -> list[tuple[int, int]]:
    """(open, close) positions of each outermost brace pair of blanked code; [] if unbalanced."""
    found: list[tuple[int, int]] = []
    depth = opened = 0
    for match in re.finditer(r"[{}]", code):
        if match.group() == "{":
            opened = match.start() if depth == 0 else opened
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return []
            if depth == 0:
                found.append((opened, match.start()))
    return found if depth == 0 else []
