"""What each shape reads beyond its focus node, derived from the shapes graph.

A `Dependency` is a path of steps from a focus node plus the predicates read at the nodes it
reaches. A focus node has to be checked again when a triple on such a path, or a read triple
of a node at its end, is added or removed; the incremental validator walks the steps backwards
from every changed triple to find those focus nodes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from qalamoun_kg.namespaces import RDF, RDFS, SH

QSH_DEPENDS_ON_PATH = URIRef("https://w3id.org/qalamoun/shapes#dependsOnPath")

# Constraint parameters whose values are shapes checked against the value nodes.
_NESTED_SHAPE_KEYS = (SH.node, SH.qualifiedValueShape, SH["not"], SH.property)
_NESTED_LIST_KEYS = (SH["and"], SH["or"], SH.xone)
_TARGET_KEYS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


class UnsupportedShapes(Exception):
    """The shapes use a feature the dependency analysis cannot follow (e.g. `sh:zeroOrMorePath`)."""


@dataclass(frozen=True)
class Step:
    """One hop along a predicate, forwards (subject to object) or inverse."""

    predicate: str
    inverse: bool = False


@dataclass(frozen=True)
class Dependency:
    """A focus node reads the triples on `steps` and, at the nodes reached, those in `reads`.

    `reads` None means every outgoing triple; `scope` None means any focus node, else only
    instances of those classes (used to keep extraction small, never for correctness).
    """

    steps: tuple[Step, ...]
    reads: frozenset[str] | None
    scope: frozenset[str] | None


def dependencies(shapes: Graph) -> tuple[Dependency, ...]:
    """Every dependency of every shape that has a target."""
    found: set[Dependency] = set()
    for shape in _targeted_shapes(shapes):
        scope = _scope(shapes, shape)
        for steps, reads in _shape_reads(shapes, shape, (), frozenset()):
            found.add(Dependency(steps, reads, scope))
    return tuple(sorted(found, key=repr))


def linear_paths(shapes: Graph, path: Node) -> list[tuple[Step, ...]]:
    """The step sequences a SHACL path can take (alternatives expanded)."""
    if isinstance(path, URIRef):
        return [(Step(str(path)),)]
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return [_inverted(steps) for steps in linear_paths(shapes, inverse)]
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return [
            s for option in Collection(shapes, alternatives) for s in linear_paths(shapes, option)
        ]
    if shapes.value(path, RDF.first) is not None:
        return _sequence(shapes, list(Collection(shapes, path)))
    raise UnsupportedShapes(f"path {path!r} cannot be followed incrementally")


def _sequence(shapes: Graph, members: list[Node]) -> list[tuple[Step, ...]]:
    """The step sequences of a sequence path."""
    results: list[tuple[Step, ...]] = [()]
    for member in members:
        options = linear_paths(shapes, member)
        results = [done + option for done in results for option in options]
    return results


def _inverted(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """The inverse of a step sequence: reversed, each hop turned around."""
    return tuple(Step(s.predicate, not s.inverse) for s in reversed(steps))


def _targeted_shapes(shapes: Graph) -> Iterator[Node]:
    """Shapes with at least one target declaration."""
    seen: set[Node] = set()
    for key in _TARGET_KEYS:
        for shape in shapes.subjects(key, None):
            if shape not in seen:
                seen.add(shape)
                yield shape


def _scope(shapes: Graph, shape: Node) -> frozenset[str] | None:
    """The classes a shape targets, or None when it targets anything else as well."""
    other_targets = (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    if any(shapes.value(shape, key) is not None for key in other_targets):
        return None
    classes = {str(c) for c in shapes.objects(shape, SH.targetClass) if isinstance(c, URIRef)}
    return frozenset(classes) or None


ReadSet = frozenset[str] | None
_TYPE_ONLY: frozenset[str] = frozenset({str(RDF.type)})


def _shape_reads(
    shapes: Graph, shape: Node, prefix: tuple[Step, ...], seen: frozenset[Node]
) -> Iterator[tuple[tuple[Step, ...], ReadSet]]:
    """(steps, reads) pairs of one shape applied at the end of prefix."""
    if shape in seen:
        return
    seen = seen | {shape}
    path = shapes.value(shape, SH.path)
    here = [prefix] if path is None else [prefix + p for p in linear_paths(shapes, path)]
    for steps in here:
        yield steps, frozenset()
        if shapes.value(shape, SH["class"]) is not None:
            yield steps, _TYPE_ONLY
        yield from _sparql_reads(shapes, shape, steps)
        yield from _nested_reads(shapes, shape, steps, seen)


def _sparql_reads(
    shapes: Graph, shape: Node, steps: tuple[Step, ...]
) -> Iterator[tuple[tuple[Step, ...], ReadSet]]:
    """SPARQL constraints read everything of their node and of the nodes they declare."""
    for constraint in shapes.objects(shape, SH.sparql):
        yield steps, None
        for declared in shapes.objects(constraint, QSH_DEPENDS_ON_PATH):
            for extra in linear_paths(shapes, declared):
                yield steps + extra, None


def _nested_reads(
    shapes: Graph, shape: Node, steps: tuple[Step, ...], seen: frozenset[Node]
) -> Iterator[tuple[tuple[Step, ...], ReadSet]]:
    """Reads of the shapes nested in this one, applied to its value nodes."""
    for key in _NESTED_SHAPE_KEYS:
        for nested in shapes.objects(shape, key):
            yield from _shape_reads(shapes, nested, steps, seen)
    for key in _NESTED_LIST_KEYS:
        for members in shapes.objects(shape, key):
            for nested in Collection(shapes, members):
                yield from _shape_reads(shapes, nested, steps, seen)


def superclass_map(axioms: Graph) -> dict[Node, frozenset[Node]]:
    """Each class with all its superclasses (itself included), from rdfs:subClassOf triples."""
    direct: dict[Node, set[Node]] = {}
    for sub, sup in axioms.subject_objects(RDFS.subClassOf):
        direct.setdefault(sub, set()).add(sup)
    return {cls: frozenset(_closure(cls, direct)) for cls in direct}


def _closure(start: Node, direct: dict[Node, set[Node]]) -> set[Node]:
    """start and everything reachable from it in direct."""
    found = {start}
    todo = [start]
    while todo:
        for parent in direct.get(todo.pop(), ()):
            if parent not in found:
                found.add(parent)
                todo.append(parent)
    return found
