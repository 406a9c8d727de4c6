"""Propose Wikidata IDs for names or for the entities of a file of new triples.

Three sources, each giving a score (0–100, as in `matching`) and a reason: (a) the graph's own
`owl:sameAs` links of entities whose names match, (b) the shipped offline list of checked items,
(c) only when a client is given, Wikidata's search API checked with `wbgetentities` (labels,
aliases, and "instance of" against the entity's kind).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode, Triple

from qalamoun_kg.linking.ids import WIKIDATA_ENTITY, entity_id, qid, type_id, wikidata_iri
from qalamoun_kg.linking.index import (
    ROOT_CLASSES,
    Entry,
    LabelIndex,
    ancestors,
    make_entry,
    small_index,
)
from qalamoun_kg.linking.kinds import Kind, compatible, fits, kind_of
from qalamoun_kg.linking.matching import MATCH_MARGIN, MATCH_SCORE, Candidate, matcher_for
from qalamoun_kg.linking.normalize import is_arabic
from qalamoun_kg.linking.offline import offline_index
from qalamoun_kg.linking.wikidata import Item, WikidataClient
from qalamoun_kg.namespaces import OWL, RDF, RDFS, SKOS, USER_GRAPH
from qalamoun_kg.store.base import Store

if TYPE_CHECKING:
    from qalamoun_kg.validation import ValidationReport

TYPE_MISMATCH_PENALTY = 30.0
SEARCH_NAMES = 3  # names of one entity looked up online, to bound the API calls
SEARCH_LIMIT = 7
_NAME_PREDICATES = {str(RDFS.label): True, str(SKOS.altLabel): False}
# Unnamed sources may not be identified with anything (shapes: UnnamedSource-sameAs).
_NEVER_LINKED = "qo:UnnamedSource"


@dataclass(frozen=True)
class Target:
    """Something to link: its IRI (if known), names, classes (closed) and existing links."""

    iri: str | None
    names: tuple[str, ...]
    types: frozenset[str] = frozenset()
    linked: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How the target is shown: its id and first name."""
        shown = f'"{self.names[0]}"' if self.names else "(no name)"
        return f"{entity_id(self.iri)} {shown}" if self.iri else shown


@dataclass(frozen=True)
class Proposal:
    """A proposed Wikidata item with its score, sources and reasons, and the auto-match flag."""

    qid: str
    label: str
    score: float
    sources: tuple[str, ...]
    reasons: tuple[str, ...]
    match: bool = False


class Linker:
    """Proposes Wikidata IDs from the graph, the offline list and (optionally) Wikidata."""

    def __init__(self, index: LabelIndex, client: WikidataClient | None = None) -> None:
        self.index = index
        self.matcher = matcher_for(index)
        self.offline = matcher_for(offline_index(index.types))
        self.client = client

    def target_for_name(self, name: str) -> Target:
        """A name as a target: with the graph entity it auto-matches, if any."""
        found = self.matcher.search(name, limit=2)
        if not found or not found[0].match:
            return Target(None, (name,))
        entry = found[0].entry
        names = tuple(dict.fromkeys([name, entry.name]))
        return Target(entry.iri, names, frozenset(entry.all_types), tuple(entry.wikidata))

    def propose(self, target: Target) -> list[Proposal]:
        """Ranked proposals for a target, best first, the first marked if it auto-matches."""
        found = [*self._existing(target), *self._from_graph(target), *self._from_offline(target)]
        if self.client is not None and target.names:
            found.extend(self._from_wikidata(target, self.client))
        return decide(merge(found))

    def _existing(self, target: Target) -> Iterable[Proposal]:
        """The links the graph already states for the target."""
        entry = self.index.get(target.iri) if target.iri else None
        name = entry.name if entry else (target.names[0] if target.names else "")
        for item in target.linked:
            reason = f"graph: {entity_id(target.iri or '')} is already owl:sameAs {item}"
            yield Proposal(item, name, 100.0, ("graph",), (reason,))

    def _from_graph(self, target: Target) -> Iterable[Proposal]:
        """Items linked to graph entities whose names match the target's."""
        for name in target.names:
            for candidate in self.matcher.search(name, limit=5):
                if candidate.entry.iri == target.iri or not candidate.entry.wikidata:
                    continue
                for item in candidate.entry.wikidata:
                    reason = f"graph: {candidate.reason} of {candidate.entry.id}, sameAs {item}"
                    yield _typed(target, candidate, item, "graph", reason)

    def _from_offline(self, target: Target) -> Iterable[Proposal]:
        """Items of the shipped offline list whose names match the target's."""
        for name in target.names:
            for candidate in self.offline.search(name, limit=5):
                reason = f"offline list: {candidate.reason}"
                yield _typed(target, candidate, candidate.entry.id, "offline", reason)

    def _from_wikidata(self, target: Target, client: WikidataClient) -> Iterable[Proposal]:
        """Items Wikidata's search finds for the target's names, checked with their entities."""
        ids: list[str] = []
        for name in target.names[:SEARCH_NAMES]:
            language = "ar" if is_arabic(name) else "en"
            ids.extend(hit.id for hit in client.search(name, language=language, limit=SEARCH_LIMIT))
        items = [item for item in client.entities(ids).values() if not item.missing]
        classes = class_labels(client, items)
        entries = (_item_entry(item, self.index) for item in items)
        matcher = matcher_for(small_index(entries, self.index.types))
        for name in target.names:
            for candidate in matcher.search(name, limit=SEARCH_LIMIT):
                item = next(i for i in items if i.id == candidate.entry.id)
                yield _checked(target, candidate, item, classes)


def class_labels(client: WikidataClient, items: Iterable[Item]) -> dict[str, str]:
    """The English labels of the classes the items are instances of."""
    wanted = {cls for item in items for cls in item.instance_of}
    return {key: item.label for key, item in client.entities(wanted).items() if not item.missing}


def _item_entry(item: Item, index: LabelIndex) -> Entry:
    """A Wikidata item as a label-index entry (untyped: its kind is checked separately)."""
    names = [(item.label, True)] + [(n, False) for n in item.names() if n != item.label]
    entry = make_entry(item.id, wikidata_iri(item.id), names, (), index.types)
    entry.description = item.description
    return entry


def _typed(target: Target, candidate: Candidate, item: str, source: str, reason: str) -> Proposal:
    """A proposal from a typed candidate; one of another kind than the target loses points."""
    score = candidate.score
    if target.types and not compatible(target.types, candidate.entry.all_types):
        score -= TYPE_MISMATCH_PENALTY
        reason += "; its type differs from the entity's"
    return Proposal(item, candidate.entry.name, max(score, 0.0), (source,), (reason,))


def _checked(target: Target, candidate: Candidate, item: Item, classes: dict[str, str]) -> Proposal:
    """A proposal from Wikidata, its "instance of" compared with the target's kind."""
    score, reason = candidate.score, f'Wikidata: {candidate.how} "{candidate.label}"'
    kind = kind_of(target.types)
    labels = [classes.get(cls, cls) for cls in item.instance_of]
    if labels:
        reason += f", instance of {', '.join(labels)}"
    if kind is not None and labels and not fits(kind, labels):
        score -= TYPE_MISMATCH_PENALTY
        reason += f" (does not fit the kind {kind.name!r})"
    elif kind is not None and not labels:
        reason += ", no instance-of statement"
    return Proposal(item.id, item.label, max(score, 0.0), ("wikidata",), (reason,))


def merge(proposals: Iterable[Proposal]) -> list[Proposal]:
    """One proposal per item: the best score, all sources and reasons; best first."""
    merged: dict[str, Proposal] = {}
    for proposal in proposals:
        seen = merged.get(proposal.qid)
        if seen is None:
            merged[proposal.qid] = proposal
            continue
        best = proposal if proposal.score > seen.score else seen
        merged[proposal.qid] = replace(
            best,
            sources=tuple(dict.fromkeys(seen.sources + proposal.sources)),
            reasons=tuple(dict.fromkeys(seen.reasons + proposal.reasons)),
        )
    return sorted(merged.values(), key=lambda p: (-p.score, p.qid))


def decide(ranked: list[Proposal]) -> list[Proposal]:
    """Mark the first proposal as an auto-match when good enough and clearly ahead."""
    if not ranked:
        return ranked
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    if ranked[0].score >= MATCH_SCORE and ranked[0].score - runner_up >= MATCH_MARGIN:
        return [replace(ranked[0], match=True), *ranked[1:]]
    return ranked


def file_targets(triples: Sequence[Triple], index: LabelIndex) -> list[Target]:
    """Every named actor, place, event or conflict of the triples, in file order."""
    names: dict[str, list[tuple[str, bool]]] = {}
    classes: dict[str, set[str]] = {}
    links: dict[str, list[str]] = {}
    for triple in triples:
        _collect(triple, names, classes, links)
    return [
        _file_target(iri, names.get(iri, []), classes.get(iri, set()), links.get(iri, []), index)
        for iri in dict.fromkeys([*names, *classes])
        if _linkable(classes.get(iri, set()) | _stored_types(index, iri), index)
    ]


def _collect(
    triple: Triple,
    names: dict[str, list[tuple[str, bool]]],
    classes: dict[str, set[str]],
    links: dict[str, list[str]],
) -> None:
    """Sort one triple into names, classes and Wikidata links of its subject (an IRI)."""
    if not isinstance(triple.subject, NamedNode):
        return
    subject, predicate, obj = triple.subject.value, triple.predicate.value, triple.object
    if predicate in _NAME_PREDICATES and isinstance(obj, Literal):
        names.setdefault(subject, []).append((obj.value, _NAME_PREDICATES[predicate]))
    elif predicate == str(RDF.type) and isinstance(obj, NamedNode):
        classes.setdefault(subject, set()).add(type_id(obj.value))
    elif predicate == str(OWL.sameAs) and isinstance(obj, NamedNode):
        item = qid(obj.value)
        if item and obj.value.startswith(WIKIDATA_ENTITY):
            links.setdefault(subject, []).append(item)


def _file_target(
    iri: str,
    names: list[tuple[str, bool]],
    classes: set[str],
    links: list[str],
    index: LabelIndex,
) -> Target:
    """A target from a file's subject, completed with what the store already holds of it."""
    stored = index.get(iri)
    closed: set[str] = set()
    for name in classes:
        closed |= ancestors(name, index.types)
    ordered = [text for text, preferred in names if preferred] + [t for t, p in names if not p]
    if stored is not None:
        closed |= stored.all_types
        links = links + stored.wikidata
        ordered += [name.text for name in stored.names]
    return Target(iri, tuple(dict.fromkeys(ordered)), frozenset(closed), tuple(links))


def _stored_types(index: LabelIndex, iri: str) -> set[str]:
    """The classes the store gives a resource."""
    stored = index.get(iri)
    return stored.all_types if stored is not None else set()


def _linkable(classes: set[str], index: LabelIndex) -> bool:
    """Whether a resource of these classes is something Wikidata may describe."""
    closed: set[str] = set()
    for name in classes:
        closed |= ancestors(name, index.types)
    roots = {f"qo:{root}" for root in ROOT_CLASSES}
    return bool(closed & roots) and _NEVER_LINKED not in closed


def kind_name(target: Target) -> str:
    """The kind of a target, for messages."""
    kind: Kind | None = kind_of(target.types)
    return kind.name if kind else "unknown kind"


def link_triples(chosen: Iterable[tuple[str, str]]) -> list[Triple]:
    """`owl:sameAs` triples for (entity IRI, Q-number) pairs."""
    same_as = NamedNode(str(OWL.sameAs))
    return [Triple(NamedNode(iri), same_as, NamedNode(wikidata_iri(item))) for iri, item in chosen]


def write_links(store: Store, triples: Sequence[Triple]) -> ValidationReport:
    """Validate triples as an addition to the store and add them to the user graph if they pass.

    The same path as `qkg load`: the shapes (among them the one Wikidata ID per resource rule)
    are checked in the context of the stored graph first; nothing is written on a violation.
    """
    from qalamoun_kg.validation import add_if_valid

    return add_if_valid(store, list(triples), NamedNode(str(USER_GRAPH)))
