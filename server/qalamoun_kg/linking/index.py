"""The label index: every actor, place, event and conflict of the store with its names and types.

Built with SPARQL from `rdfs:label`, `skos:altLabel`, `rdf:type` (closed over the ontology's
`rdfs:subClassOf`) and `owl:sameAs`; cached per store and rebuilt when a hash of those triples,
computed by the store itself, changes.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, QuerySolutions

from qalamoun_kg.linking.exonyms import exonym_rows
from qalamoun_kg.linking.ids import WIKIDATA_ENTITY, entity_id, type_id
from qalamoun_kg.linking.normalize import NameKeys, acronym, name_keys
from qalamoun_kg.store.base import Store

# Kinds of resource that people link to outside identifiers; claims, citations, sections and
# geometries have labels too but are not things a spreadsheet names.
ROOT_CLASSES = ("Actor", "Place", "Event", "Conflict")
MAX_ACRONYM = 6

_NAMED = f"""
{{ ?s rdfs:label ?label BIND(true AS ?preferred) }}
UNION {{ ?s skos:altLabel ?label BIND(false AS ?preferred) }}
?s a ?class . ?class rdfs:subClassOf* ?root .
VALUES ?root {{ {" ".join(f"qo:{name}" for name in ROOT_CLASSES)} }}
FILTER(isIRI(?s) && isLiteral(?label))
"""
LABELS_QUERY = f"SELECT DISTINCT ?s ?label ?preferred WHERE {{ {_NAMED} }}"
TYPES_QUERY = """
SELECT DISTINCT ?s ?type ?direct WHERE {
  { ?s a ?type BIND(true AS ?direct) } UNION { ?s a/rdfs:subClassOf+ ?type BIND(false AS ?direct) }
  FILTER(isIRI(?s) && isIRI(?type) && STRSTARTS(STR(?type), STR(qo:)))
}"""
SUMMARY_QUERY = """
SELECT ?s (SAMPLE(?text) AS ?summary) WHERE {
  ?s qo:summary ?text FILTER(isIRI(?s) && LANGMATCHES(LANG(?text), "en"))
} GROUP BY ?s"""
SAME_AS_QUERY = f"""
SELECT DISTINCT ?s ?wd WHERE {{
  ?s owl:sameAs ?wd FILTER(isIRI(?s) && STRSTARTS(STR(?wd), "{WIKIDATA_ENTITY}"))
}}"""
CLASSES_QUERY = """
SELECT ?class (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?comment) (GROUP_CONCAT(STR(?super)) AS ?supers)
WHERE {
  ?class a owl:Class . FILTER(STRSTARTS(STR(?class), STR(qo:)))
  OPTIONAL { ?class rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), "en")) }
  OPTIONAL { ?class rdfs:comment ?c FILTER(LANGMATCHES(LANG(?c), "en")) }
  OPTIONAL { ?class rdfs:subClassOf ?super FILTER(STRSTARTS(STR(?super), STR(qo:))) }
} GROUP BY ?class"""
# One hash over everything the index is built from, computed inside the store.
FINGERPRINT_QUERY = """
SELECT (MD5(GROUP_CONCAT(
          MD5(CONCAT(STR(?s), " ", STR(?p), " ", STR(?o), " ", COALESCE(LANG(?o), "")));
          separator="")) AS ?hash)
       (COUNT(*) AS ?count)
WHERE {
  VALUES ?p { rdfs:label skos:altLabel rdf:type owl:sameAs rdfs:subClassOf qo:summary }
  ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o))
}"""


@dataclass(frozen=True)
class Name:
    """One name of an entity: its text, language, whether preferred, and its match keys."""

    text: str
    language: str
    preferred: bool
    keys: NameKeys


@dataclass
class Entry:
    """An entity that can be reconciled: id, IRI, English name, all names, types, Wikidata IDs."""

    id: str
    iri: str
    name: str = ""
    names: list[Name] = field(default_factory=list)
    direct_types: set[str] = field(default_factory=set)
    all_types: set[str] = field(default_factory=set)
    wikidata: list[str] = field(default_factory=list)
    acronyms: set[str] = field(default_factory=set)
    description: str = ""


@dataclass(frozen=True)
class TypeInfo:
    """A class of the ontology as a reconciliation type."""

    id: str
    iri: str
    name: str
    description: str
    broader: tuple[str, ...]


@dataclass(eq=False)
class LabelIndex:
    """All entries by id, the ontology's classes by type id, and how often each word occurs."""

    entries: dict[str, Entry]
    types: dict[str, TypeInfo]
    word_counts: dict[str, int]
    fingerprint: str = ""

    def get(self, entity: str) -> Entry | None:
        """The entry for an id (`place/arsal`), a `qr:` name or a full IRI."""
        return self.entries.get(entity_id(entity))


def build_index(store: Store, fingerprint: str = "") -> LabelIndex:
    """Query the store for names, types, summaries and Wikidata links and build the index."""
    entries: dict[str, Entry] = {}
    for subject, label, preferred in _rows(store, LABELS_QUERY, 3):
        if isinstance(label, Literal):
            add_name(
                _entry(entries, subject), label.value, label.language, preferred.value == "true"
            )
    for subject, type_node, direct in _rows(store, TYPES_QUERY, 3):
        _add_type(entries.get(entity_id(subject.value)), type_node, direct.value == "true")
    for subject, summary in _rows(store, SUMMARY_QUERY, 2):
        _set_description(entries.get(entity_id(subject.value)), summary)
    for subject, item in _rows(store, SAME_AS_QUERY, 2):
        _add_wikidata(entries.get(entity_id(subject.value)), item)
    add_exonyms(entries)
    return LabelIndex(entries, _types(store), word_counts(entries.values()), fingerprint)


def _rows(store: Store, sparql: str, width: int) -> Iterator[tuple[NamedNode | Literal, ...]]:
    """The solutions of a SELECT as tuples of IRIs and literals (rows with other cells skipped)."""
    result = store.query(sparql)
    if not isinstance(result, QuerySolutions):
        raise TypeError("the index queries are SELECT queries")
    for solution in result:
        row = [solution[index] for index in range(width)]
        cells = [term for term in row if isinstance(term, NamedNode | Literal)]
        if len(cells) == width:
            yield tuple(cells)


def _entry(entries: dict[str, Entry], subject: NamedNode | Literal) -> Entry:
    """The entry of a subject, created on first sight."""
    key = entity_id(subject.value)
    if key not in entries:
        entries[key] = Entry(id=key, iri=subject.value)
    return entries[key]


def add_name(entry: Entry, text: str, language: str | None, preferred: bool) -> None:
    """Record one name; the English preferred label (else any preferred one) is the name."""
    entry.names.append(Name(text, language or "", preferred, name_keys(text)))
    if not entry.name or (preferred and language == "en"):
        entry.name = text
    initials = acronym(text)
    if initials and len(initials) <= MAX_ACRONYM:
        entry.acronyms.add(initials)


def add_exonyms(entries: Mapping[str, Entry]) -> None:
    """Give each entity of the shipped exonym list its other names (others are skipped)."""
    for entity, name, language in exonym_rows():
        entry = entries.get(entity)
        if entry is not None and all(known.text != name for known in entry.names):
            add_name(entry, name, language, preferred=False)


def make_entry(
    key: str,
    iri: str,
    names: Iterable[tuple[str, bool]],
    classes: Iterable[str],
    types: Mapping[str, TypeInfo],
) -> Entry:
    """An entry built from (name, preferred) pairs and classes (closed over `types`)."""
    entry = Entry(id=key, iri=iri)
    for text, preferred in names:
        add_name(entry, text, "en", preferred)
    entry.direct_types = set(classes)
    for name in entry.direct_types:
        entry.all_types |= ancestors(name, types)
    return entry


def small_index(entries: Iterable[Entry], types: Mapping[str, TypeInfo]) -> LabelIndex:
    """A label index over given entries (Wikidata items, one entity), not over a store."""
    chosen = {entry.id: entry for entry in entries}
    return LabelIndex(chosen, dict(types), word_counts(chosen.values()))


def _add_type(entry: Entry | None, type_node: NamedNode | Literal, direct: bool) -> None:
    """Record a class of the entity (asserted, or a superclass of one)."""
    if entry is not None:
        entry.all_types.add(type_id(type_node.value))
        if direct:
            entry.direct_types.add(type_id(type_node.value))


def _set_description(entry: Entry | None, summary: NamedNode | Literal) -> None:
    """Use the English summary as the entity's description."""
    if entry is not None:
        entry.description = summary.value


def _add_wikidata(entry: Entry | None, item: NamedNode | Literal) -> None:
    """Record a Wikidata item the entity is `owl:sameAs`."""
    number = item.value.removeprefix(WIKIDATA_ENTITY)
    if entry is not None and number not in entry.wikidata:
        entry.wikidata.append(number)


def _types(store: Store) -> dict[str, TypeInfo]:
    """The ontology's classes with English labels, comments and direct superclasses."""
    types: dict[str, TypeInfo] = {}
    result = store.query(CLASSES_QUERY)
    assert isinstance(result, QuerySolutions)
    for solution in result:
        iri = solution["class"]
        label, comment, supers = solution["label"], solution["comment"], solution["supers"]
        if not isinstance(iri, NamedNode):
            continue
        key = type_id(iri.value)
        types[key] = TypeInfo(
            id=key,
            iri=iri.value,
            name=label.value if isinstance(label, Literal) else key,
            description=comment.value if isinstance(comment, Literal) else "",
            broader=tuple(type_id(s) for s in supers.value.split()) if supers else (),
        )
    return types


def word_counts(entries: Iterable[Entry]) -> dict[str, int]:
    """In how many entities each phonetic word occurs (for weighting partial matches)."""
    counts: dict[str, int] = {}
    for entry in entries:
        seen = {word for name in entry.names for word in name.keys.phonetic_tokens}
        for word in seen:
            counts[word] = counts.get(word, 0) + 1
    return counts


def ancestors(type_name: str, types: Mapping[str, TypeInfo]) -> set[str]:
    """A class and all its superclasses in the ontology."""
    seen: set[str] = set()
    todo = [type_name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            info = types.get(current)
            todo.extend(info.broader if info else ())
    return seen


def fingerprint(store: Store) -> str:
    """A hash of the triples the index is built from, computed by the store."""
    result = store.query(FINGERPRINT_QUERY)
    assert isinstance(result, QuerySolutions)
    for solution in result:
        digest, count = solution["hash"], solution["count"]
        return f"{digest.value if digest else ''}:{count.value if count else 0}"
    return ""


class IndexCache:
    """One index per store, rebuilt only when the store's fingerprint changes."""

    def __init__(self) -> None:
        self._indexes: weakref.WeakKeyDictionary[Store, LabelIndex] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def get(self, store: Store) -> LabelIndex:
        """The up-to-date index of a store."""
        current = fingerprint(store)
        with self._lock:
            cached = self._indexes.get(store)
            if cached is not None and cached.fingerprint == current:
                return cached
        index = build_index(store, current)
        with self._lock:
            self._indexes[store] = index
        return index


_CACHE = IndexCache()


def index_for(store: Store) -> LabelIndex:
    """The shared, cached index of a store."""
    return _CACHE.get(store)
