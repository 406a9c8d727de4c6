"""The inferred graph is exactly owlrl's closure, on the article and on random changes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from qalamoun_kg.namespaces import OWL, QO, QR, RDF, USER_GRAPH
from qalamoun_kg.reasoning import inferred_change, materialize
from qalamoun_kg.reasoning.materialize import apply
from qalamoun_kg.store import Store
from tests.reasoning.owlrl_reference import owlrl_inferred, stored_inferred

USER = ox.NamedNode(str(USER_GRAPH))


def test_the_article_closure_equals_owlrl(inferred_store: Store) -> None:
    ours = stored_inferred(inferred_store)
    assert len(ours) > 5000
    assert ours == owlrl_inferred(inferred_store)


def test_wikidata_links_derive_nothing(inferred_store: Store) -> None:
    wikidata_subjects = [
        q for q in stored_inferred(inferred_store) if q[0].value.startswith("http://www.wikidata")
    ]
    assert wikidata_subjects == []
    # Two local resources sharing one Wikidata ID are not merged.
    store = inferred_store
    twin = ox.NamedNode(str(QR["actor/twin-of-hezbollah"]))
    hezbollah = ox.NamedNode(str(QR["actor/hezbollah"]))
    same = ox.NamedNode(str(OWL.sameAs))
    wikidata = next(q.object for q in store.quads(hezbollah, same, None))
    store.add([ox.Quad(twin, same, wikidata, USER)])
    materialize(store)
    assert not list(store.quads(twin, same, hezbollah))
    assert not list(store.quads(hezbollah, same, twin))


RESOURCES = ["place/arsal", "place/lebanon", "place/syria", "event/battle-of-arsal",
             "actor/hezbollah", "actor/lebanese-army", "event/qalamoun-offensive-2014"]  # fmt: skip
PROPERTIES = ["partOf", "locatedIn", "participant", "place", "attacker", "inCountry"]


@st.composite
def facts(draw: st.DrawFn) -> ox.Quad:
    """A random statement between article resources: a property, a type or a sameAs."""
    subject = ox.NamedNode(str(QR[draw(st.sampled_from(RESOURCES))]))
    obj = ox.NamedNode(str(QR[draw(st.sampled_from(RESOURCES))]))
    kind = draw(st.sampled_from(["property", "type", "same"]))
    if kind == "type":
        cls = draw(st.sampled_from(["Town", "Person", "Battle", "ArmedGroup", "Place"]))
        return ox.Quad(subject, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(QO[cls])), USER)
    if kind == "same":
        return ox.Quad(subject, ox.NamedNode(str(OWL.sameAs)), obj, USER)
    predicate = ox.NamedNode(str(QO[draw(st.sampled_from(PROPERTIES))]))
    return ox.Quad(subject, predicate, obj, USER)


# owlrl takes seconds per closure: few examples, no shrinking (the example is printed as is).
@pytest.mark.slow
@pytest.mark.timeout(600)
@settings(
    max_examples=5,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(added=st.lists(facts(), min_size=1, max_size=3))
def test_random_additions_equal_owlrl(inferred_store: Store, added: list[ox.Quad]) -> None:
    new = [q for q in added if not list(inferred_store.quads(q.subject, q.predicate, q.object))]
    change = inferred_change(inferred_store, [q.triple for q in new], [])
    inferred_store.add(new)
    apply(inferred_store, change)
    try:
        assert stored_inferred(inferred_store) == owlrl_inferred(inferred_store)
    finally:
        inferred_store.remove(new)
        materialize(inferred_store)
