"""The schema (TBox) closed once by owlrl, compiled into lookup tables for the fact rules."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import owlrl
import pyoxigraph as ox
from rdflib import Graph
from rdflib.collection import Collection
from rdflib.term import Node

from qalamoun_kg.namespaces import OWL, RDF, RDFS
from qalamoun_kg.reasoning.policy import SAME_AS, Fact, Term
from qalamoun_kg.store.convert import from_rdflib, to_rdflib

TYPE = ox.NamedNode(str(RDF.type))
PROBE = ox.NamedNode("urn:qalamoun-kg:reasoning:datatype-probe")
SCHEMA_PREDICATES = frozenset(
    str(term)
    for term in (
        RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.equivalentClass,
        OWL.equivalentProperty, OWL.inverseOf, OWL.propertyChainAxiom, OWL.disjointWith,
        OWL.members, OWL.propertyDisjointWith, OWL.onProperty, OWL.someValuesFrom,
        OWL.allValuesFrom, OWL.hasValue, OWL.intersectionOf, OWL.unionOf, RDF.first, RDF.rest,
    )
)  # fmt: skip
SCHEMA_TYPES = frozenset(
    str(term)
    for term in (
        OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property,
        OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.FunctionalProperty,
        OWL.InverseFunctionalProperty, OWL.AllDisjointClasses, OWL.Restriction,
        OWL.AsymmetricProperty, OWL.IrreflexiveProperty,
    )
)  # fmt: skip
# Class expressions the fact rules below do not evaluate; a schema using them is refused.
UNSUPPORTED = frozenset(
    str(term)
    for term in (
        OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.intersectionOf, OWL.unionOf,
        OWL.hasKey, OWL.maxCardinality, OWL.maxQualifiedCardinality, OWL.oneOf,
    )
)  # fmt: skip


def is_schema(fact: Fact) -> bool:
    """Whether a fact outside the ontology graph belongs to the TBox (a schema statement)."""
    _, predicate, obj = fact
    if predicate.value in SCHEMA_PREDICATES:
        return True
    return predicate == TYPE and isinstance(obj, ox.NamedNode) and obj.value in SCHEMA_TYPES


@dataclasses.dataclass(frozen=True)
class Rules:
    """What the closed schema says about classes and properties, ready for the fact rules."""

    schema: frozenset[Fact]  # the schema with everything owlrl derives from it alone
    superclasses: dict[Term, frozenset[Term]]
    superproperties: dict[Term, frozenset[Term]]
    domains: dict[Term, frozenset[Term]]
    ranges: dict[Term, frozenset[Term]]
    inverses: dict[Term, frozenset[Term]]
    symmetric: frozenset[Term]
    transitive: frozenset[Term]
    functional: frozenset[Term]
    inverse_functional: frozenset[Term]
    chains: tuple[tuple[Term, Term, Term], ...]  # (first, second, result)
    disjoint: frozenset[frozenset[Term]]

    def joined(self) -> frozenset[Term]:
        """Predicates whose facts the rules join on (and so need indexed)."""
        in_chains = {p for chain in self.chains for p in chain[:2]}
        return (
            self.transitive
            | self.functional
            | self.inverse_functional
            | {SAME_AS}
            | frozenset(in_chains)
        )


def compile_rules(schema: Iterable[Fact], samples: Iterable[ox.Literal] = ()) -> Rules:
    """Close the schema with owlrl and read the tables off the closure.

    `samples` are one literal per datatype the data uses: owlrl types the datatypes a graph
    uses and states which of them are disjoint, so it must see them (through a probe node).
    """
    graph = Graph()
    for fact in schema:
        graph.add(tuple(to_rdflib(term) for term in fact))  # type: ignore[arg-type]
    for sample in samples:
        graph.add((to_rdflib(PROBE), to_rdflib(PROBE), to_rdflib(sample)))
    unsupported = sorted({str(p) for p in graph.predicates() if str(p) in UNSUPPORTED})
    if unsupported:
        raise ValueError(f"the reasoner does not evaluate {', '.join(unsupported)}")
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(graph)
    closed = frozenset(fact for fact in _facts(graph) if PROBE not in fact)
    return Rules(
        schema=closed,
        superclasses=_table(graph, RDFS.subClassOf),
        superproperties=_table(graph, RDFS.subPropertyOf),
        domains=_table(graph, RDFS.domain),
        ranges=_table(graph, RDFS.range),
        inverses=_symmetric_table(graph, OWL.inverseOf),
        symmetric=_typed(graph, OWL.SymmetricProperty),
        transitive=_typed(graph, OWL.TransitiveProperty),
        functional=_typed(graph, OWL.FunctionalProperty),
        inverse_functional=_typed(graph, OWL.InverseFunctionalProperty),
        chains=_chains(graph),
        disjoint=_disjoint(graph),
    )


def _facts(graph: Graph) -> Iterable[Fact]:
    """The graph's triples as facts of pyoxigraph terms."""
    for triple in graph:
        subject, predicate, obj = (from_rdflib(node) for node in triple)
        if isinstance(predicate, ox.NamedNode):
            yield subject, predicate, obj


def _table(graph: Graph, predicate: Node) -> dict[Term, frozenset[Term]]:
    """subject -> every object of the predicate (the closure already made it transitive)."""
    table: dict[Term, set[Term]] = {}
    for subject, obj in graph.subject_objects(predicate):
        table.setdefault(from_rdflib(subject), set()).add(from_rdflib(obj))
    return {key: frozenset(values) for key, values in table.items()}


def _symmetric_table(graph: Graph, predicate: Node) -> dict[Term, frozenset[Term]]:
    """Like `_table`, read in both directions."""
    table: dict[Term, set[Term]] = {}
    for subject, obj in graph.subject_objects(predicate):
        left, right = from_rdflib(subject), from_rdflib(obj)
        table.setdefault(left, set()).add(right)
        table.setdefault(right, set()).add(left)
    return {key: frozenset(values) for key, values in table.items()}


def _typed(graph: Graph, kind: Node) -> frozenset[Term]:
    """Every resource typed `kind`."""
    return frozenset(from_rdflib(node) for node in graph.subjects(RDF.type, kind))


def _chains(graph: Graph) -> tuple[tuple[Term, Term, Term], ...]:
    """Two-step property chains (prp-spo2); longer chains are refused."""
    chains = []
    for result, head in graph.subject_objects(OWL.propertyChainAxiom):
        steps = [from_rdflib(node) for node in Collection(graph, head)]
        if len(steps) != 2:
            raise ValueError(f"property chain of {len(steps)} steps for {result}: only 2 are read")
        chains.append((steps[0], steps[1], from_rdflib(result)))
    return tuple(sorted(chains, key=str))


def _disjoint(graph: Graph) -> frozenset[frozenset[Term]]:
    """Pairs of disjoint classes, from owl:disjointWith and owl:AllDisjointClasses."""
    pairs = {
        frozenset((from_rdflib(a), from_rdflib(b)))
        for a, b in graph.subject_objects(OWL.disjointWith)
    }
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        for head in graph.objects(group, OWL.members):
            members = [from_rdflib(node) for node in Collection(graph, head)]
            pairs.update(frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :])
    return frozenset(pair for pair in pairs if len(pair) == 2)
