"""Convert between pyoxigraph terms (the store's) and rdflib terms (pyshacl's and owlrl's)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from qalamoun_kg.namespaces import RDF, XSD
from qalamoun_kg.store.base import GraphName, Store, Term

_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)

RdflibTriple = tuple[Node, Node, Node]


def to_rdflib(term: Term, *, exact: bool = False) -> Node:
    """An rdflib term for a pyoxigraph one; xsd:string literals become plain literals.

    `exact` keeps a literal's lexical form as written (rdflib would canonicalize "01" to "1").
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        normalize = False if exact else None
        if term.language:
            return RdfLiteral(term.value, lang=term.language, normalize=normalize)
        datatype = term.datatype.value
        return RdfLiteral(
            term.value, datatype=None if datatype == _XSD_STRING else datatype, normalize=normalize
        )
    raise ValueError(f"rdflib has no term for the quoted triple {term}")


def from_rdflib(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A pyoxigraph term for an rdflib one."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, RdfLiteral):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        datatype = node.datatype
        return ox.Literal(str(node), datatype=ox.NamedNode(str(datatype)) if datatype else None)
    raise ValueError(f"no pyoxigraph term for {node!r}")


def triple_to_rdflib(triple: ox.Triple) -> RdflibTriple:
    """An (s, p, o) tuple of rdflib terms."""
    return to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)


def triple_from_rdflib(triple: RdflibTriple) -> ox.Triple:
    """A pyoxigraph Triple from an rdflib (s, p, o) tuple."""
    subject, predicate, obj = (from_rdflib(node) for node in triple)
    if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
        raise ValueError(f"not an RDF triple: {triple!r}")
    return ox.Triple(subject, predicate, obj)


def graph_name(iri: str | None) -> GraphName:
    """The pyoxigraph graph name for an IRI, or the default graph for None."""
    return ox.DefaultGraph() if iri is None else ox.NamedNode(iri)


def quads_from_rdflib(triples: Iterable[RdflibTriple], graph: str | None) -> list[ox.Quad]:
    """rdflib triples as pyoxigraph quads in one graph (e.g. OWL RL output for the inferred one)."""
    name = graph_name(graph)
    converted = (triple_from_rdflib(triple) for triple in triples)
    return [ox.Quad(t.subject, t.predicate, t.object, name) for t in converted]


def rdflib_graph(store: Store, graphs: Iterable[str], graph: Graph | None = None) -> Graph:
    """The union of some named graphs of the store as one rdflib Graph (new or the one given)."""
    target = Graph() if graph is None else graph
    for iri in graphs:
        for quad in store.quads(None, None, None, ox.NamedNode(iri)):
            target.add(triple_to_rdflib(quad.triple))
    return target


def rdflib_dataset(store: Store, graphs: Iterable[str]) -> Dataset:
    """Some named graphs of the store as an rdflib Dataset, each graph kept apart."""
    dataset = Dataset()
    for iri in graphs:
        rdflib_graph(store, [iri], dataset.graph(URIRef(iri)))
    return dataset
