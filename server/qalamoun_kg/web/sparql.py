"""`/sparql`: the SPARQL 1.1 Protocol, queries for everyone and updates for the token holder."""

from __future__ import annotations

import json

from flask import Blueprint, Response, request

from qalamoun_kg.execution import QueryJob
from qalamoun_kg.execution.fetch import check_service_targets
from qalamoun_kg.execution.lexical import check_nesting
from qalamoun_kg.web import descriptions
from qalamoun_kg.web.auth import require_writer
from qalamoun_kg.web.negotiation import choose_both
from qalamoun_kg.web.protocol import QueryRequest, UpdateRequest, read
from qalamoun_kg.web.respond import streamed
from qalamoun_kg.web.services import Services


def create_blueprint(services: Services) -> Blueprint:
    """The endpoint, answering from the services' executor and writing through its writer."""
    blueprint = Blueprint("sparql", __name__)

    @blueprint.route("/sparql", methods=["GET", "POST"])
    @blueprint.route("/sparql/", methods=["GET", "POST"], endpoint="sparql_slash")
    def sparql() -> Response:
        """Query, update, or (GET without either) the service description."""
        operation = read(request)
        if operation is None:
            return descriptions.service_description(services)
        if isinstance(operation, UpdateRequest):
            return _update(services, operation)
        return _query(services, operation)

    return blueprint


def _query(services: Services, operation: QueryRequest) -> Response:
    """Run a query in the executor and stream its result."""
    solutions, graph = choose_both(request)
    check_nesting(operation.sparql)
    check_service_targets(services.fetch, operation.sparql, request.host)
    job = QueryJob(
        sparql=operation.sparql,
        solutions_format=solutions,
        graph_format=graph,
        infer=operation.infer,
        default_graphs=operation.default_graphs,
        named_graphs=operation.named_graphs,
        base_iri=request.base_url,
        max_rows=services.config.max_rows,
    )
    with services.admission.admitted():
        answer = services.executor.run(job)
    return streamed(answer)


def _update(services: Services, operation: UpdateRequest) -> Response:
    """Check the writer, then run the update as one validated transaction."""
    require_writer(request, services.config)
    delta = services.writer.update(
        operation.sparql, base_iri=request.base_url, dataset=operation.dataset
    )
    body = json.dumps(delta.summary(), ensure_ascii=False) + "\n"
    return Response(body, 200, content_type="application/json")
