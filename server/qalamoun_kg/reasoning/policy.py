"""What the reasoner reads and what it keeps: the input filter and the output filter.

Both are applied the same way to owlrl's closure when the two are compared (tests/reasoning).
"""

from __future__ import annotations

import pyoxigraph as ox

from qalamoun_kg.namespaces import INFERRED_GRAPH, META_GRAPH, OWL, SHAPES_GRAPH, WD

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Fact = tuple[Term, ox.NamedNode, Term]

SAME_AS = ox.NamedNode(str(OWL.sameAs))
NOT_INPUT_GRAPHS = frozenset({str(SHAPES_GRAPH), str(META_GRAPH), str(INFERRED_GRAPH)})
_WIKIDATA = str(WD)


def is_input_graph(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bool:
    """Whether a graph's triples are premises: all but shapes, bookkeeping and the inferred."""
    return not (isinstance(graph, ox.NamedNode) and graph.value in NOT_INPUT_GRAPHS)


def is_external_identity(fact: Fact) -> bool:
    """`owl:sameAs` to a Wikidata entity: a link to an outside record, not a premise.

    Used as a premise it would copy every triple onto the Wikidata IRI and merge two local
    resources that cite one entity; it stays asserted and queryable, but derives nothing.
    """
    subject, predicate, obj = fact
    return predicate == SAME_AS and (_is_wikidata(subject) or _is_wikidata(obj))


def keeps(fact: Fact) -> bool:
    """Whether a derived fact belongs in the inferred graph.

    RDF has no literal subjects, and `x owl:sameAs x` holds of every term (owlrl's eq-ref).
    """
    subject, predicate, obj = fact
    if isinstance(subject, ox.Literal):
        return False
    return not (predicate == SAME_AS and subject == obj)


def _is_wikidata(term: Term) -> bool:
    """Whether a term is a Wikidata entity IRI."""
    return isinstance(term, ox.NamedNode) and term.value.startswith(_WIKIDATA)
