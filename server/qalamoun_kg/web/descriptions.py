"""Descriptions of the endpoint and its data: the SPARQL service description (GET /sparql with
no query) and VoID statistics (/.well-known/void), negotiated as Turtle, JSON-LD or RDF/XML."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Response, request, url_for

from qalamoun_kg.execution.formats import BY_NAME, GRAPH, SOLUTION_FORMATS
from qalamoun_kg.namespaces import DCTERMS, META_GRAPH, PREFIXES, QO, QR, RDF, SD, VOID
from qalamoun_kg.store.base import Store
from qalamoun_kg.web.negotiation import choose, not_acceptable
from qalamoun_kg.web.services import Services

TITLE = "Qalamoun offensive (June–August 2014) knowledge graph"
ARTICLE = "https://en.wikipedia.org/wiki/Qalamoun_offensive_(June%E2%80%93August_2014)"
ENTAILMENT_SIMPLE = "http://www.w3.org/ns/entailment/Simple"
EXAMPLE_CLASSES = ("Offensive", "Actor", "Place", "Claim", "Citation")
_UNION = "{ SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
_lock = threading.Lock()


@dataclass(frozen=True)
class GraphStats:
    """Counts of one named graph."""

    name: str
    triples: int
    entities: int
    classes: int
    properties: int


@dataclass(frozen=True)
class Stats:
    """Counts of the default graph (the union), its partitions and its named graphs."""

    triples: int
    entities: int
    classes: int
    properties: int
    subjects: int
    objects: int
    class_partitions: tuple[tuple[str, int], ...]
    property_partitions: tuple[tuple[str, int], ...]
    graphs: tuple[GraphStats, ...]
    examples: tuple[str, ...]


def create_blueprint(services: Services) -> Blueprint:
    """The VoID description route."""
    blueprint = Blueprint("descriptions", __name__)

    @blueprint.route("/.well-known/void")
    def void() -> Response:
        """VoID statistics of the dataset."""
        return _respond(_void(services, stats(services)))

    return blueprint


def service_description(services: Services) -> Response:
    """The SPARQL 1.1 service description of the endpoint."""
    return _respond(_service(services, stats(services)))


def stats(services: Services) -> Stats:
    """The statistics, computed once per committed write."""
    generation = services.writer.generation
    with _lock:
        cached = services.memo.get("stats")
        if isinstance(cached, tuple) and cached[0] == generation:
            found: Stats = cached[1]
            return found
        computed = compute_stats(services.store)
        services.memo["stats"] = (generation, computed)
        return computed


def compute_stats(store: Store) -> Stats:
    """Count triples, entities, classes and properties of the union and of each graph."""
    union = _numbers(
        store,
        f"""SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
        (COUNT(DISTINCT ?o) AS ?objects) (COUNT(DISTINCT ?p) AS ?properties) WHERE {_UNION}""",
    )
    entities = _numbers(
        store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER isIRI(?s) }"
    )
    classes = _pairs(store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
    properties = _pairs(store, f"SELECT ?p (COUNT(*) AS ?n) WHERE {_UNION} GROUP BY ?p")
    return Stats(
        triples=union["triples"],
        entities=entities["n"],
        classes=len(classes),
        properties=union["properties"],
        subjects=union["subjects"],
        objects=union["objects"],
        class_partitions=tuple(sorted(classes.items())),
        property_partitions=tuple(sorted(properties.items())),
        graphs=tuple(_graph_stats(store)),
        examples=tuple(_examples(store)),
    )


def _graph_stats(store: Store) -> list[GraphStats]:
    """Counts per named graph (every graph but the bookkeeping one), empty ones included."""
    per_graph = _rows(
        store,
        """SELECT ?g (COUNT(*) AS ?t) (COUNT(DISTINCT ?p) AS ?p_) WHERE { GRAPH ?g { ?s ?p ?o } }
        GROUP BY ?g""",
    )
    entities = _pairs(
        store,
        "SELECT ?g (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o FILTER isIRI(?s) } } "
        "GROUP BY ?g",
    )
    classes = _pairs(
        store, "SELECT ?g (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?g"
    )
    counts = {str(row["g"].value): row for row in per_graph}
    found = []
    for graph in store.graphs():
        if not isinstance(graph, ox.NamedNode) or graph.value == str(META_GRAPH):
            continue
        row = counts.get(graph.value, {})
        found.append(
            GraphStats(
                name=graph.value,
                triples=_int(row.get("t")),
                entities=entities.get(graph.value, 0),
                classes=classes.get(graph.value, 0),
                properties=_int(row.get("p_")),
            )
        )
    return found


def _examples(store: Store) -> list[str]:
    """One resource of each core class, for void:exampleResource."""
    found: list[str] = []
    for name in EXAMPLE_CLASSES:
        rows = _rows(
            store,
            f"""SELECT ?x WHERE {{ ?x a/rdfs:subClassOf* <{QO[name]}>
            FILTER STRSTARTS(STR(?x), "{QR}") }} ORDER BY ?x LIMIT 1""",
        )
        found.extend(str(row["x"].value) for row in rows if row["x"].value not in found)
    return found


def _rows(store: Store, sparql: str) -> list[dict[str, ox.NamedNode | ox.Literal]]:
    """The solutions of a SELECT as dictionaries."""
    result = store.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [
        {name: value for name, value in zip(names, row, strict=True) if value is not None}
        for row in result
    ]


def _pairs(store: Store, sparql: str) -> dict[str, int]:
    """A two-column SELECT (IRI, count) as a dictionary."""
    return {
        str(row[k[0]].value): _int(row[k[1]]) for row in _rows(store, sparql) for k in [list(row)]
    }


def _numbers(store: Store, sparql: str) -> dict[str, int]:
    """The counts of a one-row SELECT."""
    rows = _rows(store, sparql)
    return {name: _int(value) for name, value in (rows[0] if rows else {}).items()}


def _int(value: object) -> int:
    """A count literal as an int (0 when missing)."""
    return int(value.value) if isinstance(value, ox.Literal) else 0


def _service(services: Services, data: Stats) -> list[ox.Triple]:
    """The sd:Service graph."""
    endpoint = iri(url_for("sparql.sparql", _external=True))
    service = ox.BlankNode()
    triples: list[tuple[object, object, object]] = [
        (service, RDF.type, SD.Service),
        (service, SD.endpoint, endpoint),
        (service, SD.supportedLanguage, SD.SPARQL11Query),
        (service, SD.defaultEntailmentRegime, iri(ENTAILMENT_SIMPLE)),
        (service, SD.feature, SD.UnionDefaultGraph),
        (service, SD.feature, SD.EmptyGraphs),
        (service, DCTERMS.title, ox.Literal(TITLE, language="en")),
        (service, DCTERMS.description, ox.Literal(_SERVICE_NOTE, language="en")),
    ]
    if services.config.writable:
        triples.append((service, SD.supportedLanguage, SD.SPARQL11Update))
    if services.fetch.hosts:
        triples.append((service, SD.feature, SD.BasicFederatedQuery))
    for fmt in (*SOLUTION_FORMATS, *(BY_NAME[n] for n in _GRAPH_NAMES)):
        triples.append((service, SD.resultFormat, iri(fmt.w3c)))
    for w3c in _INPUT_W3C:
        triples.append((service, SD.inputFormat, iri(w3c)))
    dataset, default = ox.BlankNode(), ox.BlankNode()
    triples += [
        (service, SD.defaultDataset, dataset),
        (dataset, RDF.type, SD.Dataset),
        (dataset, SD.defaultGraph, default),
        (default, RDF.type, SD.Graph),
        (default, VOID.triples, _count(data.triples)),
    ]
    for graph in data.graphs:
        named, described = ox.BlankNode(), ox.BlankNode()
        triples += [
            (dataset, SD.namedGraph, named),
            (named, RDF.type, SD.NamedGraph),
            (named, SD.name, iri(graph.name)),
            (named, SD.graph, described),
            (described, RDF.type, SD.Graph),
            (described, VOID.triples, _count(graph.triples)),
        ]
    return _triples(triples)


_SERVICE_NOTE = (
    "The default graph is the union of the named graphs except the shapes, the server's "
    "bookkeeping and the inferred triples; add infer=true to a query to include the inferred "
    "graph. Results are cut at a row limit, signalled by the X-SPARQL-MaxRows header."
)
_GRAPH_NAMES = ("turtle", "ntriples", "jsonld", "rdfxml", "nquads", "trig")
_INPUT_W3C = tuple(
    dict.fromkeys(BY_NAME[n].w3c for n in ("turtle", "ntriples", "jsonld", "rdfxml"))
)


def _void(services: Services, data: Stats) -> list[ox.Triple]:
    """The VoID description of the dataset and its named graphs."""
    here = request.base_url
    endpoint = iri(url_for("sparql.sparql", _external=True))
    dataset = iri(here + "#dataset")
    triples: list[tuple[object, object, object]] = [
        (iri(here), RDF.type, VOID.DatasetDescription),
        (iri(here), DCTERMS.title, ox.Literal(f"VoID description of the {TITLE}", language="en")),
        (iri(here), iri("http://xmlns.com/foaf/0.1/primaryTopic"), dataset),
        (dataset, RDF.type, VOID.Dataset),
        (dataset, DCTERMS.title, ox.Literal(TITLE, language="en")),
        (dataset, DCTERMS.source, iri(ARTICLE)),
        (dataset, VOID.sparqlEndpoint, endpoint),
        (dataset, VOID.uriSpace, ox.Literal(str(QR))),
        (dataset, VOID.vocabulary, iri(str(QO))),
        (dataset, VOID.triples, _count(data.triples)),
        (dataset, VOID.entities, _count(data.entities)),
        (dataset, VOID.classes, _count(data.classes)),
        (dataset, VOID.properties, _count(data.properties)),
        (dataset, VOID.distinctSubjects, _count(data.subjects)),
        (dataset, VOID.distinctObjects, _count(data.objects)),
    ]
    triples += [(dataset, VOID.exampleResource, iri(x)) for x in data.examples]
    for cls, count in data.class_partitions:
        node = ox.BlankNode()
        triples += [
            (dataset, VOID.classPartition, node),
            (node, VOID["class"], iri(cls)),
            (node, VOID.entities, _count(count)),
        ]
    for prop, count in data.property_partitions:
        node = ox.BlankNode()
        triples += [
            (dataset, VOID.propertyPartition, node),
            (node, VOID.property, iri(prop)),
            (node, VOID.triples, _count(count)),
        ]
    for graph in data.graphs:
        subset = iri(graph.name)
        triples += [
            (dataset, VOID.subset, subset),
            (subset, RDF.type, VOID.Dataset),
            (subset, SD.name, subset),
            (subset, VOID.sparqlEndpoint, endpoint),
            (subset, VOID.triples, _count(graph.triples)),
            (subset, VOID.entities, _count(graph.entities)),
            (subset, VOID.classes, _count(graph.classes)),
            (subset, VOID.properties, _count(graph.properties)),
        ]
    return _triples(triples)


def iri(value: object) -> ox.NamedNode:
    """A pyoxigraph IRI from a string or rdflib IRI."""
    return value if isinstance(value, ox.NamedNode) else ox.NamedNode(str(value))


def _count(value: int) -> ox.Literal:
    """An xsd:integer literal."""
    return ox.Literal(str(value), datatype=ox.NamedNode(str(_XSD_INTEGER)))


_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def _triples(rows: Iterable[tuple[object, object, object]]) -> list[ox.Triple]:
    """pyoxigraph triples from rows of pyoxigraph terms and rdflib IRIs."""
    found = []
    for subject, predicate, obj in rows:
        s = subject if isinstance(subject, ox.NamedNode | ox.BlankNode) else iri(subject)
        o = obj if isinstance(obj, ox.NamedNode | ox.BlankNode | ox.Literal) else iri(obj)
        found.append(ox.Triple(s, iri(predicate), o))
    return found


def _respond(triples: list[ox.Triple]) -> Response:
    """The description in the negotiated RDF format (Turtle by default)."""
    fmt = choose(request, GRAPH)
    if fmt is None:
        raise not_acceptable()
    rdf_format = fmt.rdf_format()
    items: list[ox.Triple] | list[ox.Quad] = triples
    if rdf_format.supports_datasets:
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    body = ox.serialize(items, format=rdf_format, prefixes=_PREFIXES) or b""
    response = Response(body, 200, content_type=fmt.content_type)
    response.vary.add("Accept")
    return response


_PREFIXES = {
    **{k: v for k, v in PREFIXES.items() if k in ("qo", "qr", "rdf", "rdfs", "xsd", "dcterms")},
    "sd": str(SD),
    "void": str(VOID),
    "formats": "http://www.w3.org/ns/formats/",
}
