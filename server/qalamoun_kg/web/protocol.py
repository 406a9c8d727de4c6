"""Reading a SPARQL 1.1 Protocol request: GET, form POST or direct POST of a query or update."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from flask import Request

from qalamoun_kg.updates.evaluate import UpdateDataset
from qalamoun_kg.web.errors import HttpError

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


@dataclass(frozen=True)
class QueryRequest:
    """A query and the dataset the protocol names (None: the query's own or the default)."""

    sparql: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    infer: bool


@dataclass(frozen=True)
class UpdateRequest:
    """An update and the protocol's using-graph-uri / using-named-graph-uri."""

    sparql: str
    dataset: UpdateDataset


class Params(dict[str, list[str]]):
    """Request parameters, each with all its values."""

    def getlist(self, key: str) -> list[str]:
        """Every value of a parameter."""
        return self.get(key, [])


def read(req: Request) -> QueryRequest | UpdateRequest | None:
    """The operation a request carries; None for a GET with neither (the service description)."""
    if req.method in ("GET", "HEAD"):
        if req.args.getlist("update"):
            raise HttpError(400, "updates must be sent with POST, not GET", {"Allow": "POST"})
        queries = req.args.getlist("query")
        if not queries:
            return None
        return _query(_single(queries, "query"), _params(req))
    media = req.mimetype
    if media in (FORM, MULTIPART):
        return _form(req)
    if media in (QUERY_TYPE, UPDATE_TYPE):
        text = _body_text(req)
        if media == QUERY_TYPE:
            return _query(text, _params(req))
        return _update(text, _params(req))
    hint = f"{QUERY_TYPE}, {UPDATE_TYPE} or {FORM}"
    if not media:
        raise HttpError(415, f"a POST to the endpoint needs a Content-Type: {hint}")
    raise HttpError(415, f"unsupported Content-Type {media}; use {hint}")


def _form(req: Request) -> QueryRequest | UpdateRequest:
    """A query or update sent as form fields."""
    params = _params(req)
    queries, updates = params.getlist("query"), params.getlist("update")
    if queries and updates:
        raise HttpError(400, "send either query= or update=, not both")
    if updates:
        return _update(_single(updates, "update"), params)
    if not queries:
        raise HttpError(400, "the form has neither query= nor update=")
    return _query(_single(queries, "query"), params)


def _params(req: Request) -> Params:
    """URL parameters and form fields together."""
    merged = Params()
    for source in (req.args, req.form if req.method == "POST" else None):
        if source is not None:
            for key, values in source.lists():
                merged.setdefault(key, []).extend(values)
    return merged


def _query(text: str, params: Params) -> QueryRequest:
    """A query request with its dataset parameters and the inference switch."""
    default = _iris(params, "default-graph-uri")
    named = _iris(params, "named-graph-uri")
    given = bool(default or named)
    return QueryRequest(
        sparql=_non_empty(text, "query"),
        default_graphs=tuple(default) if given else None,
        named_graphs=tuple(named) if given else None,
        infer=_flag(params.getlist("infer"), "infer"),
    )


def _update(text: str, params: Params) -> UpdateRequest:
    """An update request with its using-graph-uri and using-named-graph-uri."""
    dataset = UpdateDataset(
        tuple(_iris(params, "using-graph-uri")), tuple(_iris(params, "using-named-graph-uri"))
    )
    return UpdateRequest(_non_empty(text, "update"), dataset)


def _iris(params: Params, name: str) -> list[str]:
    """The values of a dataset parameter, each an absolute IRI (else 400)."""
    values = params.getlist(name)
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as error:
            raise HttpError(400, f"{name} is not an absolute IRI: {error}") from error
    return values


def _single(values: list[str], name: str) -> str:
    """The one value of a parameter that must be given once."""
    if len(values) > 1:
        raise HttpError(400, f"{name}= is given {len(values)} times; send one {name} per request")
    return values[0]


def _non_empty(text: str, name: str) -> str:
    """The text, unless it is blank."""
    if not text.strip():
        raise HttpError(400, f"the {name} is empty")
    return text


def _flag(values: list[str], name: str) -> bool:
    """A true/false parameter."""
    if not values:
        return False
    value = values[-1].strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise HttpError(400, f"{name}= must be true or false, not {values[-1]!r}")


def _body_text(req: Request) -> str:
    """A direct POST body, which must be UTF-8."""
    charset = req.mimetype_params.get("charset", "utf-8").strip().lower()
    if charset not in ("utf-8", "utf8"):
        raise HttpError(415, f"the body must be UTF-8, not {charset}")
    try:
        return req.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError as error:
        raise HttpError(400, f"the body is not valid UTF-8: {error.reason}") from error
