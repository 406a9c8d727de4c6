"""Properties of the reconciliation service: what data extension returns and queries may constrain.

Ids are the graph's own property names (`qo:inCountry`); the Wikidata property each one aligns to
(`P17`) and a plain word (`country`) are accepted as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, QuerySolutions

from qalamoun_kg.errors import InputError
from qalamoun_kg.linking.ids import WIKIDATA_ENTITY, entity_id, entity_iri, type_id
from qalamoun_kg.store.base import Store

ENTITY, TEXT, DATE, POINT, TYPE = "entity", "str", "date", "point", "type"
_WKT_POINT = re.compile(r"POINT\s*\(\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s*\)", re.IGNORECASE)


@dataclass(frozen=True)
class Property:
    """A property: id, name, description, accepted aliases, the types it suits, how to read it."""

    id: str
    name: str
    description: str
    aliases: tuple[str, ...]
    kinds: tuple[str, ...]
    kind: str
    pattern: str


PROPERTIES: tuple[Property, ...] = (
    Property(
        "owl:sameAs",
        "Wikidata ID",
        "The Wikidata item this entity is the same as (owl:sameAs), e.g. Q822.",
        ("wikidata", "P2888"),
        (),
        TEXT,
        f'?s owl:sameAs ?value FILTER(STRSTARTS(STR(?value), "{WIKIDATA_ENTITY}"))',
    ),
    Property(
        "qo:inCountry",
        "country",
        "The country a place lies in (or spans), an organisation belongs to, an event happened in.",
        ("P17", "country", "wdt:P17"),
        (),
        ENTITY,
        """{ ?s qo:inCountry|qo:spansCountry ?value }
        UNION { ?s qo:locatedIn+/qo:inCountry ?value }
        UNION { ?s qo:armedForceOf|qo:basedIn ?value . ?value a qo:Country }
        UNION { ?s qo:place/(qo:inCountry|qo:spansCountry) ?value }
        UNION { ?s a qo:Country . BIND(?s AS ?value) }""",
    ),
    Property(
        "geo:asWKT",
        "coordinates",
        "Latitude and longitude of the place's reference point, as 'lat,lon'.",
        ("P625", "coordinates", "wdt:P625", "geo:hasGeometry"),
        ("qo:Place",),
        POINT,
        "?s geo:hasGeometry/geo:asWKT ?value",
    ),
    Property(
        "qo:startDate",
        "start date",
        "The first day of an event (or the earliest day the article allows).",
        ("P580", "start", "wdt:P580"),
        ("qo:Event",),
        DATE,
        "?s qo:startDate ?value",
    ),
    Property(
        "qo:endDate",
        "end date",
        "The last day of an event (or the latest day the article allows).",
        ("P582", "end", "wdt:P582"),
        ("qo:Event",),
        DATE,
        "?s qo:endDate ?value",
    ),
    Property(
        "rdf:type",
        "type",
        "The classes of the ontology the entity belongs to.",
        ("P31", "type", "wdt:P31", "a"),
        (),
        TYPE,
        "?s a ?value FILTER(STRSTARTS(STR(?value), STR(qo:)))",
    ),
    Property(
        "skos:altLabel",
        "other names",
        "Other names and spellings of the entity.",
        ("altLabel", "aliases", "alias"),
        (),
        TEXT,
        "?s skos:altLabel ?value",
    ),
    Property(
        "rdfs:label@ar",
        "Arabic name",
        "The entity's name in Arabic script, where known.",
        ("label_ar", "arabic"),
        (),
        TEXT,
        '?s rdfs:label ?value FILTER(LANGMATCHES(LANG(?value), "ar"))',
    ),
)
_BY_NAME = {key.lower(): prop for prop in PROPERTIES for key in (prop.id, prop.name, *prop.aliases)}


@dataclass(frozen=True)
class Value:
    """One value of a property: an entity (id and name) or a literal in its extension form."""

    id: str | None
    text: str
    kind: str


def find_property(pid: str) -> Property:
    """The property an id or alias names; an unknown one is an `InputError`."""
    prop = _BY_NAME.get(pid.strip().lower())
    if prop is None:
        known = ", ".join(prop.id for prop in PROPERTIES)
        raise InputError(f"unknown property {pid!r}; known properties: {known}")
    return prop


def property_values(
    store: Store, prop: Property, entities: Sequence[str]
) -> dict[str, list[Value]]:
    """The values of a property for some entities (by id), in one query."""
    values: dict[str, list[Value]] = {entity_id(e): [] for e in entities}
    nodes = [node for node in (_node(entity_iri(e)) for e in values) if node is not None]
    if not nodes:
        return values
    subjects = " ".join(str(node) for node in nodes)
    sparql = f"""SELECT DISTINCT ?s ?value ?name WHERE {{
      VALUES ?s {{ {subjects} }} {prop.pattern}
      OPTIONAL {{ ?value rdfs:label ?name FILTER(LANGMATCHES(LANG(?name), "en")) }}
    }} ORDER BY ?s ?value"""
    result = store.query(sparql)
    if not isinstance(result, QuerySolutions):
        raise TypeError("property queries are SELECT queries")
    for solution in result:
        subject, value, name = solution["s"], solution["value"], solution["name"]
        if isinstance(subject, NamedNode) and isinstance(value, NamedNode | Literal):
            label = name.value if isinstance(name, Literal) else None
            values[entity_id(subject.value)].append(_value(prop, value, label))
    return values


def _node(iri: str) -> NamedNode | None:
    """The IRI as a node, or None if it is no valid IRI (then no entity has it)."""
    try:
        node = NamedNode(iri)
        str(node).encode("utf-8")
    except (ValueError, UnicodeEncodeError):
        return None
    return node


def _value(prop: Property, term: NamedNode | Literal, label: str | None) -> Value:
    """A stored term as a property value."""
    if prop.kind == ENTITY and isinstance(term, NamedNode):
        return Value(entity_id(term.value), label or entity_id(term.value), ENTITY)
    if prop.kind == TYPE and isinstance(term, NamedNode):
        return Value(type_id(term.value), label or type_id(term.value), TYPE)
    if prop.kind == POINT:
        return Value(None, wkt_lat_lon(term.value) or term.value, POINT)
    if prop.id == "owl:sameAs":
        return Value(None, term.value.removeprefix(WIKIDATA_ENTITY), TEXT)
    return Value(None, term.value, prop.kind)


def wkt_lat_lon(wkt: str) -> str | None:
    """'lat,lon' from a WKT point (which is written lon lat)."""
    found = _WKT_POINT.search(wkt)
    return f"{found.group(2)},{found.group(1)}" if found else None


def applies_to(prop: Property, types: Iterable[str]) -> bool:
    """Whether a property suits an entity (or a query) of these types."""
    return not prop.kinds or bool(set(prop.kinds) & {type_id(t) for t in types})
