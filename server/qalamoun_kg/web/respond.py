"""Responses built from a running job's answer, streamed as the reader produces it."""

from __future__ import annotations

from flask import Response

from qalamoun_kg.execution import Answer

MAX_ROWS_HEADER = "X-SPARQL-MaxRows"


def streamed(answer: Answer) -> Response:
    """The answer's bytes as they come; a cut result says so in X-SPARQL-MaxRows."""
    response = Response(answer, 200, content_type=answer.head.content_type, direct_passthrough=True)
    if answer.head.truncated:
        response.headers[MAX_ROWS_HEADER] = str(answer.head.max_rows)
    response.vary.add("Accept")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
