"""Check every Wikidata link of the graph against Wikidata: the item exists, its English label or
an alias matches one of our names (with the matcher), and its "instance of" fits our kind."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode, QuerySolutions

from qalamoun_kg.linking.ids import WIKIDATA_ENTITY, entity_id, qid
from qalamoun_kg.linking.index import Entry, LabelIndex, index_for, small_index
from qalamoun_kg.linking.kinds import fits, kind_of
from qalamoun_kg.linking.link import class_labels
from qalamoun_kg.linking.matching import MATCH_SCORE, Matcher
from qalamoun_kg.linking.wikidata import Item, WikidataClient
from qalamoun_kg.store.base import Store

LINKS_QUERY = f"""
SELECT DISTINCT ?s ?item WHERE {{
  ?s owl:sameAs ?item FILTER(isIRI(?s) && STRSTARTS(STR(?item), "{WIKIDATA_ENTITY}"))
}} ORDER BY ?s ?item"""


@dataclass(frozen=True)
class Check:
    """The verdict on one link: the entity, the item, Wikidata's label, and any problems."""

    entity: str
    name: str
    qid: str
    wikidata_label: str
    problems: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether label and type agree."""
        return not self.problems


def graph_links(store: Store) -> list[tuple[str, str]]:
    """Every (entity IRI, Q-number) pair the graph states with `owl:sameAs`."""
    result = store.query(LINKS_QUERY)
    if not isinstance(result, QuerySolutions):
        raise TypeError("the links query is a SELECT query")
    pairs: list[tuple[str, str]] = []
    for solution in result:
        subject, item = solution["s"], solution["item"]
        number = qid(item.value) if isinstance(item, NamedNode) else None
        if isinstance(subject, NamedNode) and number:
            pairs.append((subject.value, number))
    return pairs


def verify_links(store: Store, client: WikidataClient) -> list[Check]:
    """Check each link of the graph; the API is asked once per 50 items, plus their classes."""
    index = index_for(store)
    links = graph_links(store)
    items = client.entities(number for _iri, number in links)
    classes = class_labels(client, (item for item in items.values() if not item.missing))
    return [check_link(index, iri, number, items.get(number), classes) for iri, number in links]


def check_link(
    index: LabelIndex, iri: str, number: str, item: Item | None, classes: dict[str, str]
) -> Check:
    """The verdict on one link."""
    entry = index.get(iri)
    name = entry.name if entry is not None else entity_id(iri)
    if item is None or item.missing:
        return Check(entity_id(iri), name, number, "", (f"{number} does not exist on Wikidata",))
    if entry is None:
        note = "the entity is not an actor, place, event or conflict: label and type not compared"
        return Check(entity_id(iri), name, number, item.label, (), (note,))
    problems = [*_label_problems(index, entry, item), *_type_problems(entry, item, classes)]
    notes = () if item.instance_of else ("the item has no instance-of (P31) statement",)
    return Check(entry.id, name, number, item.label, tuple(problems), notes)


def _label_problems(index: LabelIndex, entry: Entry, item: Item) -> list[str]:
    """A problem when no Wikidata label or alias matches any of our names well enough."""
    matcher = Matcher(small_index([entry], index.types))
    best = max(
        (found.score for name in item.names() for found in matcher.search(name, limit=1)),
        default=0.0,
    )
    if best >= MATCH_SCORE:
        return []
    return [
        f'Wikidata\'s label "{item.label}" does not match our names '
        f"({'; '.join(n.text for n in entry.names)}); best score {best:g}"
    ]


def _type_problems(entry: Entry, item: Item, classes: dict[str, str]) -> list[str]:
    """A problem when the item's classes do not fit the kind of our entity."""
    kind = kind_of(entry.all_types)
    labels = [classes.get(cls, cls) for cls in item.instance_of]
    if kind is None or not labels or fits(kind, labels):
        return []
    return [f"instance of {', '.join(labels)}: does not fit the kind {kind.name!r}"]
