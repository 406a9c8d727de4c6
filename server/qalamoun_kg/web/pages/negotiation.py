"""Choosing a response format from `?format=` or the Accept header (werkzeug's parsing)."""

from __future__ import annotations

from flask import Request

HTML = "html"
JSON = "json"
CSV = "csv"
# Media type -> format name as `qalamoun_kg.results` knows it (or html/json).
MEDIA_TYPES = {
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/json": JSON,
    "text/csv": CSV,
}
CONTENT_TYPES = {
    HTML: "text/html; charset=utf-8",
    JSON: "application/json",
    CSV: "text/csv; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}
ALIASES = {
    "html": HTML,
    "json": JSON,
    "csv": CSV,
    "ttl": "turtle",
    "turtle": "turtle",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "nt": "ntriples",
    "ntriples": "ntriples",
    "n-triples": "ntriples",
    "rdf": "rdfxml",
    "xml": "rdfxml",
    "rdfxml": "rdfxml",
    "rdf-xml": "rdfxml",
}
EXTENSIONS = {"turtle": "ttl", "jsonld": "jsonld", "ntriples": "nt", "rdfxml": "rdf", JSON: "json"}
RDF_FORMATS = ("turtle", "jsonld", "ntriples", "rdfxml")


class FormatError(ValueError):
    """`?format=` names a format the page does not have."""


def choose(request: Request, offered: tuple[str, ...]) -> str | None:
    """The format to answer in: `?format=` wins, else the best Accept match (HTML on a tie).

    Returns None when the Accept header allows none of the offered formats.
    """
    asked = request.args.get("format")
    if asked is not None:
        name = ALIASES.get(asked.strip().lower())
        if name not in offered:
            raise FormatError(f"unknown format {asked!r}; use one of {', '.join(offered)}")
        return name
    candidates = [media for media, name in MEDIA_TYPES.items() if name in offered]
    if not request.accept_mimetypes:
        return offered[0]
    best = request.accept_mimetypes.best_match(candidates)
    return MEDIA_TYPES[best] if best else None
