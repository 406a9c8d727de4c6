"""The row cap: a result is cut at max_rows rows, said in its head, in every result format."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from qalamoun_kg.execution.jobs import Head, QueryJob
from qalamoun_kg.execution.run import Deadline, execute
from qalamoun_kg.store import open_store
from qalamoun_kg.store.base import Store

P = ox.NamedNode("https://example.org/p")
QUERY = "SELECT ?s ?o WHERE { ?s <https://example.org/p> ?o } ORDER BY ?s"


class Collected:
    """A sink that keeps the head and the bytes."""

    def __init__(self) -> None:
        self.head: Head | None = None
        self.body = bytearray()

    def start(self, head: Head) -> None:
        """Keep the head."""
        self.head = head

    def write(self, data: bytes) -> int:
        """Keep the bytes."""
        self.body += data
        return len(data)


def store_with(rows: int) -> Store:
    """A memory store with `rows` subjects, each with a literal holding a newline and a tab."""
    store = open_store("memory")
    store.add(
        ox.Quad(ox.NamedNode(f"https://example.org/s{i:03d}"), P, ox.Literal(f"a\tb\nc {i}"))
        for i in range(rows)
    )
    return store


def answer(store: Store, fmt: str, cap: int) -> Collected:
    """The answer of the query in one format under a row cap."""
    sink = Collected()
    execute(store, QueryJob(QUERY, fmt, None, max_rows=cap), sink, Deadline(10))
    return sink


@pytest.mark.parametrize(("rows", "cap"), [(2, 3), (3, 3), (3, 2), (5, 3)])
def test_json_answers_are_cut_at_the_cap(rows: int, cap: int) -> None:
    sink = answer(store_with(rows), "json", cap)
    assert sink.head is not None
    bindings = json.loads(sink.body)["results"]["bindings"]
    assert len(bindings) == min(rows, cap)
    assert sink.head.truncated is (rows > cap)
    assert bindings[0]["o"]["value"] == "a\tb\nc 0"
    assert [b["s"]["value"][-3:] for b in bindings] == [f"{i:03d}" for i in range(len(bindings))]


@pytest.mark.parametrize("fmt", ["tsv", "csv", "xml"])
def test_every_format_keeps_the_first_rows(fmt: str) -> None:
    full = answer(store_with(4), fmt, 0).body
    cut = answer(store_with(4), fmt, 2)
    assert cut.head is not None and cut.head.truncated and cut.head.max_rows == 2
    assert b"s001" in cut.body and b"s002" not in cut.body
    assert b"s003" in full
    if fmt == "tsv":
        assert full.startswith(bytes(cut.body))
