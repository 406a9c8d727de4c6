"""Which shapes the native engine validates and which go to pySHACL, the reference.

The differential tests (tests/validation/test_engine_differential.py) run both engines on the
W3C suite, the project's fixtures and random graphs. The one feature on which they were seen to
disagree is SPARQL text that the SHACL spec forbids with pre-bound variables (MINUS, VALUES,
SERVICE, sub-queries, `AS $var`, `$shapesGraph`, `$currentShape`): pyshacl-turbo refuses such
shapes, pySHACL runs them. A targeted shape that reaches such a constraint is routed to pySHACL
so that the project keeps validating what it validated before; docs/validation-engines.md lists
the routes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rdflib import BNode, Graph
from rdflib.collection import Collection
from rdflib.term import Node

from qalamoun_kg.namespaces import OWL, RDF, RDFS, SH

_TARGET_KEYS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_NESTED_KEYS = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_LIST_KEYS = (SH["and"], SH["or"], SH.xone)
_QUERY_KEYS = (SH.select, SH.ask)
# SPARQL that SHACL forbids beside pre-bound variables, where the two engines part ways.
_DISAGREEING_SPARQL = re.compile(
    r"\b(MINUS|VALUES|SERVICE)\b|\$shapesGraph|\$currentShape|\bAS\s+[$?]this\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Routing:
    """Targeted shapes for each engine: the native one, and pySHACL."""

    native: tuple[Node, ...]
    reference: tuple[Node, ...]


def routing(shapes: Graph) -> Routing:
    """Split the targeted shapes between the engines (cached per graph object)."""
    return _routing(shapes)


@lru_cache(maxsize=16)
def _routing(shapes: Graph) -> Routing:
    """The split, computed once for a shapes graph."""
    targeted = sorted(_targeted(shapes), key=str)
    if _components_disagree(shapes):
        return Routing((), tuple(targeted))
    routed = [s for s in targeted if any(_disagrees(shapes, n) for n in _closure(shapes, s))]
    if any(isinstance(s, BNode) for s in routed):
        # A blank shape cannot be named to either engine: the whole set goes to pySHACL.
        return Routing((), tuple(targeted))
    native = tuple(s for s in targeted if s not in routed)
    return Routing(native, tuple(routed))


def _targeted(shapes: Graph) -> set[Node]:
    """Shapes with a target declaration, or an implicit class target (a shape that is a class)."""
    declared = {s for key in _TARGET_KEYS for s in shapes.subjects(key, None)}
    classes = set(shapes.subjects(RDF.type, RDFS.Class)) | set(shapes.subjects(RDF.type, OWL.Class))
    shapes_typed = set(shapes.subjects(RDF.type, SH.NodeShape))
    shapes_typed |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    return declared | (classes & shapes_typed)


def _closure(shapes: Graph, start: Node) -> Iterator[Node]:
    """The shape and every shape nested in it."""
    seen: set[Node] = set()
    todo = [start]
    while todo:
        shape = todo.pop()
        if shape in seen:
            continue
        seen.add(shape)
        yield shape
        todo.extend(n for key in _NESTED_KEYS for n in shapes.objects(shape, key))
        for key in _LIST_KEYS:
            for members in shapes.objects(shape, key):
                todo.extend(Collection(shapes, members))


def _disagrees(shapes: Graph, shape: Node) -> bool:
    """Whether one shape's own SPARQL constraints use a feature the engines differ on."""
    return any(
        _forbidden(str(text))
        for constraint in shapes.objects(shape, SH.sparql)
        for text in _texts(shapes, constraint)
    )


def _texts(shapes: Graph, constraint: Node) -> Iterator[Node]:
    """The query texts of a SPARQL constraint."""
    for key in _QUERY_KEYS:
        yield from shapes.objects(constraint, key)


def _components_disagree(shapes: Graph) -> bool:
    """Whether a SPARQL-based constraint component uses such a feature."""
    for component in shapes.subjects(RDF.type, SH.ConstraintComponent):
        for key in (SH.validator, SH.nodeValidator, SH.propertyValidator):
            for validator in shapes.objects(component, key):
                for text in _texts(shapes, validator):
                    if _forbidden(str(text)):
                        return True
    return False


def _forbidden(text: str) -> bool:
    """Whether a query uses a construct forbidden beside pre-bound variables (or a sub-query)."""
    selects = len(re.findall(r"\bSELECT\b", text, re.IGNORECASE))
    return bool(_DISAGREEING_SPARQL.search(text)) or selects > 1
