"""`/query/vocabulary.json`: the terms the query editor completes, from this graph only."""

from __future__ import annotations

import json

from flask import Blueprint, Response

from qalamoun_kg.presentation.model import plain
from qalamoun_kg.presentation.vocabulary import vocabulary
from qalamoun_kg.store import Store


def create_blueprint(store: Store) -> Blueprint:
    """The completion data of the query editor, answering from the given store."""
    blueprint = Blueprint("completions", __name__)

    @blueprint.route("/query/vocabulary.json")
    def terms() -> Response:
        """Classes, properties and project resources, each IRI with its label."""
        body = json.dumps(plain(vocabulary(store)), ensure_ascii=False)
        response = Response(body, 200, content_type="application/json")
        response.cache_control.no_cache = True
        return response

    return blueprint
