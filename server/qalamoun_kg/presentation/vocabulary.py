"""What the query editor completes: the graph's own classes, properties and entities, labelled.

Everything comes from the store (no outside vocabulary service): classes declared or used with
`rdf:type`, properties declared or used as predicates, and the project's resources.
"""

from __future__ import annotations

import dataclasses

from qalamoun_kg.namespaces import OWL, QR, RDF
from qalamoun_kg.presentation.facts import iri_of, labels, select
from qalamoun_kg.store import Store

CLASSES_QUERY = f"""SELECT DISTINCT ?c WHERE {{
  {{ ?c a <{OWL.Class}> }} UNION {{ ?s a ?c }}
  FILTER(isIRI(?c)) }}"""
PROPERTIES_QUERY = f"""SELECT DISTINCT ?p WHERE {{
  {{ VALUES ?kind {{ <{OWL.ObjectProperty}> <{OWL.DatatypeProperty}> <{OWL.AnnotationProperty}>
                    <{RDF.Property}> }} ?p a ?kind }}
  UNION {{ ?s ?p ?o }} FILTER(isIRI(?p)) }}"""
ENTITIES_QUERY = f"""SELECT DISTINCT ?s WHERE {{
  ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{QR}")) }}"""


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """IRI -> label for each kind of term the editor completes."""

    classes: dict[str, str]
    properties: dict[str, str]
    entities: dict[str, str]


def vocabulary(store: Store) -> Vocabulary:
    """The graph's classes, properties and project resources with their labels."""
    found = [_iris(store, q) for q in (CLASSES_QUERY, PROPERTIES_QUERY, ENTITIES_QUERY)]
    named = labels(store, [iri for group in found for iri in group])
    classes, properties, entities = ({iri: named[iri] for iri in sorted(g)} for g in found)
    return Vocabulary(classes, properties, entities)


def _iris(store: Store, sparql: str) -> set[str]:
    """The IRIs of the query's single column."""
    cells = (next(iter(row.values())) for row in select(store, sparql))
    return {iri for cell in cells if (iri := iri_of(cell))}
