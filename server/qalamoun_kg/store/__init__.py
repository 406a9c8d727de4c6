"""Store backends behind one interface, chosen by `open_store(spec)`."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from qalamoun_kg.errors import InputError
from qalamoun_kg.store.base import GraphName, QueryResult, Store

BackendFactory = Callable[[str], Store]

# Backend kind -> factory taking the spec, or "module:attribute" naming one (imported on use,
# so a backend's dependencies cost nothing until it is chosen).
BACKENDS: dict[str, str | BackendFactory] = {
    "memory": "qalamoun_kg.store.oxigraph:open_memory",
    "oxigraph": "qalamoun_kg.store.oxigraph:open_directory",
    "remote": "qalamoun_kg.store.remote:open_remote",
}

__all__ = ["BACKENDS", "GraphName", "QueryResult", "Store", "backend_kind", "open_store"]


def backend_kind(spec: str) -> str:
    """The backend a spec asks for: `memory`, `remote` (an http(s) URL) or `oxigraph` (a folder)."""
    if spec == "memory":
        return "memory"
    if spec.startswith(("http://", "https://")):
        return "remote"
    return "oxigraph"


def open_store(spec: str) -> Store:
    """Open the store a spec names: `memory`, a directory path, or an `http(s)://` endpoint."""
    kind = backend_kind(spec)
    factory = _resolve(kind, BACKENDS.get(kind))
    return factory(spec)


def _resolve(kind: str, entry: str | BackendFactory | None) -> BackendFactory:
    """Import a registry entry given as `module:attribute`; a missing backend is an `InputError`."""
    if entry is None:
        raise InputError(f"no store backend registered for {kind!r}")
    if not isinstance(entry, str):
        return entry
    module_name, _, attribute = entry.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        raise InputError(f"the {kind} store backend is not available in this version") from error
    factory: BackendFactory = getattr(module, attribute)
    return factory
