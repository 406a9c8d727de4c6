"""Where the rules look facts up: sets in memory, or the store seen through a change."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from qalamoun_kg.namespaces import INFERRED_GRAPH
from qalamoun_kg.reasoning.policy import Fact, Term, is_external_identity, is_input_graph
from qalamoun_kg.store.base import Store

_INFERRED = ox.NamedNode(str(INFERRED_GRAPH))


class MemoryFacts:
    """Facts in a set; joined predicates indexed from the start, the rest when first asked."""

    def __init__(self, joined: Iterable[Term]) -> None:
        self.all: set[Fact] = set()
        self._joined = frozenset(joined)
        self._by_sp: dict[tuple[Term, Term], set[Term]] = {}
        self._by_po: dict[tuple[Term, Term], set[Term]] = {}
        self._by_s: dict[Term, set[tuple[ox.NamedNode, Term]]] | None = None
        self._by_o: dict[Term, set[tuple[Term, ox.NamedNode]]] = {}
        self._by_p: dict[Term, set[tuple[Term, Term]]] = {}

    def __contains__(self, fact: Fact) -> bool:
        return fact in self.all

    def add(self, fact: Fact) -> None:
        """Record a fact in the set and the indexes."""
        self.all.add(fact)
        subject, predicate, obj = fact
        if predicate in self._joined:
            self._by_sp.setdefault((subject, predicate), set()).add(obj)
            self._by_po.setdefault((predicate, obj), set()).add(subject)
        if self._by_s is not None:
            self._index_position(fact)

    def objects(self, subject: Term, predicate: Term) -> Iterable[Term]:
        if predicate in self._joined:
            return self._by_sp.get((subject, predicate), ())
        return [o for p, o in self.about(subject) if p == predicate]

    def subjects(self, predicate: Term, obj: Term) -> Iterable[Term]:
        if predicate in self._joined:
            return self._by_po.get((predicate, obj), ())
        return [s for s, p in self.pointing_at(obj) if p == predicate]

    def about(self, subject: Term) -> Iterable[tuple[ox.NamedNode, Term]]:
        return self._positions().get(subject, ())

    def pointing_at(self, obj: Term) -> Iterable[tuple[Term, ox.NamedNode]]:
        self._positions()
        return self._by_o.get(obj, ())

    def with_predicate(self, predicate: Term) -> Iterable[tuple[Term, Term]]:
        self._positions()
        return self._by_p.get(predicate, ())

    def _positions(self) -> dict[Term, set[tuple[ox.NamedNode, Term]]]:
        """The subject, object and predicate indexes, built on first use (sameAs is rare)."""
        if self._by_s is None:
            self._by_s = {}
            for fact in self.all:
                self._index_position(fact)
        return self._by_s

    def _index_position(self, fact: Fact) -> None:
        """Index one fact by subject, object and predicate."""
        assert self._by_s is not None
        subject, predicate, obj = fact
        self._by_s.setdefault(subject, set()).add((predicate, obj))
        self._by_o.setdefault(obj, set()).add((subject, predicate))
        self._by_p.setdefault(predicate, set()).add((subject, obj))


class StoreFacts:
    """The store's premises and inferred graph, plus facts added and minus facts hidden here.

    Lookups go to the store's indexes, so a small change is reasoned about without reading
    the whole graph into memory.
    """

    def __init__(self, store: Store, joined: Iterable[Term]) -> None:
        self.store = store
        self.added = MemoryFacts(joined)
        self.hidden: set[Fact] = set()

    def __contains__(self, fact: Fact) -> bool:
        if fact in self.added:
            return True
        return fact not in self.hidden and any(self._stored(*fact))

    def add(self, fact: Fact) -> None:
        """Record a fact (a hidden one becomes visible again)."""
        self.hidden.discard(fact)
        self.added.add(fact)

    def objects(self, subject: Term, predicate: Term) -> Iterable[Term]:
        found = {fact[2] for fact in self._stored(subject, predicate, None)}
        return found | set(self.added.objects(subject, predicate))

    def subjects(self, predicate: Term, obj: Term) -> Iterable[Term]:
        found = {fact[0] for fact in self._stored(None, predicate, obj)}
        return found | set(self.added.subjects(predicate, obj))

    def about(self, subject: Term) -> Iterable[tuple[ox.NamedNode, Term]]:
        found = {(fact[1], fact[2]) for fact in self._stored(subject, None, None)}
        return found | set(self.added.about(subject))

    def pointing_at(self, obj: Term) -> Iterable[tuple[Term, ox.NamedNode]]:
        found = {(fact[0], fact[1]) for fact in self._stored(None, None, obj)}
        return found | set(self.added.pointing_at(obj))

    def with_predicate(self, predicate: Term) -> Iterable[tuple[Term, Term]]:
        found = {(fact[0], fact[2]) for fact in self._stored(None, predicate, None)}
        return found | set(self.added.with_predicate(predicate))

    def asserted(self, fact: Fact) -> bool:
        """Whether a premise graph of the store holds the fact (hidden facts excluded)."""
        if fact in self.hidden or not storable(fact):
            return False
        return any(
            is_input_graph(quad.graph_name)
            for quad in self.store.quads(fact[0], fact[1], fact[2], None)  # type: ignore[arg-type]
        )

    def inferred(self, fact: Fact) -> bool:
        """Whether the store's inferred graph holds the fact."""
        if not storable(fact):
            return False
        quads = self.store.quads(fact[0], fact[1], fact[2], _INFERRED)  # type: ignore[arg-type]
        return next(iter(quads), None) is not None

    def _stored(
        self, subject: Term | None, predicate: Term | None, obj: Term | None
    ) -> Iterator[Fact]:
        """Visible stored facts matching a pattern: premises and inferred, none hidden."""
        if not storable((subject, predicate, obj)):
            return  # the store holds no such triple (literal subjects stay in memory)
        quads = self.store.quads(subject, predicate, obj, None)  # type: ignore[arg-type]
        for quad in quads:
            if quad.graph_name != _INFERRED and not is_input_graph(quad.graph_name):
                continue
            fact = as_fact(quad.triple)
            if fact is not None and fact not in self.hidden and not is_external_identity(fact):
                yield fact


def as_fact(triple: ox.Triple) -> Fact | None:
    """A triple as a fact, or None for RDF-star triples the reasoner does not read."""
    subject, predicate, obj = triple.subject, triple.predicate, triple.object
    if isinstance(subject, ox.Triple) or isinstance(obj, ox.Triple):
        return None
    return subject, predicate, obj


def storable(fact: tuple[Term | None, Term | None, Term | None]) -> bool:
    """Whether RDF (and so the store) can hold the fact: no literal subject or predicate."""
    subject, predicate, _ = fact
    return not isinstance(subject, ox.Literal) and not isinstance(
        predicate, ox.BlankNode | ox.Literal
    )
