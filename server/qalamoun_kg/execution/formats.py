"""The result formats the endpoint offers: names, media types and pyoxigraph formats."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat

SOLUTIONS = "solutions"
GRAPH = "graph"


@dataclass(frozen=True)
class ResultFormat:
    """One serialization: its short name, the media type it is sent as and those it answers to."""

    name: str
    family: str
    content_type: str
    accepts: tuple[str, ...]
    w3c: str

    @property
    def media_type(self) -> str:
        """The content type without parameters."""
        return self.content_type.split(";", 1)[0]

    def solutions_format(self) -> QueryResultsFormat:
        """The pyoxigraph format for SELECT/ASK results."""
        return _SOLUTION_FORMATS[self.name]

    def rdf_format(self) -> RdfFormat:
        """The pyoxigraph format for graphs."""
        return _RDF_FORMATS[self.name]


_NS = "http://www.w3.org/ns/formats/"
# In order of preference: the first is the default when the client accepts anything.
SOLUTION_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat(
        "json",
        SOLUTIONS,
        "application/sparql-results+json",
        ("application/sparql-results+json", "application/json"),
        _NS + "SPARQL_Results_JSON",
    ),
    ResultFormat(
        "xml",
        SOLUTIONS,
        "application/sparql-results+xml",
        ("application/sparql-results+xml", "application/xml", "text/xml"),
        _NS + "SPARQL_Results_XML",
    ),
    ResultFormat(
        "csv", SOLUTIONS, "text/csv; charset=utf-8", ("text/csv",), _NS + "SPARQL_Results_CSV"
    ),
    ResultFormat(
        "tsv",
        SOLUTIONS,
        "text/tab-separated-values; charset=utf-8",
        ("text/tab-separated-values",),
        _NS + "SPARQL_Results_TSV",
    ),
)
GRAPH_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat(
        "turtle",
        GRAPH,
        "text/turtle; charset=utf-8",
        ("text/turtle", "application/x-turtle", "application/turtle"),
        _NS + "Turtle",
    ),
    ResultFormat(
        "ntriples",
        GRAPH,
        "application/n-triples",
        ("application/n-triples", "text/plain"),
        _NS + "N-Triples",
    ),
    ResultFormat(
        "jsonld",
        GRAPH,
        "application/ld+json",
        ("application/ld+json", "application/json"),
        _NS + "JSON-LD",
    ),
    ResultFormat(
        "rdfxml",
        GRAPH,
        "application/rdf+xml",
        ("application/rdf+xml", "application/xml", "text/xml"),
        _NS + "RDF_XML",
    ),
    ResultFormat(
        "nquads",
        GRAPH,
        "application/n-quads",
        ("application/n-quads", "text/x-nquads"),
        _NS + "N-Quads",
    ),
    ResultFormat("trig", GRAPH, "application/trig", ("application/trig",), _NS + "TriG"),
)
BY_NAME = {f.name: f for f in (*SOLUTION_FORMATS, *GRAPH_FORMATS)}
# `format=json` on a CONSTRUCT means JSON-LD, `format=xml` RDF/XML, as Fuseki and Virtuoso do.
GRAPH_EQUIVALENT = {"json": "jsonld", "xml": "rdfxml"}
SOLUTIONS_EQUIVALENT = {"jsonld": "json", "rdfxml": "xml"}

_SOLUTION_FORMATS = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}
_RDF_FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
    "nquads": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
}
# Formats a graph can be read from in a request body (Graph Store Protocol, LOAD).
INPUT_FORMATS: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/x-turtle": RdfFormat.TURTLE,
    "application/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "text/plain": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/xml": RdfFormat.RDF_XML,
    "text/xml": RdfFormat.RDF_XML,
    "application/n-quads": RdfFormat.N_QUADS,
    "application/trig": RdfFormat.TRIG,
    "text/n3": RdfFormat.N3,
}


def family_formats(family: str) -> tuple[ResultFormat, ...]:
    """The formats of one result family, most preferred first."""
    return SOLUTION_FORMATS if family == SOLUTIONS else GRAPH_FORMATS


def named_for_family(name: str, family: str) -> ResultFormat | None:
    """The format a `format=` name stands for in one family, or None when it does not fit."""
    equivalent = GRAPH_EQUIVALENT if family == GRAPH else SOLUTIONS_EQUIVALENT
    chosen = BY_NAME.get(equivalent.get(name, name))
    return chosen if chosen is not None and chosen.family == family else None
