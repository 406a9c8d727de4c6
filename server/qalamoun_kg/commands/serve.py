"""`qkg serve`: the SPARQL endpoint, graph store, descriptions and pages, under waitress."""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

import click

from qalamoun_kg.commands.options import store_option
from qalamoun_kg.errors import InputError
from qalamoun_kg.store import Store

MIB = 1024 * 1024
log = logging.getLogger("qalamoun_kg.serve")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--writable", is_flag=True, help="Accept SPARQL Update and Graph Store writes.")
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File holding the bearer token writers must send (required with --writable).",
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a query or update may run; then 503.",
)
@click.option(
    "--max-rows",
    default=100_000,
    show_default=True,
    type=click.IntRange(min=0),
    help="Rows (or triples) a result may have; longer ones are cut, said by X-SPARQL-MaxRows. "
    "0: no limit.",
)
@click.option(
    "--max-body",
    default=16 * MIB,
    show_default=True,
    type=click.IntRange(min=1024),
    help="Largest request body in bytes; larger ones get 413.",
)
@click.option(
    "--allow-fetch",
    "allow_fetch",
    multiple=True,
    metavar="HOST",
    help="Host that SERVICE and LOAD may contact (repeatable; public addresses only).",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(min=0),
    help="Query worker processes for an on-disk store (0: run queries in the server process).",
)
@click.option("--threads", default=8, show_default=True, type=click.IntRange(min=2))
@click.option(
    "--queue",
    default=8,
    show_default=True,
    type=click.IntRange(min=1),
    help="Queries that may wait for a query worker; more get 503 with Retry-After at once.",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="Public URL of the server (e.g. https://kg.example.org); used in every absolute URL.",
)
@click.option(
    "--trusted-host",
    "trusted_hosts",
    multiple=True,
    metavar="HOST[:PORT]",
    help="Host header accepted for absolute URLs when no --base-url is given (repeatable); "
    "others get the listening address.",
)
@store_option
def command(
    host: str,
    port: int,
    writable: bool,
    token_file: Path | None,
    timeout: float,
    max_rows: int,
    max_body: int,
    allow_fetch: tuple[str, ...],
    workers: int,
    threads: int,
    queue: int,
    base_url: str | None,
    trusted_hosts: tuple[str, ...],
    store: Store,
) -> None:
    """Serve /sparql, /rdf-graph-store, /.well-known/void and the pages (read-only by default)."""
    from waitress import serve

    from qalamoun_kg.web import ServerConfig, close_app, create_app
    from qalamoun_kg.web.access_log import with_access_log

    if writable and token_file is None:
        raise click.UsageError("--writable needs --token-file")
    if token_file is not None and not writable:
        raise click.UsageError("--token-file is only used with --writable")
    hosts = tuple(h for value in allow_fetch for h in value.split(",") if h.strip())
    config = ServerConfig(
        writable=writable,
        token=_read_token(token_file) if token_file else None,
        timeout=timeout,
        max_rows=max_rows,
        max_body=max_body,
        allow_fetch=hosts,
        workers=workers,
        base_url=_base_url(base_url),
        trusted_hosts=trusted_hosts,
        queue=queue,
    )
    _setup_logging()
    _ensure_inferred(store)
    app = create_app(store, config)
    signal.signal(signal.SIGTERM, _exit)
    mode = "writable" if writable else "read-only"
    log.info("serving http://%s:%d/sparql (%s) from %r", host, port, mode, store)
    try:
        serve(
            with_access_log(app),
            host=host,
            port=port,
            threads=threads,
            ident="qkg",
            server_name=host,  # the Host of absolute URLs when the client's is not trusted
            max_request_body_size=max_body + MIB,
            clear_untrusted_proxy_headers=True,
        )
    except OSError as error:
        raise InputError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    finally:
        close_app(app)


def _base_url(value: str | None) -> str | None:
    """The --base-url, checked: an absolute http(s) URL without query or fragment."""
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise click.BadParameter("an absolute http(s) URL, e.g. https://kg.example.org")
    return value.rstrip("/")


def _read_token(path: Path) -> str:
    """The token: the file's content without surrounding white space."""
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the token file: {error}", path=str(path)) from error
    if len(token) < 16:
        raise InputError("the token must be at least 16 characters", path=str(path))
    return token


def _setup_logging() -> None:
    """One line per event on stderr."""
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(message)s"
    )


def _exit(_signum: int, _frame: FrameType | None) -> None:
    """Stop serving on SIGTERM, so that workers and checkpoints are cleaned up."""
    raise SystemExit(0)


def _ensure_inferred(store: Store) -> None:
    """Compute a missing or stale inferred graph; a store that refuses writes is served as is."""
    from qalamoun_kg.errors import QkgError
    from qalamoun_kg.reasoning import ensure_inferred

    try:
        if ensure_inferred(store):
            log.info("computed the inferred graph (the sources changed since it was last made)")
    except QkgError as error:
        log.warning("inferred graph not brought up to date (%s); infer=true uses it as is", error)
