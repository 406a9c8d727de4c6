"""`/`: the SPARQL query editor (YASGUI, served from the package) with the example gallery."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, Response, current_app, url_for
from markupsafe import Markup
from werkzeug.routing import BuildError

from qalamoun_kg.namespaces import PREFIXES, sparql_prologue
from qalamoun_kg.presentation.gallery import Example, load_examples
from qalamoun_kg.store import Store
from qalamoun_kg.web.pages.respond import html, install_helpers

STATIC = Path(__file__).resolve().parent / "static"
# Built by `make ui` from tests/competency/*.rq; the app config key QKG_EXAMPLES overrides it.
GALLERY = STATIC / "gallery"
YASGUI_JS = STATIC / "vendor" / "yasgui" / "yasgui.min.js"
STARTER = """SELECT ?event ?label ?start ?end WHERE {
  ?event a/rdfs:subClassOf* qo:Event ;
         rdfs:label ?label ;
         qo:startDate ?start ;
         qo:endDate ?end .
  FILTER (lang(?label) = "en")
}
ORDER BY ?start ?end
LIMIT 100
"""


def create_blueprint(store: Store) -> Blueprint:
    """The query page and the package's static files (under /assets)."""
    blueprint = Blueprint(
        "ui",
        __name__,
        static_folder="static",
        static_url_path="/assets",
        template_folder="templates",
    )
    install_helpers(blueprint)

    @blueprint.route("/")
    def index() -> Response:
        """YASGUI pointed at /sparql, the project prefixes, and the example gallery."""
        examples = load_examples(Path(current_app.config.get("QKG_EXAMPLES", GALLERY)))
        return html(
            "query.html",
            examples=examples,
            config=_config(examples),
            yasgui_built=YASGUI_JS.is_file(),
        )

    return blueprint


def _config(examples: list[Example]) -> Markup:
    """The page's settings for query.js, as JSON safe to put inside a <script> data block."""
    settings = {
        "endpoint": _endpoint(),
        "vocabulary": url_for("completions.terms"),
        "prefixes": PREFIXES,
        "defaultQuery": sparql_prologue() + "\n" + STARTER,
        "examples": [{"slug": e.slug, "title": e.title, "query": e.query} for e in examples],
    }
    text = json.dumps(settings, ensure_ascii=False)
    # "</" could end the script element early; "<!--" could open a comment in it.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _endpoint() -> str:
    """The SPARQL endpoint's URL on this server."""
    try:
        return url_for("sparql.sparql")
    except BuildError:
        return "/sparql"
