"""Namespaces, SPARQL/Turtle prefixes and the named-graph IRIs of the project."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, TIME, VOID, XSD

QO = Namespace("https://w3id.org/qalamoun/ontology#")
QR = Namespace("https://w3id.org/qalamoun/id/")
GRAPH = Namespace("https://w3id.org/qalamoun/graph/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

ONTOLOGY_GRAPH = GRAPH["ontology"]
SHAPES_GRAPH = GRAPH["shapes"]
INFERRED_GRAPH = GRAPH["inferred"]
USER_GRAPH = GRAPH["user"]
META_GRAPH = GRAPH["meta"]
DATA_GRAPH_PREFIX = GRAPH["data/"]

PREFIXES: dict[str, str] = {
    "qo": str(QO),
    "qr": str(QR),
    "wd": str(WD),
    "wdt": str(WDT),
    "sem": str(SEM),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "time": str(TIME),
    "geo": str(GEO),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "sh": str(SH),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "void": str(VOID),
    "sd": str(SD),
}

__all__ = [
    "DATA_GRAPH_PREFIX",
    "DCTERMS",
    "GEO",
    "GRAPH",
    "INFERRED_GRAPH",
    "META_GRAPH",
    "ONTOLOGY_GRAPH",
    "OWL",
    "PREFIXES",
    "PROV",
    "QO",
    "QR",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SD",
    "SEM",
    "SH",
    "SHAPES_GRAPH",
    "SKOS",
    "TIME",
    "USER_GRAPH",
    "VOID",
    "WD",
    "WDT",
    "XSD",
    "data_graph",
    "sparql_prologue",
]


def data_graph(stem: str) -> URIRef:
    """Return the named graph IRI of `data/<stem>.ttl`."""
    return GRAPH[f"data/{stem}"]


def sparql_prologue(prefixes: dict[str, str] | None = None) -> str:
    """Return `PREFIX p: <iri>` lines for the given (default: all project) prefixes."""
    chosen = PREFIXES if prefixes is None else prefixes
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in chosen.items())
