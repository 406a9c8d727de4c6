"""An update that rdflib rejects is diagnosed by Oxigraph without being run: no spelling of
SERVICE (or LOAD) in it reaches a loopback canary. The control runs each update as the diagnosis
used to, and the canary is called."""

from __future__ import annotations

import contextlib

import pyoxigraph
import pytest

from qalamoun_kg.errors import QkgError, QueryError
from qalamoun_kg.execution.fetch import FetchPolicy
from qalamoun_kg.store import open_store
from qalamoun_kg.updates.parse import parse_update
from qalamoun_kg.updates.writer import Writer
from tests.hardening.canary import Canary
from tests.hardening.spellings import spellings

# rdflib does not read quoted triples, so each of these updates goes to the diagnosis.
HEAD = "INSERT { <urn:a> <urn:b> ?t } WHERE { BIND(<<( <urn:s> <urn:p> <urn:o> )>> AS ?t) "
SEED = pyoxigraph.Quad(
    pyoxigraph.NamedNode("urn:s"), pyoxigraph.NamedNode("urn:p"), pyoxigraph.NamedNode("urn:o")
)


def updates(url: str) -> list[tuple[str, str]]:
    """Each SERVICE spelling made into an update rdflib cannot parse, plus a LOAD."""
    found = [(name, q.replace(" SELECT * WHERE { ", f" {HEAD}", 1)) for name, q in spellings(url)]
    found.append(("LOAD", f"{HEAD}}} ; LOAD <{url}>"))
    return found


def test_each_update_runs_its_fetch_when_executed(canary: Canary) -> None:
    """Control: executed as the diagnosis once did, every update calls the canary."""
    missed = []
    for name, text in updates(canary.url("/sparql")):
        before = len(canary.hits)
        store = pyoxigraph.Store()
        store.add(SEED)
        with contextlib.suppress(OSError, RuntimeError, SyntaxError):
            store.update(text)
        if len(canary.hits) == before:
            missed.append(name)
    assert missed == []


def test_the_diagnosis_runs_nothing(canary: Canary) -> None:
    for name, text in updates(canary.url("/sparql")):
        with pytest.raises(QueryError):
            parse_update(text)
        assert canary.hits == [], name


def test_the_diagnosis_still_explains_a_syntax_error() -> None:
    with pytest.raises(QueryError) as caught:
        parse_update("INSERT DATA { << <urn:s> <urn:p> >> <urn:p> <urn:o> }")
    assert caught.value.line == 1 and caught.value.column is not None


def test_no_update_reaches_the_canary_through_the_writer(canary: Canary) -> None:
    """Every SERVICE spelling in an update's WHERE, through the writer (rdflib or Oxigraph
    evaluates the WHERE clause): refused or run without any connection."""
    store = open_store("memory")
    store.add([SEED])
    writer = Writer(store, timeout=30, fetch=FetchPolicy(), max_fetch_bytes=1024)
    head = "INSERT { <urn:a> <urn:b> <urn:c> } WHERE { "
    try:
        for name, query in spellings(canary.url("/sparql")):
            text = query.replace(" SELECT * WHERE { ", f" {head}", 1)
            with contextlib.suppress(QkgError):
                writer.update(text)
            assert canary.hits == [], name
    finally:
        store.close()
