"""pyoxigraph and rdflib terms back and forth, keeping literals' lexical forms exactly."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from qalamoun_kg.store.convert import from_rdflib, to_rdflib

_LOCK = threading.Lock()

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

__all__ = ["OxTerm", "exact_literals", "from_rdflib", "to_rdf"]


def to_rdf(term: OxTerm | ox.Triple) -> Node:
    """An rdflib term with the same lexical form (rdflib would otherwise canonicalize numbers)."""
    if isinstance(term, ox.Triple):
        raise ValueError("quoted triples are not supported in updates")
    return to_rdflib(term, exact=True)


@contextlib.contextmanager
def exact_literals() -> Iterator[None]:
    """Parse and evaluate with rdflib keeping literals as written, as Oxigraph stores them."""
    with _LOCK:
        before = rdflib.NORMALIZE_LITERALS
        rdflib.NORMALIZE_LITERALS = False
        try:
            yield
        finally:
            rdflib.NORMALIZE_LITERALS = before
