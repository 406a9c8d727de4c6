"""`/rdf-graph-store`: the SPARQL 1.1 Graph Store HTTP Protocol.

Indirect identification with `?graph=<iri>` or `?default`; direct identification under
`/rdf-graph-store/<path>`, where the request URL is the graph's name. `?default` is the store's
real default graph (not the union that queries see by default); the server's managed graphs can
be read but not written.
"""

from __future__ import annotations

import uuid

import pyoxigraph as ox
from flask import Blueprint, Request, Response, request
from werkzeug.datastructures import FileStorage

from qalamoun_kg.execution import GraphJob
from qalamoun_kg.execution.formats import GRAPH, INPUT_FORMATS
from qalamoun_kg.namespaces import USER_GRAPH
from qalamoun_kg.store.base import GraphName
from qalamoun_kg.store.parsing import parse_triples
from qalamoun_kg.web.auth import require_writer
from qalamoun_kg.web.errors import HttpError
from qalamoun_kg.web.negotiation import choose, not_acceptable
from qalamoun_kg.web.protocol import MULTIPART
from qalamoun_kg.web.respond import streamed
from qalamoun_kg.web.services import Services

METHODS = ["GET", "PUT", "POST", "DELETE"]
NEW_GRAPHS = f"{USER_GRAPH}/"


def create_blueprint(services: Services) -> Blueprint:
    """The graph store, reading through the executor and writing through the writer."""
    blueprint = Blueprint("graph_store", __name__)

    @blueprint.route("/rdf-graph-store", methods=METHODS)
    def indirect() -> Response:
        """A graph named by `?graph=` or `?default`; POST with neither makes a new graph."""
        return _handle(services, _indirect_target(request))

    @blueprint.route("/rdf-graph-store/<path:_path>", methods=METHODS)
    def direct(_path: str) -> Response:
        """The graph whose name is this URL."""
        try:
            name = ox.NamedNode(request.base_url)
        except ValueError as error:
            raise HttpError(400, f"the URL is not a valid graph IRI: {error}") from error
        return _handle(services, name)

    return blueprint


def _handle(services: Services, target: GraphName | None) -> Response:
    """Dispatch on the method."""
    if request.method in ("GET", "HEAD"):
        if target is None:
            raise HttpError(400, "name the graph with ?graph=<iri> or ?default")
        fmt = choose(request, GRAPH)
        if fmt is None:
            raise not_acceptable()
        graph = None if isinstance(target, ox.DefaultGraph) else target.value
        with services.admission.admitted():
            answer = services.executor.run(GraphJob(graph, fmt.name))
        return streamed(answer)
    require_writer(request, services.config)
    if request.method == "DELETE":
        if target is None:
            raise HttpError(400, "name the graph to delete with ?graph=<iri> or ?default")
        services.writer.delete(target)
        return Response(status=204)
    created_here = target is None
    name: GraphName = target or ox.NamedNode(NEW_GRAPHS + uuid.uuid4().hex)
    triples = _body_triples(request, name)
    if request.method == "PUT":
        _, existed = services.writer.replace(name, triples)
    else:
        _, existed = services.writer.merge(name, triples)
    if existed:
        return Response(status=204)
    response = Response(status=201)
    if created_here:
        assert isinstance(name, ox.NamedNode)
        response.headers["Location"] = name.value
    return response


def _indirect_target(req: Request) -> GraphName | None:
    """`?default`, `?graph=<iri>`, or None when neither is given."""
    graphs = req.args.getlist("graph")
    if "default" in req.args:
        if graphs:
            raise HttpError(400, "give either ?default or ?graph=, not both")
        return ox.DefaultGraph()
    if not graphs:
        return None
    if len(graphs) > 1:
        raise HttpError(400, "give one ?graph= per request")
    try:
        node = ox.NamedNode(graphs[0])
    except ValueError as error:
        raise HttpError(400, f"graph= is not an absolute IRI: {error}") from error
    if ":" not in graphs[0]:
        raise HttpError(400, "graph= must be an absolute IRI")
    return node


def _body_triples(req: Request, graph: GraphName) -> list[ox.Triple]:
    """The triples of the request body (or of each part of a multipart body)."""
    base = req.base_url if isinstance(graph, ox.DefaultGraph) else graph.value
    if req.mimetype == MULTIPART:
        triples: list[ox.Triple] = []
        for part in req.files.values():
            triples.extend(_part_triples(part, base))
        return triples
    rdf_format = _input_format(req.mimetype, req.mimetype_params)
    return parse_triples(req.get_data(cache=False), rdf_format, name="request body", base_iri=base)


def _part_triples(part: FileStorage, base: str) -> list[ox.Triple]:
    """The triples of one part of a multipart body."""
    media = part.mimetype or ""
    if not media or media == "application/octet-stream":
        guessed = ox.RdfFormat.from_extension((part.filename or "").rsplit(".", 1)[-1])
        if guessed is None:
            raise HttpError(415, f"part {part.name!r} has no RDF Content-Type")
        rdf_format = guessed
    else:
        rdf_format = _input_format(media, part.mimetype_params)
    return parse_triples(part.read(), rdf_format, name=part.filename or part.name, base_iri=base)


def _input_format(media: str, params: dict[str, str]) -> ox.RdfFormat:
    """The RDF format of a body's media type; 415 when unknown or not UTF-8."""
    if not media:
        raise HttpError(415, "the body needs a Content-Type such as text/turtle")
    if media not in INPUT_FORMATS:
        offered = ", ".join(sorted(INPUT_FORMATS))
        raise HttpError(415, f"cannot read {media}; send one of {offered}")
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise HttpError(415, f"the body must be UTF-8, not {charset}")
    return INPUT_FORMATS[media]
