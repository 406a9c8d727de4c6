"""owlrl's closure of a store's premises, as the reasoner's output is defined (the reference)."""

from __future__ import annotations

import owlrl
import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef

from qalamoun_kg.namespaces import INFERRED_GRAPH
from qalamoun_kg.reasoning.facts import as_fact
from qalamoun_kg.reasoning.materialize import premises
from qalamoun_kg.reasoning.policy import Fact, keeps
from qalamoun_kg.store import Store
from qalamoun_kg.store.convert import from_rdflib, to_rdflib

ERROR_MESSAGE = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")


def owlrl_inferred(store: Store) -> set[Fact]:
    """Plain owlrl on ontology + data (Wikidata sameAs left out), minus the asserted triples,
    without literal subjects and reflexive sameAs: what the inferred graph must hold.

    owlrl also writes what it finds inconsistent into the graph as `_:m a agent-ont:
    ErrorMessage`; the project reports those with `qkg infer --check` instead."""
    schema, data, identities = premises(store)
    graph = Graph()
    for fact in schema + data:
        graph.add(tuple(to_rdflib(term) for term in fact))  # type: ignore[arg-type]
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(graph)
    asserted = set(schema) | set(data) | set(identities)
    messages = set(graph.subjects(RDF.type, ERROR_MESSAGE))
    closed = {
        tuple(from_rdflib(node) for node in triple) for triple in graph if triple[0] not in messages
    }
    return {f for f in closed if keeps(f) and f not in asserted}  # type: ignore[misc,arg-type]


def stored_inferred(store: Store) -> set[Fact]:
    """What the store's inferred graph holds."""
    quads = store.quads(None, None, None, ox.NamedNode(str(INFERRED_GRAPH)))
    return {fact for q in quads if (fact := as_fact(q.triple)) is not None}
