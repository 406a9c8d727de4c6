"""`/id/…`: every project resource as an HTML page or as RDF, by `?format=` or Accept.

`/resource?iri=` does the same for any other IRI the store describes (ontology terms).
"""

from __future__ import annotations

import io
from urllib.parse import quote

from flask import Blueprint, Response, request, url_for
from pyoxigraph import NamedNode

from qalamoun_kg.errors import InputError, QueryError
from qalamoun_kg.namespaces import QR
from qalamoun_kg.presentation.listing import class_listing
from qalamoun_kg.presentation.resource import describe
from qalamoun_kg.results import write_result
from qalamoun_kg.store import Store
from qalamoun_kg.web.pages.negotiation import (
    CONTENT_TYPES,
    EXTENSIONS,
    HTML,
    JSON,
    MEDIA_TYPES,
    RDF_FORMATS,
    FormatError,
    choose,
)
from qalamoun_kg.web.pages.respond import as_json, html, install_helpers, text, vary

OFFERED = (HTML, *RDF_FORMATS, JSON)


def create_blueprint(store: Store) -> Blueprint:
    """The resource pages, answering from the given store."""
    blueprint = Blueprint("resources", __name__, template_folder="templates")
    install_helpers(blueprint)

    @blueprint.route("/id/<path:path>")
    def resource(path: str) -> Response:
        """A project resource: HTML for browsers, RDF for RDF clients."""
        return _answer(store, str(QR) + path)

    @blueprint.route("/resource")
    def term() -> Response:
        """Any IRI the store describes, given as `?iri=`."""
        iri = request.args.get("iri", "").strip()
        if not iri:
            return vary(text("give the resource as ?iri=", 400))
        if iri.startswith(str(QR)):
            return Response(status=303, headers={"Location": _page_of(iri)})
        return _answer(store, iri)

    return blueprint


def _answer(store: Store, iri: str) -> Response:
    """Negotiate, describe and render one resource."""
    try:
        chosen = choose(request, OFFERED)
        NamedNode(iri)
    except FormatError as error:
        return vary(text(str(error), 400))
    except ValueError:
        return vary(text(f"not a valid IRI: {iri}", 400))
    if chosen is None:
        offered = ", ".join(m for m, n in MEDIA_TYPES.items() if n in OFFERED)
        return vary(text(f"not acceptable; this resource is available as {offered}", 406))
    if chosen in RDF_FORMATS:
        return _with_links(_rdf(store, iri, chosen), iri)
    described = describe(store, iri)
    if described is None:
        return _not_found(iri, as_text=chosen != HTML)
    if chosen == JSON:
        return _with_links(as_json(described), iri)
    instances = class_listing(store, iri)
    response = html("resource.html", data=described, formats=_alternates(iri), instances=instances)
    return _with_links(response, iri)


def _with_links(response: Response, iri: str) -> Response:
    """`Vary: Accept`, and on a found resource the `Link` header to its other formats."""
    if response.status_code == 200:
        response.headers["Link"] = _link_header(iri)
    return vary(response)


def _rdf(store: Store, iri: str, fmt: str) -> Response:
    """The triples about the resource (both directions) in an RDF format; 404 when none."""
    this = str(NamedNode(iri))
    sparql = (
        f"CONSTRUCT {{ {this} ?p ?o . ?s ?q {this} }} "
        f"WHERE {{ {{ {this} ?p ?o }} UNION {{ ?s ?q {this} }} }}"
    )
    try:
        if not store.query(f"ASK {{ {{ {this} ?p ?o }} UNION {{ ?s ?q {this} }} }}"):
            return _not_found(iri, as_text=True)
        triples = store.query(sparql)
        out = io.BytesIO()
        write_result(triples, fmt, out)
    except (InputError, QueryError) as error:
        return text(f"the store could not describe the resource: {error}", 503)
    body = out.getvalue()
    if not body.strip() or (fmt == "jsonld" and body.strip() in (b"[]", b"{}")):
        return _not_found(iri, as_text=True)
    return Response(body, 200, content_type=CONTENT_TYPES[fmt])


def _not_found(iri: str, *, as_text: bool = False) -> Response:
    """A 404: a page with a search box for people, a line of text for programs."""
    if as_text:
        return vary(text(f"no resource {iri} in this graph", 404))
    guess = iri.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
    return vary(html("not_found.html", 404, iri=iri, guess=guess))


def _page_of(iri: str) -> str:
    """The /id/ path of a project IRI."""
    return url_for("resources.resource", path=quote(iri[len(str(QR)) :], safe="/"))


def _self_url(iri: str, fmt: str) -> str:
    """The URL of this resource in a given format."""
    if iri.startswith(str(QR)):
        return f"{_page_of(iri)}?format={EXTENSIONS[fmt]}"
    return url_for("resources.term", iri=iri, format=EXTENSIONS[fmt])


def _alternates(iri: str) -> list[tuple[str, str]]:
    """(label, url) of the other formats, for the page's header."""
    names = {"turtle": "Turtle", "jsonld": "JSON-LD", "ntriples": "N-Triples", "rdfxml": "RDF/XML"}
    return [(names[f], _self_url(iri, f)) for f in RDF_FORMATS] + [("JSON", _self_url(iri, JSON))]


def _link_header(iri: str) -> str:
    """`Link: <…>; rel="alternate"; type="…"` for each RDF format and the JSON."""
    return ", ".join(
        f'<{_self_url(iri, f)}>; rel="alternate"; type="{CONTENT_TYPES[f].split(";")[0]}"'
        for f in (*RDF_FORMATS, JSON)
    )
