"""The Flask app factory: the SPARQL endpoint's blueprints plus every page blueprint found."""

from __future__ import annotations

import importlib
import logging
import pkgutil
from types import ModuleType

from flask import Blueprint, Flask, Response
from flask_cors import CORS

from qalamoun_kg.execution import open_executor
from qalamoun_kg.execution.fetch import FetchPolicy
from qalamoun_kg.store.base import Store
from qalamoun_kg.updates.writer import Writer
from qalamoun_kg.web import descriptions, encoding, errors, graph_store, sparql
from qalamoun_kg.web.admission import Admission
from qalamoun_kg.web.config import ServerConfig
from qalamoun_kg.web.public_url import PublicUrl
from qalamoun_kg.web.respond import MAX_ROWS_HEADER
from qalamoun_kg.web.services import EXTENSION, Services, services_of

log = logging.getLogger(__name__)
# Modules of this package that are not page blueprints built from a store.
OWN_MODULES = frozenset(
    {"access_log", "app", "auth", "config", "descriptions", "errors", "graph_store", "negotiation"}
    | {"protocol", "respond", "services", "sparql", "encoding", "public_url", "admission"}
)
READ_HEADERS = ["Content-Type", "Accept"]


def create_app(store: Store, config: ServerConfig | None = None) -> Flask:
    """The server for a store: /sparql, /rdf-graph-store, /.well-known/void and the pages."""
    settings = config or ServerConfig()
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body
    # Without an allowlist no query may reach the network: workers run without one.
    executor = open_executor(
        store,
        timeout=settings.timeout,
        workers=settings.workers,
        offline=not settings.allow_fetch,
    )
    fetch = FetchPolicy.of(settings.allow_fetch)
    writer = Writer(
        store,
        timeout=settings.timeout,
        fetch=fetch,
        max_fetch_bytes=settings.max_body,
        on_commit=executor.refresh,
    )
    services = Services(
        store, settings, executor, writer, fetch, admission=Admission(settings.queue)
    )
    app.extensions[EXTENSION] = services
    app.register_blueprint(sparql.create_blueprint(services))
    app.register_blueprint(graph_store.create_blueprint(services))
    app.register_blueprint(descriptions.create_blueprint(services))
    for blueprint in page_blueprints(store):
        app.register_blueprint(blueprint)
    errors.register(app)
    encoding.register(app)
    app.wsgi_app = PublicUrl(  # type: ignore[method-assign]
        app.wsgi_app, settings.base_url, settings.trusted_hosts
    )
    _cors(app)
    app.after_request(_no_sniffing)
    return app


def _no_sniffing(response: Response) -> Response:
    """Every answer is read as the type it says: text echoing a client's markup stays text."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def close_app(app: Flask) -> None:
    """Stop the app's query workers and delete their checkpoints."""
    services_of(app).close()


def page_blueprints(store: Store) -> list[Blueprint]:
    """Every other module of this package with `create_blueprint(store)` (pages, UI, reconcile)."""
    package = importlib.import_module(__package__ or "qalamoun_kg.web")
    found: list[Blueprint] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.ispkg or info.name in OWN_MODULES:
            continue
        module: ModuleType = importlib.import_module(f"{package.__name__}.{info.name}")
        factory = getattr(module, "create_blueprint", None)
        if callable(factory):
            found.append(factory(store))
    return found


def _cors(app: Flask) -> None:
    """Cross-origin reads from any site; never with credentials, so never with a token."""
    read_only = {
        "origins": "*",
        "methods": ["GET", "HEAD", "OPTIONS"],
        "allow_headers": READ_HEADERS,
        "expose_headers": [MAX_ROWS_HEADER, "Content-Type"],
        "supports_credentials": False,
        "send_wildcard": True,
    }
    CORS(
        app,
        resources={
            r"/sparql": {**read_only, "methods": ["GET", "HEAD", "POST", "OPTIONS"]},
            r"/rdf-graph-store*": read_only,
            r"/.well-known/void": read_only,
        },
    )
