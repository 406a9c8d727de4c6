"""Incremental validation of random changes gives the same verdict and results as a full one.

Changes are drawn from the ontology's vocabulary and the stored resources, good and bad: types,
labels, dates, counts, footnote numbers and Wikidata IDs that may collide, links to the wrong
kind of node, and removals of stored triples (data and the ontology's concept individuals).
For every change: the incremental report equals the full report restricted to the nodes the
incremental run checked, and no node outside them has results other than before the change.
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qalamoun_kg.sources import source_files
from qalamoun_kg.store import Store, open_store
from qalamoun_kg.store.convert import to_rdflib
from qalamoun_kg.validation import ValidationReport, validate_addition, validate_store
from qalamoun_kg.validation.view import is_data_graph

QO = "https://w3id.org/qalamoun/ontology#"
QR = "https://w3id.org/qalamoun/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SYNTHETIC = Path(__file__).parent.parent.parent / "benchmarks" / "synthetic.py"
DATA_GRAPH = ox.NamedNode("https://w3id.org/qalamoun/graph/data/synthetic")

OBJECT_PREDICATES = [
    "place", "attacker", "defender", "participant", "partOf", "about", "claimant", "citation",
    "figureKind", "quantityKind", "personCategory", "memberOf", "inCountry", "hasMember",
    "includedIn", "preludeTo", "aftermathOf", "triggeredBy", "section", "publisher", "concerns",
    "datePrecision", "capturedPlace", "conflict",
]  # fmt: skip
DATE_PREDICATES = ["startDate", "endDate", "asOf", "publicationDate", "retrievalDate"]
COUNT_PREDICATES = ["value", "minValue", "maxValue", "moreThan", "footnoteNumber", "paragraph"]
CLASSES = [
    "Event", "Clash", "Battle", "Phase", "Offensive", "Attack", "Capture", "Place", "Village",
    "Town", "Country", "State", "Actor", "ArmedGroup", "Militia", "Coalition", "Claim",
    "FigureClaim", "AssertionClaim", "Citation", "ExplanatoryNote", "Conflict", "FigureKind",
]  # fmt: skip
INDIVIDUALS = ["Killed", "Wounded", "ExactQuantity", "RangeQuantity", "LowerBound", "Fighters",
               "ExactDay", "UnknownQuantity"]  # fmt: skip


def load_synthetic() -> ModuleType:
    """The synthetic graph generator of the benchmarks."""
    spec = importlib.util.spec_from_file_location("synthetic", SYNTHETIC)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_sources(store: Store, kinds: tuple[str, ...]) -> None:
    """Load the project's ontology and shapes files into their graphs."""
    for source in source_files():
        if source.kind in kinds:
            quads = ox.parse(source.read_bytes(), ox.RdfFormat.TURTLE)
            graph = ox.NamedNode(source.graph)
            store.add(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)


@pytest.fixture(scope="module")
def synthetic_store() -> Iterator[Store]:
    """The ontology, the shapes and a small synthetic graph that conforms."""
    store = open_store("memory")
    load_sources(store, ("ontology", "shapes"))
    text = io.StringIO()
    load_synthetic().write(text, 500)
    quads = ox.parse(text.getvalue().encode(), ox.RdfFormat.N_TRIPLES)
    store.add(ox.Quad(q.subject, q.predicate, q.object, DATA_GRAPH) for q in quads)
    yield store
    store.close()


def data_triples(store: Store) -> list[ox.Triple]:
    """The stored data triples, in a stable order."""
    triples = {q.triple for q in store.quads() if is_data_graph(q.graph_name)}
    return sorted(triples, key=str)


def nodes_of(store: Store) -> list[ox.NamedNode]:
    """Stored qr: subjects, in a stable order."""
    subjects = {
        q.subject
        for q in store.quads()
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(QR)
    }
    return sorted(subjects, key=str)


def literals() -> st.SearchStrategy[ox.Literal]:
    """Literals of every kind the shapes look at, well and badly typed."""
    dates = st.dates(min_value=date(2013, 12, 1), max_value=date(2200, 1, 1))
    return st.one_of(
        dates.map(lambda d: ox.Literal(d.isoformat(), datatype=ox.NamedNode(XSD + "date"))),
        st.integers(-2, 30).map(
            lambda n: ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))
        ),
        st.sampled_from(["dozens", "2014-08-03", "x"]).map(ox.Literal),
        st.sampled_from(["Test", "اختبار"]).flatmap(
            lambda t: st.sampled_from(["en", "ar"]).map(lambda lang: ox.Literal(t, language=lang))
        ),
    )


def change_strategy(store: Store) -> st.SearchStrategy[tuple[list[ox.Triple], list[ox.Triple]]]:
    """(additions, removals) drawn from the vocabulary and the stored graph."""
    existing = nodes_of(store)
    fresh = [ox.NamedNode(QR + f"{kind}/hypothesis-{n}") for kind in ("event", "claim", "citation")
             for n in (1, 2)]  # fmt: skip
    subjects = st.sampled_from(existing[:400] + fresh)
    individuals = st.sampled_from([ox.NamedNode(QO + name) for name in INDIVIDUALS])
    objects = st.one_of(subjects, individuals, literals())
    wikidata = st.sampled_from(["Q910000", "Q920000", "Q5", "wiki/Q5"]).map(
        lambda q: ox.NamedNode("http://www.wikidata.org/entity/" + q)
    )
    typed_triple = st.builds(
        lambda s, c: ox.Triple(s, ox.NamedNode(RDF_TYPE), ox.NamedNode(QO + c)),
        subjects, st.sampled_from(CLASSES),
    )  # fmt: skip
    object_triple = st.builds(
        lambda s, p, o: ox.Triple(s, ox.NamedNode(QO + p), o),
        subjects, st.sampled_from(OBJECT_PREDICATES), objects,
    )  # fmt: skip
    literal_triple = st.builds(
        lambda s, p, o: ox.Triple(s, ox.NamedNode(QO + p), o),
        subjects, st.sampled_from(DATE_PREDICATES + COUNT_PREDICATES), objects,
    )  # fmt: skip
    label_triple = st.builds(
        lambda s, o: ox.Triple(s, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), o),
        subjects, literals(),
    )  # fmt: skip
    same_as = st.builds(
        lambda s, o: ox.Triple(s, ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs"), o),
        subjects, wikidata,
    )  # fmt: skip
    addition = st.one_of(typed_triple, object_triple, literal_triple, label_triple, same_as)
    removable = data_triples(store) + individual_types(store)
    removal = st.sampled_from(removable)
    return st.tuples(
        st.lists(addition, min_size=1, max_size=8), st.lists(removal, min_size=0, max_size=4)
    )


def individual_types(store: Store) -> list[ox.Triple]:
    """The ontology's rdf:type triples of its concept individuals (qo:Killed a qo:FigureKind)."""
    found: list[ox.Triple] = []
    for name in INDIVIDUALS:
        subject = ox.NamedNode(QO + name)
        found.extend(q.triple for q in store.quads(subject, ox.NamedNode(RDF_TYPE), None, None))
    return sorted(set(found), key=str)


def assert_equivalent(store: Store, base: ValidationReport, change: tuple[list, list]) -> None:
    """The incremental report agrees with a full validation of the changed graph."""
    additions, removals = change
    incremental = validate_addition(store, additions, removals)
    full = validate_addition(store, additions, removals, full=True)
    checked = incremental.focus
    if checked is None:  # the change edits the class hierarchy: a full validation was run
        assert incremental.result_keys() == full.result_keys()
        return
    inside = {r.key for r in full.results if r.focus_node in checked}
    outside = {r.key for r in full.results if r.focus_node not in checked}
    before = {r.key for r in base.results if r.focus_node not in checked}
    assert incremental.result_keys() == inside
    assert outside == before
    if not base.results:
        assert incremental.conforms == full.conforms


@pytest.fixture(scope="module")
def synthetic_base(synthetic_store: Store) -> ValidationReport:
    """The full report of the unchanged synthetic graph (it conforms)."""
    report = validate_store(synthetic_store)
    assert report.results == ()
    return report


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_random_changes_to_a_synthetic_graph(
    synthetic_store: Store, synthetic_base: ValidationReport
) -> None:
    @settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
    @given(change_strategy(synthetic_store))
    def check(change: tuple[list[ox.Triple], list[ox.Triple]]) -> None:
        assert_equivalent(synthetic_store, synthetic_base, change)

    check()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_random_changes_to_the_article_graph(memory_store: Store) -> None:
    base = validate_store(memory_store)

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
    @given(change_strategy(memory_store))
    def check(change: tuple[list[ox.Triple], list[ox.Triple]]) -> None:
        assert_equivalent(memory_store, base, change)

    check()


def test_a_colliding_footnote_number_reaches_the_other_holder(
    synthetic_store: Store, synthetic_base: ValidationReport
) -> None:
    number = ox.Literal("3", datatype=ox.NamedNode(XSD + "integer"))
    addition = ox.Triple(
        ox.NamedNode(QR + "citation/s1"), ox.NamedNode(QO + "footnoteNumber"), number
    )
    report = validate_addition(synthetic_store, [addition])
    assert report.focus is not None
    assert to_rdflib(ox.NamedNode(QR + "citation/s3")) in report.focus
    assert_equivalent(synthetic_store, synthetic_base, ([addition], []))
