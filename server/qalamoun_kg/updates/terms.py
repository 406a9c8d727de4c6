"""pyoxigraph and rdflib terms back and forth, keeping literals' lexical forms exactly."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import pyoxigraph as ox
import rdflib
from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from qalamoun_kg.namespaces import XSD
from qalamoun_kg.store.convert import from_rdflib

_XSD_STRING = str(XSD.string)
_LOCK = threading.Lock()

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

__all__ = ["OxTerm", "exact_literals", "from_rdflib", "to_rdf"]


def to_rdf(term: OxTerm | ox.Triple) -> Node:
    """An rdflib term with the same lexical form (rdflib would otherwise canonicalize numbers)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language, normalize=False)
        datatype = term.datatype.value
        return RdfLiteral(
            term.value, datatype=None if datatype == _XSD_STRING else datatype, normalize=False
        )
    raise ValueError("quoted triples are not supported in updates")


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
