"""A `Store` in front of any SPARQL 1.1 server: Query, Update and the Graph Store Protocol."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from typing import IO, BinaryIO, TypeAlias, cast
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph
import requests
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
)
from requests.adapters import HTTPAdapter

from qalamoun_kg import __version__
from qalamoun_kg.errors import InputError, QueryError
from qalamoun_kg.execution.lexical import split_prologue
from qalamoun_kg.namespaces import GRAPH, META_GRAPH, PREFIXES
from qalamoun_kg.store.base import (
    GraphName,
    QueryResult,
    Subject,
    Term,
    has_dataset_clause,
    ntriples_text,
    replace_graphs_update,
    union_graphs,
)
from qalamoun_kg.store.parsing import parse_triples

UPDATE_ENV = "QKG_UPDATE_ENDPOINT"
GSP_ENV = "QKG_GSP_ENDPOINT"
TIMEOUT_ENV = "QKG_REMOTE_TIMEOUT"
GRAPHS_TTL_ENV = "QKG_REMOTE_GRAPHS_TTL"
TOKEN_ENV = "QKG_REMOTE_TOKEN"

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 300.0
GRAPHS_TTL = 2.0
MAX_MESSAGE = 2000
POOL_SIZE = 32  # keep-alive connections kept per server (the web layer runs 8 threads)

ACCEPT = ", ".join(
    (
        "application/sparql-results+json",
        "application/n-triples;q=0.9",
        "text/turtle;q=0.8",
        "application/sparql-results+xml;q=0.7",
        "application/rdf+xml;q=0.6",
    )
)
RESULTS_JSON = "application/sparql-results+json"
# A graph nobody writes: named as the whole default graph when no graph is visible, so that a
# server configured with a union default graph still shows nothing hidden.
NO_GRAPH = str(GRAPH["none"])
# The protocol cannot name an endpoint's real default graph among a query's default graphs, so
# our dataset's default graph is kept in this named graph of the endpoint.
DEFAULT_STAND_IN = NamedNode(str(GRAPH["default"]))
# Around an update, the stand-in is the endpoint's default graph, so the update's own semantics
# apply to it; one request, so one transaction on a transactional endpoint.
_OPEN_DEFAULT = f"ADD SILENT {DEFAULT_STAND_IN} TO DEFAULT ; DROP SILENT GRAPH {DEFAULT_STAND_IN} ;"
_CLOSE_DEFAULT = f"ADD SILENT DEFAULT TO {DEFAULT_STAND_IN} ; CLEAR SILENT DEFAULT"

_PREFIX_USE = re.compile(r"(?<![\w\-.:<#/?])(" + "|".join(PREFIXES) + r"):")
_PREFIX_DECLARATION = re.compile(r"\bPREFIX\s+([\w\-.]*):", re.IGNORECASE)
_GRAPH_KEYWORD = re.compile(r"\bGRAPH\b", re.IGNORECASE)
_POSITION = re.compile(r"error at (\d+):(\d+)")
_DATA_POSITION = re.compile(r"line (\d+) column (\d+):?")
_TAGS = re.compile(r"<[^>]*>")


RequestBody: TypeAlias = Mapping[str, str | list[str]] | IO[bytes] | None


class EndpointError(InputError):
    """The SPARQL server could not be reached or refused a request."""


@dataclass(frozen=True)
class Endpoints:
    """Where a server takes queries, updates, and Graph Store Protocol requests (None: none)."""

    query: str
    update: str
    store: str | None


def derive_endpoints(
    query_url: str, *, update: str | None = None, store: str | None = None
) -> Endpoints:
    """The update and GSP endpoints a query URL implies, by server convention, unless given.

    Oxigraph `/query` → `/update`, `/store`; Fuseki `/ds/query|sparql` → `/ds/update`,
    `/ds/data`; Virtuoso `/sparql` → itself, `/sparql-graph-crud`; GraphDB and RDF4J
    `/repositories/R` → `…/statements`, `…/rdf-graphs/service`; otherwise the query URL
    itself takes updates (QLever) and there is no GSP. An empty `store` string means none.
    """
    parts = urlsplit(query_url)
    path = parts.path.rstrip("/")

    def at(new_path: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    guessed: tuple[str, str | None]
    if path == "/query":
        guessed = at("/update"), at("/store")
    elif re.fullmatch(r"/[^/]+(/[^/]+)*/(query|sparql)", path):
        base = path.rsplit("/", 1)[0]
        guessed = at(base + "/update"), at(base + "/data")
    elif path == "/sparql":
        guessed = query_url, at("/sparql-graph-crud")
    elif re.fullmatch(r".*/repositories/[^/]+", path):
        guessed = at(path + "/statements"), at(path + "/rdf-graphs/service")
    else:
        guessed = query_url, None
    chosen_store = guessed[1] if store is None else (store or None)
    return Endpoints(query_url, update or guessed[0], chosen_store)


class RemoteStore:
    """A `Store` over the SPARQL 1.1 protocols; the default dataset is sent as graph parameters.

    Terms and results are pyoxigraph's, as with the embedded store. Blank nodes cannot be named
    in SPARQL, so patterns and removals treat a given blank node as "any blank node".
    """

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        store_url: str | None = None,
        timeout: float = READ_TIMEOUT,
        graphs_ttl: float = GRAPHS_TTL,
        token: str | None = None,
    ) -> None:
        self.endpoints = derive_endpoints(query_url, update=update_url, store=store_url)
        self.timeout = (min(CONNECT_TIMEOUT, timeout), timeout)
        self.graphs_ttl = graphs_ttl
        self._headers = {"User-Agent": f"qalamoun-kg/{__version__}"}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        self._session = shared_session(self._headers)
        self._graph_cache: tuple[float, list[NamedNode | BlankNode]] | None = None

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoints.query!r})"

    # -- queries -----------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        infer: bool = False,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query; see `Store.query` and `union_graphs` for the default dataset."""
        text, shift = with_prologue(sparql, base_iri)
        form: dict[str, str | list[str]] = {"query": text}
        form.update(self._dataset(sparql, infer, default_graphs, named_graphs))
        response = self._post(self.endpoints.query, form, what="query", shift=shift)
        return query_result(response)

    def select(
        self,
        sparql: str,
        default_graph: Sequence[GraphName],
        named_graphs: Sequence[NamedNode | BlankNode],
        *,
        base_iri: str | None = None,
    ) -> QuerySolutions:
        """Run a SELECT over exactly this dataset (our default graph is the stand-in)."""
        default = [_iri_of(_remote(graph)) for graph in default_graph]
        text, shift = with_prologue(sparql, base_iri)
        form: dict[str, str | list[str]] = {
            "query": text,
            "default-graph-uri": default or [NO_GRAPH],
            "named-graph-uri": [_iri_of(graph) for graph in named_graphs],
        }
        result = query_result(self._post(self.endpoints.query, form, what="query", shift=shift))
        if not isinstance(result, QuerySolutions):
            raise EndpointError("the SPARQL endpoint did not answer a SELECT with solutions")
        return result

    def _dataset(
        self,
        sparql: str,
        infer: bool,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
    ) -> dict[str, str | list[str]]:
        """The protocol's dataset parameters: given ones, none for FROM, else the default union."""
        if default_graphs is not None or named_graphs is not None:
            default = list(default_graphs or ())
            named = list(named_graphs or ())
            # An empty list must still say "nothing", not "the server's default dataset".
            return {"default-graph-uri": default or [NO_GRAPH], "named-graph-uri": named}
        if has_dataset_clause(sparql):
            return {}
        graphs = self._cached_graphs()
        visible = [
            remote.value
            for graph in union_graphs(graphs, infer=infer)
            if isinstance(remote := _remote(graph), NamedNode)
        ]
        dataset: dict[str, str | list[str]] = {"default-graph-uri": visible or [NO_GRAPH]}
        if _GRAPH_KEYWORD.search(sparql):
            # Naming default graphs empties the named ones unless they are named too.
            dataset["named-graph-uri"] = [g.value for g in graphs if isinstance(g, NamedNode)]
        return dataset

    def _cached_graphs(self) -> list[NamedNode | BlankNode]:
        """The named graphs, listed again when older than `graphs_ttl` or after our own writes."""
        cached = self._graph_cache
        now = time.monotonic()
        if cached is not None and now - cached[0] < self.graphs_ttl:
            return cached[1]
        graphs = self.graphs()
        self._graph_cache = (now, graphs)
        return graphs

    def quads(
        self,
        subject: Subject | None = None,
        predicate: NamedNode | None = None,
        object: Term | None = None,
        graph: GraphName | None = None,
    ) -> Iterator[Quad]:
        """Iterate the quads matching a pattern (None matches anything), streamed."""
        terms = {"s": subject, "p": predicate, "o": object}
        pattern = " ".join(_pattern_term(name, term) for name, term in terms.items())
        filters = "".join(
            f" FILTER(isBlank(?{name}))"
            for name, term in terms.items()
            if isinstance(term, BlankNode)
        )
        where = _graph_pattern(pattern + " ." + filters, _remote(graph))
        sparql = f"SELECT * WHERE {{ {where} }}"
        return (_local(quad) for quad in self._stream_quads(sparql, terms, _remote(graph)))

    def _stream_quads(
        self, sparql: str, terms: Mapping[str, Term | None], graph: GraphName | None
    ) -> Iterator[Quad]:
        """Quads built from a streamed SELECT, releasing the connection when done."""
        response = self._post(self.endpoints.query, {"query": sparql}, what="query", stream=True)
        try:
            response.raw.decode_content = True
            solutions = pyoxigraph.parse_query_results(_reader(response), QueryResultsFormat.JSON)
            if not isinstance(solutions, QuerySolutions):
                raise EndpointError("the SPARQL endpoint answered a SELECT with a boolean")
            for row in solutions:
                yield _quad(row, terms, graph)
        finally:
            response.close()

    def graphs(self) -> list[NamedNode | BlankNode]:
        """The named graphs in the store, sorted by name."""
        result = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        graphs = [row["g"] for row in result if isinstance(row["g"], NamedNode | BlankNode)]
        return sorted((g for g in graphs if g != DEFAULT_STAND_IN), key=lambda graph: graph.value)

    def triple_count(self, graph: str | None = None) -> int:
        """Number of quads in one named graph, or in the whole store."""
        if graph is None:
            where = "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }"
        else:
            where = f"GRAPH {NamedNode(graph)} {{ ?s ?p ?o }}"
        rows = list(self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"))
        count = rows[0]["n"] if rows else None
        return int(count.value) if count is not None else 0

    def _select(self, sparql: str) -> QuerySolutions:
        """Run one of our own SELECT queries over the server's own dataset."""
        result = query_result(self._post(self.endpoints.query, {"query": sparql}, what="query"))
        if not isinstance(result, QuerySolutions):
            raise EndpointError("the SPARQL endpoint did not answer a SELECT with solutions")
        return result

    # -- writes ------------------------------------------------------------------------------

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update in one request; the default graph is our dataset's default graph."""
        joiner = "\n" if sparql.rstrip().endswith(";") else "\n;\n"
        # Oxigraph accepts no PREFIX after ';': the opening goes after the request's prologue.
        prologue, operations = split_prologue(sparql)
        bracketed = f"{prologue} {_OPEN_DEFAULT}\n{operations}{joiner}{_CLOSE_DEFAULT}"
        text, shift = with_prologue(bracketed, base_iri)
        try:
            self._send_update(text, shift + 1)
        except QueryError as error:
            # Our brackets cannot surround some updates (e.g. an empty one): only then run it bare.
            if error.line is not None and error.line <= sparql.count("\n") + 1:
                raise
            plain, shift = with_prologue(sparql, base_iri)
            self._send_update(plain, shift)

    def _send_update(self, text: str, shift: int = 0) -> None:
        """POST an update and forget the cached graph list."""
        self._graph_cache = None
        try:
            self._post(self.endpoints.update, {"update": text}, what="update", shift=shift)
        finally:
            self._graph_cache = None

    def add(self, quads: Iterable[Quad]) -> None:
        """Add quads in one update (`INSERT DATA`)."""
        text = quad_data(_remote_quad(quad) for quad in quads)
        if text:
            self._send_update(f"INSERT DATA {{\n{text}}}")

    def remove(self, quads: Iterable[Quad]) -> None:
        """Remove quads in one update; a blank node in a quad matches any blank node there."""
        ground: list[Quad] = []
        operations: list[str] = []
        for quad in map(_remote_quad, quads):
            if _has_blank(quad):
                operations.append(_delete_with_blanks(quad))
            else:
                ground.append(quad)
        if ground:
            operations.insert(0, f"DELETE DATA {{\n{quad_data(ground)}}}")
        if operations:
            self._send_update(" ;\n".join(operations))

    def replace_graph(
        self, graph_iri: str, source: Path | bytes, format: RdfFormat = RdfFormat.TURTLE
    ) -> int:
        """Parse source fully, then atomically make it the whole content of one graph."""
        triples = parse_triples(source, format)
        self.replace_graphs({graph_iri: triples})
        return len(triples)

    def replace_graphs(self, contents: Mapping[str, Sequence[Triple]]) -> None:
        """Atomically (one update request) set the content of several graphs."""
        if contents:
            self._send_update(replace_graphs_update(contents))

    def bulk_load(self, source: Path | BinaryIO, format: RdfFormat, graph: str) -> None:
        """Stream a graph serialization into one graph with a GSP POST (the server parses it)."""
        if self.endpoints.store is None:
            raise EndpointError(
                f"no Graph Store Protocol endpoint known for {self.endpoints.query}; set ${GSP_ENV}"
            )
        self._graph_cache = None
        with _opened(source) as body:
            self._send(
                "POST",
                self.endpoints.store,
                params={"graph": graph},
                data=body,
                headers={"Content-Type": format.media_type},
                what="load",
            )

    def dump(self, out: BinaryIO, format: RdfFormat = RdfFormat.N_QUADS) -> None:
        """Write all graphs but meta (N-Quads, TriG), or the default union (Turtle and the like)."""
        if format.supports_datasets:
            pyoxigraph.serialize(self._dumped_quads(), out, format, prefixes=PREFIXES)
        else:
            pyoxigraph.serialize(self._union_triples(), out, format, prefixes=PREFIXES)

    def _dumped_quads(self) -> Iterator[Quad]:
        """Every quad except the store's own bookkeeping."""
        meta = NamedNode(str(META_GRAPH))
        return (quad for quad in self.quads() if quad.graph_name != meta)

    def _union_triples(self) -> Iterator[Triple]:
        """Distinct triples of the default union (as queries see it without inference)."""
        result = self.query("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }")
        if not isinstance(result, QuerySolutions):
            raise EndpointError("the SPARQL endpoint did not answer a SELECT with solutions")
        for row in result:
            subject, predicate, obj = row["s"], row["p"], row["o"]
            if (
                isinstance(predicate, NamedNode)
                and isinstance(subject, NamedNode | BlankNode | Triple)
                and obj is not None
            ):
                yield Triple(subject, predicate, obj)

    def clear(self) -> None:
        """Remove everything."""
        self._send_update("CLEAR ALL")

    def close(self) -> None:
        """Close the HTTP connections."""
        self._session.close()

    # -- HTTP --------------------------------------------------------------------------------

    def _post(
        self,
        url: str,
        form: Mapping[str, str | list[str]],
        *,
        what: str,
        shift: int = 0,
        stream: bool = False,
    ) -> requests.Response:
        """POST a form-encoded SPARQL protocol request; errors become project errors."""
        return self._send(
            "POST",
            url,
            data=dict(form),
            headers={"Accept": ACCEPT},
            what=what,
            shift=shift,
            stream=stream,
        )

    def _send(
        self,
        method: str,
        url: str,
        *,
        what: str,
        shift: int = 0,
        stream: bool = False,
        params: Mapping[str, str] | None = None,
        data: RequestBody = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """One HTTP request with timeouts; a failure is an `EndpointError` or a `QueryError`."""
        try:
            response = self._session.request(
                method,
                url,
                params=params,
                data=data,
                headers=headers,
                timeout=self.timeout,
                stream=stream,
            )
        except requests.Timeout as error:
            raise EndpointError(f"the SPARQL endpoint {url} did not answer in time") from error
        except requests.RequestException as error:
            raise EndpointError(
                f"cannot reach the SPARQL endpoint {url}: {_reason(error)}"
            ) from error
        if response.status_code >= 300:
            try:
                raise http_error(response, what, shift)
            finally:
                response.close()
        return response


def shared_session(headers: Mapping[str, str]) -> requests.Session:
    """One session for all threads: urllib3's pool is thread-safe, and cookies are refused.

    Callers such as the web layer run each query in a new thread, so per-thread sessions
    would open a connection per query.
    """
    session = requests.Session()
    session.headers.update(headers)
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=POOL_SIZE)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def open_remote(spec: str) -> RemoteStore:
    """A `RemoteStore` for a query endpoint URL, with overrides from the environment."""
    timeout = os.environ.get(TIMEOUT_ENV)
    ttl = os.environ.get(GRAPHS_TTL_ENV)
    try:
        return RemoteStore(
            spec,
            update_url=os.environ.get(UPDATE_ENV) or None,
            store_url=os.environ.get(GSP_ENV),
            timeout=float(timeout) if timeout else READ_TIMEOUT,
            graphs_ttl=float(ttl) if ttl else GRAPHS_TTL,
            token=os.environ.get(TOKEN_ENV) or None,
        )
    except ValueError as error:
        raise InputError(f"bad remote store setting: {error}", path=spec) from error


def with_prologue(sparql: str, base_iri: str | None = None) -> tuple[str, int]:
    """The text with the project prefixes it uses (and BASE) declared on a first line.

    Returns the text and how many lines were added before the user's text (0 or 1).
    """
    declared = {match.group(1) for match in _PREFIX_DECLARATION.finditer(sparql)}
    used = sorted({match.group(1) for match in _PREFIX_USE.finditer(sparql)} - declared)
    parts = [f"BASE {NamedNode(base_iri)}"] if base_iri else []
    parts.extend(f"PREFIX {name}: <{PREFIXES[name]}>" for name in used)
    if not parts:
        return sparql, 0
    return " ".join(parts) + "\n" + sparql, 1


def query_result(response: requests.Response) -> QueryResult:
    """Parse a query response: SPARQL results, or an RDF graph for CONSTRUCT and DESCRIBE."""
    media_type = response.headers.get("Content-Type", RESULTS_JSON).split(";")[0].strip()
    results_format = QueryResultsFormat.from_media_type(media_type)
    try:
        if results_format is not None:
            return pyoxigraph.parse_query_results(response.content, results_format)
        rdf_format = RdfFormat.from_media_type(media_type)
        if rdf_format is None:
            raise EndpointError(f"the SPARQL endpoint answered in an unknown format {media_type!r}")
        # QueryTriples has no constructor: a scratch store turns the graph into one.
        scratch = pyoxigraph.Store()
        scratch.load(response.content, rdf_format)
        return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
    except (SyntaxError, ValueError) as error:
        raise EndpointError(f"the SPARQL endpoint sent a malformed answer: {error}") from error


def http_error(response: requests.Response, what: str, shift: int) -> Exception:
    """The project error for a refused request; a 400 on a query or update is a `QueryError`."""
    text = _message(response)
    if response.status_code == 400 and what in ("query", "update"):
        return QueryError.from_parser(ValueError(_shift_position(text, shift)), what=what)
    if response.status_code == 400:
        return _refused_data(what, text)
    status = f"HTTP {response.status_code}"
    if response.status_code == 404:
        return EndpointError(f"no SPARQL {what} endpoint at {response.url} ({status})")
    if response.status_code in (401, 403):
        return EndpointError(f"the SPARQL endpoint refused the {what} ({status}): {text}")
    return EndpointError(f"the SPARQL endpoint failed on the {what} ({status}): {text}")


def quad_data(quads: Iterable[Quad]) -> str:
    """Quads as SPARQL `QuadData`: the default graph's triples, then one `GRAPH` block each."""
    by_graph: dict[GraphName, list[Triple]] = {}
    for quad in quads:
        by_graph.setdefault(quad.graph_name, []).append(quad.triple)
    parts = [
        ntriples_text(triples)
        if isinstance(graph, DefaultGraph)
        else f"GRAPH {graph} {{\n{ntriples_text(triples)}}}\n"
        for graph, triples in by_graph.items()
    ]
    return "".join(parts)


def _refused_data(what: str, text: str) -> InputError:
    """An `InputError` for refused RDF, with line and column when the parser gave them."""
    match = _DATA_POSITION.search(text)
    if match is None:
        return InputError(f"{what} refused by the SPARQL endpoint: {text}")
    line, column = int(match.group(1)), int(match.group(2))
    return InputError(text[match.end() :].strip() or text, line=line, column=column)


def _shift_position(text: str, shift: int) -> str:
    """A parser message with its line number moved back over the lines we prepended."""
    match = _POSITION.search(text)
    if match is None or not shift:
        return text
    line = max(1, int(match.group(1)) - shift)
    return f"{text[: match.start()]}error at {line}:{match.group(2)}{text[match.end() :]}"


def _message(response: requests.Response) -> str:
    """The server's error text, without markup, cut to a readable length."""
    text = response.text.strip()
    if "html" in response.headers.get("Content-Type", ""):
        text = " ".join(_TAGS.sub(" ", text).split())
    return text[:MAX_MESSAGE] or response.reason or "no message"


def _reason(error: requests.RequestException) -> str:
    """The innermost cause of a connection failure, e.g. `Connection refused`."""
    text = str(error)
    refused = re.search(r"\[Errno -?\d+\] ([^'\")]+)", text)
    return refused.group(1) if refused else text[:MAX_MESSAGE]


@contextmanager
def _opened(source: Path | BinaryIO) -> Iterator[IO[bytes]]:
    """A binary stream of a file (closed afterwards) or the stream given (left open)."""
    if isinstance(source, Path):
        try:
            with source.open("rb") as body:
                yield body
        except OSError as error:
            raise InputError(f"cannot read: {error.strerror}", path=str(source)) from error
    else:
        yield source


def _reader(response: requests.Response) -> IO[bytes]:
    """The undecoded body stream of a response, as a binary file."""
    return cast(IO[bytes], response.raw)


def _remote(graph: GraphName | None) -> GraphName | None:
    """The endpoint's graph for one of ours (our default graph is the stand-in)."""
    return DEFAULT_STAND_IN if isinstance(graph, DefaultGraph) else graph


def _iri_of(graph: GraphName | None) -> str:
    """The IRI of a graph the protocol can name."""
    if not isinstance(graph, NamedNode):
        raise InputError("a remote store can only name graphs by IRI")
    return graph.value


def _remote_quad(quad: Quad) -> Quad:
    """A quad as the endpoint keeps it."""
    if isinstance(quad.graph_name, DefaultGraph):
        return Quad(quad.subject, quad.predicate, quad.object, DEFAULT_STAND_IN)
    return quad


def _local(quad: Quad) -> Quad:
    """A quad of the endpoint as our dataset sees it."""
    if quad.graph_name == DEFAULT_STAND_IN:
        return Quad(quad.subject, quad.predicate, quad.object, DefaultGraph())
    return quad


def _pattern_term(name: str, term: Term | None) -> str:
    """A triple pattern position: the term itself, or a variable when open or a blank node."""
    if term is None or isinstance(term, BlankNode):
        return f"?{name}"
    return str(term)


def _graph_pattern(triple_pattern: str, graph: GraphName | None) -> str:
    """Wrap a triple pattern for one graph, the default graph, or any graph (binding ?g)."""
    if isinstance(graph, DefaultGraph):
        return triple_pattern
    if isinstance(graph, NamedNode):
        return f"GRAPH {graph} {{ {triple_pattern} }}"
    if isinstance(graph, BlankNode):
        raise InputError("a remote store cannot name a graph by a blank node")
    return f"{{ {triple_pattern} }} UNION {{ GRAPH ?g {{ {triple_pattern} }} }}"


def _quad(
    row: pyoxigraph.QuerySolution, terms: Mapping[str, Term | None], graph: GraphName | None
) -> Quad:
    """Build a quad from the pattern's fixed terms and a solution's bindings."""
    values = {
        name: term if term is not None and not isinstance(term, BlankNode) else row[name]
        for name, term in terms.items()
    }
    bound_graph = row["g"] if graph is None else graph
    graph_name = DefaultGraph() if bound_graph is None else bound_graph
    subject, predicate, obj = values["s"], values["p"], values["o"]
    if not isinstance(predicate, NamedNode) or isinstance(subject, pyoxigraph.Literal):
        raise EndpointError(f"the SPARQL endpoint returned a malformed quad: {row}")
    if subject is None or obj is None or isinstance(graph_name, pyoxigraph.Literal | Triple):
        raise EndpointError(f"the SPARQL endpoint returned a malformed quad: {row}")
    return Quad(subject, predicate, obj, graph_name)


def _has_blank(quad: Quad) -> bool:
    """Whether the subject or object is a blank node."""
    return isinstance(quad.subject, BlankNode) or isinstance(quad.object, BlankNode)


def _delete_with_blanks(quad: Quad) -> str:
    """A `DELETE WHERE` for one quad whose blank nodes become variables bound to blank nodes."""
    terms = {"s": quad.subject, "p": quad.predicate, "o": quad.object}
    pattern = " ".join(_pattern_term(name, term) for name, term in terms.items()) + " ."
    filters = "".join(
        f" FILTER(isBlank(?{name}))" for name, term in terms.items() if isinstance(term, BlankNode)
    )
    template = _graph_pattern(pattern, quad.graph_name)
    condition = _graph_pattern(pattern + filters, quad.graph_name)
    return f"DELETE {{ {template} }} WHERE {{ {condition} }}"
