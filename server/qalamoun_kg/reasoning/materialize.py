"""The inferred graph: computed whole, kept current after each change, and marked with the
sources it was computed from so a stale one is recomputed."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from qalamoun_kg.bootstrap import recorded_hashes
from qalamoun_kg.namespaces import INFERRED_GRAPH, META_GRAPH, ONTOLOGY_GRAPH
from qalamoun_kg.reasoning.engine import consequences, saturate
from qalamoun_kg.reasoning.facts import MemoryFacts, StoreFacts, as_fact
from qalamoun_kg.reasoning.policy import (
    SAME_AS,
    Fact,
    is_external_identity,
    is_input_graph,
    keeps,
)
from qalamoun_kg.reasoning.rules import (
    SCHEMA_PREDICATES,
    SCHEMA_TYPES,
    TYPE,
    Rules,
    compile_rules,
    is_schema,
)
from qalamoun_kg.store.base import Store, ntriples_text

_INFERRED = ox.NamedNode(str(INFERRED_GRAPH))
_META = ox.NamedNode(str(META_GRAPH))
_ONTOLOGY = ox.NamedNode(str(ONTOLOGY_GRAPH))
BASIS = ox.NamedNode(f"{META_GRAPH}#inferredFrom")
SAMPLE = ox.NamedNode(f"{META_GRAPH}#datatypeSample")
LITERALS_EQUATED = ox.NamedNode(f"{META_GRAPH}#literalsEquated")


@dataclasses.dataclass
class Change:
    """What an accepted write does to the inferred graph; `recompute` when the schema changed."""

    add: list[ox.Triple]
    remove: list[ox.Triple]
    recompute: bool = False

    def quads(self) -> tuple[list[ox.Quad], list[ox.Quad]]:
        """The additions and removals as quads of the inferred graph."""
        return (
            [ox.Quad(t.subject, t.predicate, t.object, _INFERRED) for t in self.add],
            [ox.Quad(t.subject, t.predicate, t.object, _INFERRED) for t in self.remove],
        )

    def update_text(self) -> str:
        """SPARQL operations to append to the data change's update (one transaction).

        Empty when there is nothing to do, or when it is done after the commit instead: a
        recomputation, or triples with blank nodes (DELETE DATA cannot name a stored one).
        """
        if self.recompute or self._has_blank_nodes():
            return ""
        text = ""
        if self.remove:
            text += f" ;\nDELETE DATA {{ GRAPH {_INFERRED} {{\n{ntriples_text(self.remove)}}} }}"
        if self.add:
            text += f" ;\nINSERT DATA {{ GRAPH {_INFERRED} {{\n{ntriples_text(self.add)}}} }}"
        return text

    def after_commit(self, store: Store) -> None:
        """What `update_text` left for after the commit."""
        if self.recompute:
            materialize(store)
        elif self._has_blank_nodes():
            apply(store, self)

    def _has_blank_nodes(self) -> bool:
        """Whether a triple of the change has a blank node."""
        return any(
            isinstance(term, ox.BlankNode)
            for t in self.add + self.remove
            for term in (t.subject, t.object)
        )


def closure(schema: Iterable[Fact], data: Sequence[Fact]) -> set[Fact]:
    """Every fact the OWL 2 RL rules derive from schema + data, asserted ones included."""
    rules = rules_for(frozenset(schema), datatype_samples(data))
    facts = MemoryFacts(rules.joined())
    for fact in rules.schema:
        facts.add(fact)
    saturate(rules, facts, data)
    return facts.all


def inferred_facts(
    schema: Sequence[Fact], data: Sequence[Fact], identities: Iterable[Fact] = ()
) -> set[Fact]:
    """The inferred graph's content: the closure, kept facts only, minus everything asserted."""
    return _inferred_part(closure(schema, data), schema, data, identities)


def _inferred_part(
    closed: set[Fact], schema: Sequence[Fact], data: Sequence[Fact], identities: Iterable[Fact]
) -> set[Fact]:
    """The kept, not asserted facts of a closure."""
    asserted = set(schema) | set(data) | set(identities)
    return {fact for fact in closed if keeps(fact) and fact not in asserted}


def equates_literals(facts: Iterable[Fact]) -> bool:
    """Whether facts state two different literals the same (a functional property with two
    values does): RDF cannot store that, so changes are then reasoned about by recomputing."""
    return any(p == SAME_AS and isinstance(s, ox.Literal) and s != o for s, p, o in facts)


def materialize(store: Store) -> int:
    """Recompute the inferred graph from the store's premises; return its size."""
    schema, data, identities = premises(store)
    closed = closure(schema, data)
    triples = _triples(_inferred_part(closed, schema, data, identities))
    store.replace_graphs({str(INFERRED_GRAPH): triples})
    _mark_current(store, datatype_samples(data), equates_literals(closed))
    return len(triples)


def ensure_inferred(store: Store) -> bool:
    """Recompute the inferred graph if the sources changed since it was made; True if it did.

    A store loaded from no source files (e.g. a bare SPARQL store) has no ontology to reason
    with and gets no inferred graph.
    """
    if is_current(store) or not recorded_hashes(store):
        return False
    materialize(store)
    return True


def is_current(store: Store) -> bool:
    """Whether the inferred graph was computed from the sources now loaded."""
    marks = list(store.quads(_INFERRED, BASIS, None, _META))
    return len(marks) == 1 and marks[0].object == ox.Literal(_basis(store))


def inferred_change(
    store: Store, additions: Sequence[ox.Triple], removals: Sequence[ox.Triple]
) -> Change:
    """What a data change does to the inferred graph: nothing while it is absent or stale
    (it is recomputed on next use), else `maintain`."""
    if not (additions or removals) or not is_current(store):
        return Change([], [])
    return maintain(store, additions, removals)


def maintain(store: Store, additions: Sequence[ox.Triple], removals: Sequence[ox.Triple]) -> Change:
    """What a data change (not yet committed) does to a current inferred graph.

    Deletions follow DRed: remove what the deleted facts may have derived, then derive again
    what still follows from the rest. A change to the schema asks for a recomputation.
    """
    added = _facts(additions)
    removed = _facts(removals)
    samples = recorded_samples(store)
    if (
        any(is_schema(fact) for fact in added + removed)
        or _datatypes_change(store, samples, added, removed)
        or next(iter(store.quads(_INFERRED, LITERALS_EQUATED, None, _META)), None) is not None
    ):
        return Change([], [], recompute=True)
    rules = rules_for(frozenset(schema_facts(store)), samples)
    view = StoreFacts(store, rules.joined())
    over = _overdelete(rules, view, removed)
    view.hidden |= set(removed) | over
    rederived = saturate(rules, view, (), revisit=_around(view, set(removed) | over))
    derived = saturate(rules, view, added)
    if equates_literals(rederived + derived):
        return Change([], [], recompute=True)
    # The change is not committed yet: the store still holds the removed premises.
    gone_premises = set(removed)
    grown = {
        f
        for f in rederived + derived
        if keeps(f)
        and f not in added
        and (f in gone_premises or not view.asserted(f))
        and not view.inferred(f)
    }
    gone = {f for f in over if f not in view.added.all} | {f for f in added if view.inferred(f)}
    return Change(_triples(grown), _triples(gone))


def apply(store: Store, change: Change) -> None:
    """Commit a `Change` to the inferred graph (or recompute it)."""
    if change.recompute:
        materialize(store)
        return
    add, remove = change.quads()
    if remove:
        store.remove(remove)
    if add:
        store.add(add)


def premises(store: Store) -> tuple[list[Fact], list[Fact], list[Fact]]:
    """The store's schema facts, data facts and external identity links (read, never used)."""
    schema: list[Fact] = []
    data: list[Fact] = []
    identities: list[Fact] = []
    for quad in store.quads():
        fact = as_fact(quad.triple)
        if fact is None or not is_input_graph(quad.graph_name):
            continue
        if is_external_identity(fact):
            identities.append(fact)
        elif quad.graph_name == _ONTOLOGY or is_schema(fact):
            schema.append(fact)
        else:
            data.append(fact)
    return schema, data, identities


def schema_facts(store: Store) -> list[Fact]:
    """The ontology graph and schema statements elsewhere, found through the store's indexes."""
    found: set[Fact] = set()
    quads = list(store.quads(None, None, None, _ONTOLOGY))
    for iri in SCHEMA_PREDICATES:
        quads.extend(store.quads(None, ox.NamedNode(iri), None, None))
    for iri in SCHEMA_TYPES:
        quads.extend(store.quads(None, TYPE, ox.NamedNode(iri), None))
    for quad in quads:
        fact = as_fact(quad.triple)
        if fact is not None and is_input_graph(quad.graph_name):
            found.add(fact)
    return sorted(found, key=str)


@functools.lru_cache(maxsize=4)
def rules_for(schema: frozenset[Fact], samples: frozenset[ox.Literal]) -> Rules:
    """Compiled rules for a schema, computed once per process (owlrl closes the schema)."""
    return compile_rules(schema, samples)


def datatype_samples(data: Iterable[Fact]) -> frozenset[ox.Literal]:
    """One literal per datatype the data's objects use (language-tagged strings aside)."""
    samples: dict[str, ox.Literal] = {}
    for _, _, obj in data:
        if isinstance(obj, ox.Literal) and obj.language is None:
            samples.setdefault(obj.datatype.value, obj)
    return frozenset(samples.values())


def recorded_samples(store: Store) -> frozenset[ox.Literal]:
    """The datatype samples recorded when the inferred graph was computed."""
    quads = store.quads(_INFERRED, SAMPLE, None, _META)
    return frozenset(q.object for q in quads if isinstance(q.object, ox.Literal))


def _datatypes_change(
    store: Store, samples: frozenset[ox.Literal], added: list[Fact], removed: list[Fact]
) -> bool:
    """Whether the change brings a new datatype, or removes the last literal of one."""
    known = {sample.datatype for sample in samples}
    if any(dt not in known for dt in _datatypes(added)):
        return True
    return any(not _still_used(store, dt) for dt in _datatypes(removed))


def _datatypes(facts: list[Fact]) -> set[ox.NamedNode]:
    """Datatypes of the facts' literal objects."""
    return {f[2].datatype for f in facts if isinstance(f[2], ox.Literal) and f[2].language is None}


def _still_used(store: Store, datatype: ox.NamedNode) -> bool:
    """Whether some premise literal has this datatype (the change is not committed yet, so
    a removed literal may still be found: that only errs towards recomputing less)."""
    result = store.query(f"ASK {{ ?s ?p ?o FILTER(DATATYPE(?o) = {datatype}) }}")
    return bool(result)


def _overdelete(rules: Rules, view: StoreFacts, removed: list[Fact]) -> set[Fact]:
    """Inferred facts that may rest on the removed ones (an over-estimate)."""
    over: set[Fact] = set()
    work = list(removed)
    while work:
        for derived in consequences(rules, view, work.pop()):
            if derived not in over and view.inferred(derived):
                over.add(derived)
                work.append(derived)
    return over


def _around(view: StoreFacts, facts: set[Fact]) -> list[Fact]:
    """Visible facts sharing a subject or object with these (what could derive them again)."""
    nodes = {fact[0] for fact in facts}
    nodes |= {fact[2] for fact in facts if fact[1] != TYPE}
    around: set[Fact] = set()
    for node in nodes:
        around.update((node, p, o) for p, o in view.about(node))
        around.update((s, p, node) for s, p in view.pointing_at(node))
    return list(around)


def _facts(triples: Sequence[ox.Triple]) -> list[Fact]:
    """Triples as facts, RDF-star and external identity links left out."""
    facts = (as_fact(triple) for triple in triples)
    return [f for f in facts if f is not None and not is_external_identity(f)]


def _triples(facts: Iterable[Fact]) -> list[ox.Triple]:
    """Facts as pyoxigraph triples, in a stable order."""
    ordered = sorted(facts, key=str)
    return [ox.Triple(s, p, o) for s, p, o in ordered if not isinstance(s, ox.Literal)]


def _basis(store: Store) -> str:
    """One hash over the source graphs' hashes as bootstrap recorded them."""
    recorded = sorted(recorded_hashes(store).items())
    return hashlib.sha256(repr(recorded).encode()).hexdigest()


def _mark_current(store: Store, samples: frozenset[ox.Literal], literals_equated: bool) -> None:
    """Record which sources the inferred graph was computed from, the datatype samples, and
    whether the closure equates literals."""
    marks = " ".join(f"{_INFERRED} {SAMPLE} {sample} ." for sample in sorted(samples, key=str))
    if literals_equated:
        marks += f" {_INFERRED} {LITERALS_EQUATED} true ."
    store.update(
        f"DELETE WHERE {{ GRAPH {_META} {{ {_INFERRED} {BASIS} ?basis }} }} ;\n"
        f"DELETE WHERE {{ GRAPH {_META} {{ {_INFERRED} {SAMPLE} ?sample }} }} ;\n"
        f"DELETE WHERE {{ GRAPH {_META} {{ {_INFERRED} {LITERALS_EQUATED} ?flag }} }} ;\n"
        f"INSERT DATA {{ GRAPH {_META} {{ {_INFERRED} {BASIS} "
        f"{ox.Literal(_basis(store))} . {marks} }} }}"
    )
