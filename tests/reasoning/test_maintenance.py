"""Maintenance after a change equals recomputing the closure: random additions and deletions."""

from __future__ import annotations

import os

import pyoxigraph as ox
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.namespaces import DATA_GRAPH_PREFIX, OWL, QR, USER_GRAPH
from qalamoun_kg.reasoning import inferred_change, materialize
from qalamoun_kg.reasoning.materialize import apply, inferred_facts, premises
from qalamoun_kg.store import Store, open_store
from tests.reasoning.owlrl_reference import stored_inferred
from tests.reasoning.test_owlrl_equality import facts

STORE = open_store("memory")
ensure_loaded(STORE)
materialize(STORE)
DATA = sorted(
    (q for q in STORE.quads() if str(q.graph_name).startswith(f"<{DATA_GRAPH_PREFIX}")),
    key=str,
)


def recomputed(store: Store) -> set[object]:
    """The inferred graph's content computed from scratch."""
    schema, data, identities = premises(store)
    return set(inferred_facts(schema, data, identities))


def change(store: Store, added: list[ox.Quad], removed: list[ox.Quad]) -> None:
    """Commit a data change with its maintained inferred graph, as the writer does."""
    new = [q for q in added if not list(store.quads(q.subject, q.predicate, q.object))]
    new = list(dict.fromkeys(new))
    gone = [q for q in dict.fromkeys(removed) if q not in added]
    gone_triples = [
        q.triple
        for q in gone
        if [other for other in store.quads(q.subject, q.predicate, q.object) if other != q] == []
    ]
    inferred = inferred_change(store, [q.triple for q in new], gone_triples)
    store.remove(gone)
    store.add(new)
    apply(store, inferred)


@settings(
    max_examples=int(os.environ.get("QKG_REASONING_EXAMPLES", "15")),
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@example(  # two events made one: their functional dates equate literals (a recomputation)
    added=[
        ox.Quad(
            ox.NamedNode(str(QR["event/qalamoun-offensive-2014"])),
            ox.NamedNode(str(OWL.sameAs)),
            ox.NamedNode(str(QR["event/battle-of-arsal"])),
            ox.NamedNode(str(USER_GRAPH)),
        )
    ],
    removed=[],
)
@given(
    added=st.lists(facts(), max_size=4),
    removed=st.lists(st.sampled_from(DATA), max_size=6),
)
def test_maintained_graph_equals_the_recomputed_one(
    added: list[ox.Quad], removed: list[ox.Quad]
) -> None:
    change(STORE, added, removed)
    try:
        assert stored_inferred(STORE) == recomputed(STORE)
    finally:
        change(STORE, removed, added)
    assert stored_inferred(STORE) == recomputed(STORE)


def test_deleting_a_premise_removes_what_only_it_entailed(inferred_store: Store) -> None:
    arsal = ox.NamedNode("https://w3id.org/qalamoun/id/place/arsal")
    located = ox.NamedNode("https://w3id.org/qalamoun/ontology#locatedIn")
    premises_about = [q for q in inferred_store.quads(arsal, located, None) if q.graph_name]
    before = stored_inferred(inferred_store)
    change(inferred_store, [], premises_about)
    after = stored_inferred(inferred_store)
    assert after == recomputed(inferred_store)
    assert before - after, "locatedIn is transitive and chained: something must go"
