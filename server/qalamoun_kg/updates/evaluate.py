"""Evaluate a parsed SPARQL update against an `Overlay`, operation by operation, in order.

WHERE clauses are evaluated by rdflib's SPARQL engine over a `DatasetView` of the overlay; the
operations themselves are implemented here so that they follow the server's graph semantics
(see `overlay`) and never load anything on their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, URIRef, Variable
from rdflib.plugins.sparql import algebra
from rdflib.plugins.sparql.evaluate import evalPart
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import QueryContext, Update
from rdflib.term import Node

from qalamoun_kg.errors import QkgError
from qalamoun_kg.execution.fetch import FetchRefused
from qalamoun_kg.execution.run import CHECK_EVERY, Deadline
from qalamoun_kg.store.base import GraphName
from qalamoun_kg.store.convert import to_rdflib
from qalamoun_kg.updates.overlay import ManagedGraph, NamedGraph, Overlay, is_managed
from qalamoun_kg.updates.parse import field
from qalamoun_kg.updates.terms import from_rdflib
from qalamoun_kg.updates.view import DatasetView, as_graphs, graph_name

Loader = Callable[[str], list[ox.Triple]]
DEFAULT = ox.DefaultGraph()


class UpdateFailed(QkgError):
    """An operation that cannot be carried out (e.g. CREATE of an existing graph)."""


@dataclass(frozen=True)
class UpdateDataset:
    """The protocol's using-graph-uri and using-named-graph-uri parameters."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()

    def given(self) -> bool:
        """Whether the request named a dataset."""
        return bool(self.default or self.named)


def apply_update(
    overlay: Overlay,
    update: Update,
    deadline: Deadline,
    load: Loader,
    dataset: UpdateDataset | None = None,
    where: WhereQuery | None = None,
) -> None:
    """Carry out every operation on the overlay; a failing one (not SILENT) raises.

    `where`, for a one-operation update, is its WHERE clause as a query Oxigraph can run.
    """
    for op in update.algebra:
        deadline.check()
        step = _Step(overlay, op, deadline, load, dataset or UpdateDataset(), where)
        try:
            _OPERATIONS[op.name](step)
        except (UpdateFailed, FetchRefused, ValueError) as error:
            if not field(op, "silent"):
                raise UpdateFailed(f"{_name(op)}: {error}") from error


@dataclass(frozen=True)
class WhereQuery:
    """A WHERE clause as the text of a SELECT, and the base IRI it is read with."""

    text: str
    base_iri: str | None = None


@dataclass
class _Step:
    """One operation and what it works with."""

    overlay: Overlay
    op: CompValue
    deadline: Deadline
    load: Loader
    dataset: UpdateDataset
    where: WhereQuery | None = None


def _insert_data(step: _Step) -> None:
    """INSERT DATA: each quad into the graph it names."""
    blanks: dict[Node, ox.BlankNode] = {}
    for quad in _data_quads(step.op, blanks):
        step.overlay.add(quad)


def _delete_data(step: _Step) -> None:
    """DELETE DATA: each quad from the graph it names."""
    for quad in _data_quads(step.op, {}):
        step.overlay.remove(quad)


def _delete_where(step: _Step) -> None:
    """DELETE WHERE: the pattern is both the WHERE clause and the template."""
    op = step.op
    where = algebra.BGP(list(field(op, "triples") or []))
    for graph, triples in (field(op, "quads") or {}).items():
        where = algebra.Join(where, algebra.Graph(graph, algebra.BGP(list(triples))))
    template = CompValue("DeleteClause", triples=field(op, "triples"), quads=field(op, "quads"))
    named = sorted(step.overlay.graphs, key=str)
    solutions = _solutions(step, where, DatasetView(step.overlay, step.deadline), [DEFAULT], named)
    _change(step, solutions, template, None, DEFAULT)


def _modify(step: _Step) -> None:
    """DELETE/INSERT … WHERE with USING, USING NAMED and WITH."""
    op = step.op
    using = [u.default for u in field(op, "using") or () if field(u, "default") is not None]
    using_named = [u.named for u in field(op, "using") or () if field(u, "named") is not None]
    if step.dataset.given():
        using = [URIRef(iri) for iri in step.dataset.default]
        using_named = [URIRef(iri) for iri in step.dataset.named]
    named_with = field(op, "withClause")
    with_graph: GraphName = DEFAULT if named_with is None else graph_name(named_with)
    default: list[GraphName] = [with_graph]
    named: list[NamedGraph] = sorted(step.overlay.graphs, key=str)
    if using or using_named:
        default, named = as_graphs(using), list(_named(as_graphs(using_named)))
    view = DatasetView(step.overlay, step.deadline, default, set(named))
    solutions = _solutions(step, op.where, view, default, named)
    _change(step, solutions, field(op, "delete"), field(op, "insert"), with_graph)


def _solutions(
    step: _Step,
    where: CompValue,
    view: DatasetView,
    default: list[GraphName],
    named: list[NamedGraph],
) -> list[Any]:
    """The WHERE clause's solutions: by Oxigraph over the store while nothing has changed yet
    (the clause as the user wrote it), else by rdflib over the overlay."""
    if step.where is not None and step.overlay.unchanged():
        store = step.overlay.store
        rows = store.select(step.where.text, default, named, base_iri=step.where.base_iri)
        names = [variable.value for variable in rows.variables]
        solutions: list[Any] = []
        for number, row in enumerate(rows):
            if number % CHECK_EVERY == 0:
                step.deadline.check()
            bound = ((name, row[name]) for name in names)
            solutions.append(
                {Variable(n): to_rdflib(t, exact=True) for n, t in bound if t is not None}
            )
        return solutions
    context = QueryContext(view.dataset(), initBindings={})
    context.prologue = step.op.prologue
    context = context.pushGraph(view.default_graph())
    return list(evalPart(context, where))


def _change(
    step: _Step,
    solutions: list[Any],
    delete: CompValue | None,
    insert: CompValue | None,
    target: GraphName,
) -> None:
    """Delete every instantiated delete template, then insert every insert template."""
    step.deadline.check()
    removals = [q for s in solutions for q in _instantiate(delete, s, target)] if delete else []
    additions = [q for s in solutions for q in _instantiate(insert, s, target)] if insert else []
    for quad in removals:
        step.overlay.remove(quad)
    for quad in additions:
        step.overlay.add(quad)


def _clear(step: _Step) -> None:
    """CLEAR DEFAULT, NAMED, ALL or one graph; named graphs stay."""
    for graph in _targets(step):
        step.overlay.clear(graph)


def _drop(step: _Step) -> None:
    """DROP: as CLEAR, and named graphs cease to exist."""
    for graph in _targets(step):
        if isinstance(graph, ox.DefaultGraph):
            step.overlay.clear(graph)
        else:
            step.overlay.drop(graph)


def _create(step: _Step) -> None:
    """CREATE GRAPH: an empty named graph."""
    graph = graph_name(step.op.graphiri)
    if step.overlay.exists(graph):
        raise UpdateFailed(f"graph {graph} already exists")
    step.overlay.create(graph)


def _add(step: _Step) -> None:
    """ADD source TO target."""
    _transfer(step, replace=False, move=False)


def _copy(step: _Step) -> None:
    """COPY source TO target: the target's old triples go."""
    _transfer(step, replace=True, move=False)


def _move(step: _Step) -> None:
    """MOVE source TO target: as COPY, then the source goes."""
    _transfer(step, replace=True, move=True)


def _transfer(step: _Step, *, replace: bool, move: bool) -> None:
    """ADD, COPY and MOVE between the default graph and named graphs."""
    source, target = (_graph_operand(term) for term in step.op.graph)
    if not isinstance(source, ox.DefaultGraph) and not step.overlay.exists(source):
        raise UpdateFailed(f"graph {source} does not exist")
    if source == target:
        return
    triples = step.overlay.triples(source)
    if replace:
        step.overlay.clear(target)
    if not isinstance(target, ox.DefaultGraph):
        step.overlay.create(target)
    step.overlay.add_all(triples, target)
    if move:
        if isinstance(source, ox.DefaultGraph):
            step.overlay.clear(source)
        else:
            step.overlay.drop(source)


def _load(step: _Step) -> None:
    """LOAD <iri> [INTO GRAPH <g>], through the server's fetch policy."""
    triples = step.load(str(step.op.iri))
    target = graph_name(step.op.graphiri) if field(step.op, "graphiri") else DEFAULT
    if not isinstance(target, ox.DefaultGraph):
        step.overlay.create(target)
    step.overlay.add_all(triples, target)


_OPERATIONS: dict[str, Callable[[_Step], None]] = {
    "InsertData": _insert_data,
    "DeleteData": _delete_data,
    "DeleteWhere": _delete_where,
    "Modify": _modify,
    "Clear": _clear,
    "Drop": _drop,
    "Create": _create,
    "Add": _add,
    "Copy": _copy,
    "Move": _move,
    "Load": _load,
}


def _name(op: CompValue) -> str:
    """The operation's SPARQL keyword, for messages."""
    names = {"InsertData": "INSERT DATA", "DeleteData": "DELETE DATA"}
    names.update({"DeleteWhere": "DELETE WHERE", "Modify": "DELETE/INSERT"})
    return names.get(op.name, op.name.upper())


def _targets(step: _Step) -> list[GraphName]:
    """The graphs CLEAR or DROP acts on; a named graph must exist unless SILENT."""
    target = step.op.graphiri
    named: list[GraphName] = sorted(step.overlay.graphs, key=str)
    if target == "DEFAULT":
        return [DEFAULT]
    if target == "NAMED":
        return named
    if target == "ALL":
        return [DEFAULT, *named]
    graph = graph_name(target)
    if is_managed(graph):
        raise ManagedGraph(graph)
    if not step.overlay.exists(graph):
        raise UpdateFailed(f"graph {graph} does not exist")
    return [graph]


def _graph_operand(term: Any) -> GraphName:
    """`DEFAULT` or a graph IRI of ADD/COPY/MOVE."""
    return DEFAULT if term == "DEFAULT" else graph_name(term)


def _named(graphs: Iterable[GraphName]) -> Iterator[NamedGraph]:
    """The named graphs among graph names."""
    for graph in graphs:
        if not isinstance(graph, ox.DefaultGraph):
            yield graph


def _data_quads(op: CompValue, blanks: dict[Node, ox.BlankNode]) -> Iterator[ox.Quad]:
    """The ground quads of INSERT DATA / DELETE DATA (blank nodes made fresh)."""
    for triple in field(op, "triples") or ():
        yield _quad(triple, DEFAULT, {}, blanks)
    for graph, triples in (field(op, "quads") or {}).items():
        name = graph_name(graph)
        for triple in triples:
            yield _quad(triple, name, {}, blanks)


def _instantiate(template: CompValue, solution: Any, target: GraphName) -> Iterator[ox.Quad]:
    """A template's quads for one solution; those with unbound or misplaced terms are skipped."""
    blanks: dict[Node, ox.BlankNode] = {}
    for triple in field(template, "triples") or ():
        quad = _maybe_quad(triple, target, solution, blanks)
        if quad is not None:
            yield quad
    for graph, triples in (field(template, "quads") or {}).items():
        bound = solution.get(graph) if isinstance(graph, Variable) else graph
        if not isinstance(bound, URIRef):
            continue
        for triple in triples:
            quad = _maybe_quad(triple, graph_name(bound), solution, blanks)
            if quad is not None:
                yield quad


def _maybe_quad(
    triple: tuple[Node, Node, Node],
    graph: GraphName,
    solution: Any,
    blanks: dict[Node, ox.BlankNode],
) -> ox.Quad | None:
    """The quad of one template triple, or None when it is not a valid RDF triple."""
    try:
        return _quad(triple, graph, solution, blanks)
    except (ValueError, TypeError):
        return None


def _quad(
    triple: tuple[Node, Node, Node],
    graph: GraphName,
    solution: Any,
    blanks: dict[Node, ox.BlankNode],
) -> ox.Quad:
    """A quad from template terms: variables bound, template blank nodes made fresh."""
    terms: list[Any] = []
    for term in triple:
        if isinstance(term, Variable):
            term = solution.get(term)
            if term is None:
                raise ValueError("unbound variable")
            terms.append(from_rdflib(term))
        elif isinstance(term, BNode):
            terms.append(blanks.setdefault(term, ox.BlankNode()))
        else:
            terms.append(from_rdflib(term))
    subject, predicate, obj = terms
    if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
        raise ValueError("not an RDF triple")
    return ox.Quad(subject, predicate, obj, graph)
