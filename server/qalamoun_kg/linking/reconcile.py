"""The W3C Entity Reconciliation Service API (0.2) as calls on a store: manifest and queries.

The web layer (`qalamoun_kg.web.reconcile`) only turns HTTP parameters into these calls. Entity
ids are resource paths under `https://w3id.org/qalamoun/id/` (`place/arsal`); type ids are the
ontology's classes (`qo:Town`); property ids are listed in `qalamoun_kg.linking.properties`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from qalamoun_kg import __version__
from qalamoun_kg.errors import InputError
from qalamoun_kg.linking.ids import ONTOLOGY_BASE, RESOURCE_BASE, entity_id, qid, type_id
from qalamoun_kg.linking.index import ROOT_CLASSES, Entry, LabelIndex, TypeInfo, index_for
from qalamoun_kg.linking.matching import Candidate, Matcher, decide_match, matcher_for
from qalamoun_kg.linking.normalize import name_keys
from qalamoun_kg.linking.properties import (
    DATE,
    ENTITY,
    POINT,
    TYPE,
    Property,
    Value,
    find_property,
    property_values,
)
from qalamoun_kg.linking.values import date_prefix, lat_lon
from qalamoun_kg.store.base import Store

SERVICE_NAME = "Qalamoun offensive knowledge graph"
DEFAULT_TYPES = (
    "qo:Person",
    "qo:Organization",
    "qo:ArmedGroup",
    "qo:ArmedForce",
    "qo:Place",
    "qo:Settlement",
    "qo:Event",
    "qo:Conflict",
)
DEFAULT_LIMIT = 10
MAX_LIMIT = 100
MAX_QUERIES = 1000
MAX_QUERY_LENGTH = 1000
# Property constraints move a candidate's score: a matching value helps a little, a different
# value a lot (the name alone is then not enough), an unknown value slightly.
CONSTRAINT_MATCH, CONSTRAINT_MISMATCH, CONSTRAINT_UNKNOWN = 5.0, -30.0, -5.0
# The same Wikidata ID is an identifier match: as strong as an exact name on its own.
IDENTIFIER_MATCH = 100.0
COORDINATE_TOLERANCE = 0.1  # degrees, about 10 km
_QUERY_KEYS = frozenset({"query", "type", "limit", "properties", "type_strict"})


@dataclass(frozen=True)
class Constraint:
    """A property constraint of a query: the property and the wanted values."""

    prop: Property
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Query:
    """One reconciliation query."""

    text: str
    types: tuple[str, ...] = ()
    type_strict: str = "any"
    limit: int = DEFAULT_LIMIT
    constraints: tuple[Constraint, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None


def manifest(base_url: str) -> dict[str, Any]:
    """The service manifest, with URLs under `base_url` (the server root, no trailing slash)."""
    service = f"{base_url}/reconcile"
    return {
        "versions": ["0.1", "0.2"],
        "name": SERVICE_NAME,
        "identifierSpace": RESOURCE_BASE,
        "schemaSpace": ONTOLOGY_BASE,
        "serviceVersion": __version__,
        "view": {"url": f"{base_url}/id/{{{{id}}}}"},
        "preview": {"url": f"{service}/preview?id={{{{id}}}}", "width": 430, "height": 180},
        "suggest": {
            "entity": {
                "service_url": service,
                "service_path": "/suggest/entity",
                "flyout_service_path": "/flyout/entity?id=${id}",
            },
            "type": {"service_url": service, "service_path": "/suggest/type"},
            "property": {"service_url": service, "service_path": "/suggest/property"},
        },
        "extend": {
            "propose_properties": {"service_url": service, "service_path": "/propose_properties"},
            "property_settings": [
                {
                    "name": "limit",
                    "label": "Limit",
                    "type": "number",
                    "default": 0,
                    "help_text": "Most values to return for each entity (0 for all).",
                }
            ],
        },
    }


def default_types(store: Store) -> list[dict[str, Any]]:
    """The manifest's default types, as the ontology names them."""
    index = index_for(store)
    return [type_json(index.types[t], index) for t in DEFAULT_TYPES if t in index.types]


def type_json(info: TypeInfo, index: LabelIndex | None = None) -> dict[str, Any]:
    """A type as the API writes it, with its direct broader types when the index is given."""
    found: dict[str, Any] = {"id": info.id, "name": info.name}
    if info.description:
        found["description"] = info.description
    if index is not None and info.broader:
        broader = [index.types[b] for b in info.broader if b in index.types]
        found["broader"] = [type_json(b) for b in broader]
    return found


def parse_batch(text: str) -> dict[str, Query]:
    """The `queries` parameter: a JSON object of queries keyed by the client's names.

    Only a batch that is not such an object fails as a whole; a bad query gets its own error.
    """
    raw = _json(text, "queries")
    if not isinstance(raw, dict):
        raise InputError("queries must be a JSON object of queries keyed by name (q0, q1, …)")
    if len(raw) > MAX_QUERIES:
        raise InputError(f"too many queries in one batch: {len(raw)} (at most {MAX_QUERIES})")
    return {str(key): _parse_or_error(value, str(key)) for key, value in raw.items()}


def _parse_or_error(raw: object, key: str) -> Query:
    """One query of a batch; a malformed one becomes a query that carries its error."""
    try:
        return parse_query(raw, key)
    except InputError as error:
        return Query(text="", error=str(error))


def parse_single(text: str) -> Query:
    """The v0.1 `query` parameter: a plain name or one JSON query object."""
    stripped = text.strip()
    if stripped.startswith("{"):
        return parse_query(_json(stripped, "query"), "query")
    return parse_query({"query": text}, "query")


def parse_query(raw: object, key: str) -> Query:
    """One query object; anything malformed is an `InputError` naming the query."""
    if not isinstance(raw, dict):
        raise InputError(f"query {key}: must be a JSON object with a 'query' string")
    unknown = set(raw) - _QUERY_KEYS
    if unknown:
        raise InputError(f"query {key}: unknown field(s) {', '.join(sorted(unknown))}")
    text = raw.get("query", "")
    if not isinstance(text, str) or len(text) > MAX_QUERY_LENGTH:
        raise InputError(f"query {key}: 'query' must be a string of at most {MAX_QUERY_LENGTH}")
    if "query" not in raw and raw.get("properties") in (None, []):
        raise InputError(f"query {key}: give a 'query' string or 'properties'")
    constraints, warnings = _constraints(raw.get("properties", []), key)
    limit, limit_warnings = _limit(raw.get("limit", DEFAULT_LIMIT), key)
    if not text.strip() and not constraints:
        warnings += ("the query has no name and no usable property: no candidates",)
    return Query(
        text=text,
        types=_types(raw.get("type"), key),
        type_strict=_type_strict(raw.get("type_strict", "any"), key),
        limit=limit,
        constraints=constraints,
        warnings=warnings + limit_warnings,
    )


def _json(text: str, what: str) -> object:
    """Parse a JSON parameter; bad JSON is an `InputError`."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        detail = getattr(error, "msg", "too deeply nested")
        raise InputError(f"{what} is not valid JSON: {detail}") from error


def _types(raw: object, key: str) -> tuple[str, ...]:
    """The type filter: one type id or a list of them."""
    if raw is None:
        return ()
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(t, str) for t in items):
        raise InputError(f"query {key}: 'type' must be a type id or a list of type ids")
    return tuple(type_id(t) for t in items if t.strip())


def _type_strict(raw: object, key: str) -> str:
    """`any`, `all` or `should`."""
    if raw not in ("any", "all", "should"):
        raise InputError(f"query {key}: 'type_strict' must be any, all or should")
    return str(raw)


def _limit(raw: object, key: str) -> tuple[int, tuple[str, ...]]:
    """The candidate limit capped at MAX_LIMIT; below 1 (as `0`) the default, with a warning."""
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise InputError(f"query {key}: 'limit' must be a number")
    if raw < 1:
        return DEFAULT_LIMIT, (f"limit {raw} is below 1: the default {DEFAULT_LIMIT} is used",)
    return min(int(raw), MAX_LIMIT), ()


def _constraints(raw: object, key: str) -> tuple[tuple[Constraint, ...], tuple[str, ...]]:
    """Property constraints ({pid, v}, v a value or a list); unknown properties are warnings."""
    if not isinstance(raw, list):
        raise InputError(f"query {key}: 'properties' must be a list of {{pid, v}} objects")
    found: list[Constraint] = []
    warnings: list[str] = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("pid"), str) or "v" not in item:
            raise InputError(f"query {key}: each property needs a 'pid' string and a 'v' value")
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        checked = tuple(_check_value(values, key))
        try:
            found.append(Constraint(find_property(item["pid"]), checked))
        except InputError as error:
            warnings.append(f"{error} (the property is ignored)")
    return tuple(found), tuple(warnings)


def _check_value(values: Iterable[object], key: str) -> Iterable[object]:
    """Property values: strings, numbers, booleans or {id, name} objects."""
    for value in values:
        if isinstance(value, dict) and not isinstance(value.get("id"), str):
            raise InputError(f"query {key}: an object property value needs an 'id' string")
        if not isinstance(value, str | int | float | bool | dict):
            raise InputError(f"query {key}: unsupported property value {value!r}")
        yield value


def reconcile(store: Store, queries: Mapping[str, Query]) -> dict[str, Any]:
    """Answer a batch: for each query key, `{"result": [candidate, …]}` (and its warnings).

    A query that could not be read answers `{"result": [], "error": "…"}`: the others still run.
    """
    index = index_for(store)
    matcher = matcher_for(index)
    return {key: answer(store, matcher, query) for key, query in queries.items()}


def answer(store: Store, matcher: Matcher, query: Query) -> dict[str, Any]:
    """The answer to one query of a batch."""
    if query.error is not None:
        return {"result": [], "error": query.error}
    found, warnings = run_query(store, matcher, query)
    result: dict[str, Any] = {"result": [candidate_json(c, matcher.index) for c in found]}
    if query.warnings or warnings:
        result["warnings"] = [*query.warnings, *warnings]
    return result


def run_query(store: Store, matcher: Matcher, query: Query) -> tuple[list[Candidate], list[str]]:
    """The ranked candidates of one query, property constraints applied, and any warnings."""
    pool = MAX_LIMIT if query.constraints else query.limit
    if query.text.strip():
        found = matcher.search(
            query.text, types=query.types, type_strict=query.type_strict, limit=pool
        )
    elif query.constraints:
        found = _all_of_types(matcher.index, query.types)
    else:
        return [], []
    warnings: list[str] = []
    if query.constraints:
        found = _constrain(store, matcher, found, query.constraints, warnings)
    return found[: query.limit], warnings


def _all_of_types(index: LabelIndex, types: Sequence[str]) -> list[Candidate]:
    """Every entity of the types, unscored, for a query by properties alone."""
    wanted = set(types)
    entries = [e for e in index.entries.values() if not wanted or wanted & e.all_types]
    return [Candidate(e, 0.0, e.name, "properties only") for e in entries]


def _constrain(
    store: Store,
    matcher: Matcher,
    found: list[Candidate],
    constraints: Sequence[Constraint],
    warnings: list[str],
) -> list[Candidate]:
    """Re-score candidates by their property values, re-rank, and decide the auto-match again.

    Values the service cannot read are left out (a warning says so) rather than counted against.
    """
    ids = [c.entry.id for c in found]
    adjusted = {c.entry.id: c.score for c in found}
    for constraint in constraints:
        readable = _readable(matcher, constraint, warnings)
        if not readable.values:
            continue
        values = property_values(store, constraint.prop, ids)
        for candidate in found:
            delta = _constraint_delta(
                matcher, readable, candidate.entry, values[candidate.entry.id]
            )
            adjusted[candidate.entry.id] += delta
    rescored = [
        replace(c, score=round(min(max(adjusted[c.entry.id], 0.0), 100.0), 1), match=False)
        for c in found
    ]
    rescored.sort(key=lambda c: (-c.score, c.entry.name, c.entry.id))
    return decide_match(rescored)


def _readable(matcher: Matcher, constraint: Constraint, warnings: list[str]) -> Constraint:
    """The constraint with only the values the service can read, in their normal form."""
    kept: list[object] = []
    for value in constraint.values:
        normal = _normal_value(matcher.index, constraint.prop, value)
        if normal is None:
            warnings.append(
                f"{constraint.prop.id}: cannot read {_value_text(value)!r} as a "
                f"{_KIND_WORDS.get(constraint.prop.kind, 'value')}; it is ignored"
            )
        else:
            kept.append(normal)
    return replace(constraint, values=tuple(kept))


_KIND_WORDS = {DATE: "date", POINT: "point", TYPE: "type of the ontology"}


def _normal_value(index: LabelIndex, prop: Property, value: object) -> object | None:
    """A query value as the comparisons want it, or None when it cannot be read."""
    if isinstance(value, dict):
        return value
    text = _value_text(value).strip()
    if prop.kind == DATE:
        return date_prefix(text)
    if prop.kind == POINT:
        point = lat_lon(text)
        return f"{point[0]},{point[1]}" if point else None
    if prop.kind == TYPE:
        return _known_type(index, text)
    if prop.id == "owl:sameAs":
        return qid(text)
    return text or None


def _known_type(index: LabelIndex, text: str) -> str | None:
    """A class of the ontology named by id, IRI or English label ("village"); else None."""
    if not text:
        return None
    wanted = type_id(text)
    if wanted in index.types:
        return wanted
    folded = text.casefold()
    return next((t.id for t in index.types.values() if t.name.casefold() == folded), None)


def _constraint_delta(
    matcher: Matcher, constraint: Constraint, entry: Entry, values: list[Value]
) -> float:
    """How a constraint (of readable values) moves one candidate's score."""
    if constraint.prop.kind == TYPE:
        wanted = {str(_value_text(v)) for v in constraint.values}
        if wanted & entry.all_types:
            return CONSTRAINT_MATCH
        return 0.0 if _close_kinds(matcher.index, wanted, entry) else CONSTRAINT_MISMATCH
    if not values:
        return CONSTRAINT_UNKNOWN
    hit = any(_same(matcher, constraint.prop, w, v) for w in constraint.values for v in values)
    if hit and constraint.prop.id == "owl:sameAs":
        return IDENTIFIER_MATCH
    return CONSTRAINT_MATCH if hit else CONSTRAINT_MISMATCH


def _close_kinds(index: LabelIndex, wanted: set[str], entry: Entry) -> bool:
    """Whether a wanted class is a sibling of the entity's (a village for a town: both
    settlements), which is a near miss rather than a disagreement."""
    parents = {b for t in wanted if t in index.types for b in index.types[t].broader}
    return bool((parents - _ROOT_TYPES) & entry.all_types)


_ROOT_TYPES = frozenset(f"qo:{name}" for name in ROOT_CLASSES)


def _value_text(value: object) -> str:
    """The text of a query value (an object's id)."""
    if isinstance(value, dict):
        return str(value.get("id", ""))
    return str(value).lower() if isinstance(value, bool) else str(value)


def _same(matcher: Matcher, prop: Property, wanted: object, value: Value) -> bool:
    """Whether a wanted value (from the query) agrees with a stored value."""
    text = _value_text(wanted).strip()
    if prop.kind == ENTITY and value.id is not None:
        return _same_entity(matcher, wanted, text, value.id)
    if prop.kind == DATE:
        return bool(text) and value.text.startswith(text)
    if prop.kind == POINT:
        return _near(text, value.text)
    if prop.id == "owl:sameAs":
        return qid(text) is not None and qid(text) == value.text
    return name_keys(text).phonetic == name_keys(value.text).phonetic


def _same_entity(matcher: Matcher, wanted: object, text: str, value_id: str) -> bool:
    """An entity value given by id, Wikidata ID or a name that auto-matches it."""
    if entity_id(text) == value_id:
        return True
    entry = matcher.index.get(value_id)
    if entry is not None and qid(text) is not None and qid(text) in entry.wikidata:
        return True
    name = str(wanted.get("name", "")) if isinstance(wanted, dict) else text
    best = matcher.search(name, limit=1) if name else []
    return bool(best) and best[0].match and best[0].entry.id == value_id


def _near(wanted: str, stored: str) -> bool:
    """Two 'lat,lon' points within COORDINATE_TOLERANCE degrees."""
    try:
        lat1, lon1 = (float(part) for part in wanted.split(","))
        lat2, lon2 = (float(part) for part in stored.split(","))
    except ValueError:
        return False
    return abs(lat1 - lat2) <= COORDINATE_TOLERANCE and abs(lon1 - lon2) <= COORDINATE_TOLERANCE


def candidate_json(candidate: Candidate, index: LabelIndex) -> dict[str, Any]:
    """A candidate as the API writes it: id, name, description, score, match, types."""
    entry = candidate.entry
    found: dict[str, Any] = {
        "id": entry.id,
        "name": entry.name,
        "score": candidate.score,
        "match": candidate.match,
        "type": entity_types(entry, index),
    }
    if entry.description:
        found["description"] = entry.description
    return found


def entity_types(entry: Entry, index: LabelIndex) -> list[dict[str, str]]:
    """The entity's asserted classes as `{id, name}`."""
    return [
        {"id": t, "name": index.types[t].name if t in index.types else t}
        for t in sorted(entry.direct_types)
    ]
