"""Fuzz `qkg query`, `qkg validate` and `qkg load`: clean exits only, and a store that is unchanged
by anything rejected."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from qalamoun_kg.results import FORMATS
from tests.hardening.hostile import (
    COMPETENCY,
    FUZZ,
    hostile,
    jsonld_chunks,
    read_seeds,
    turtle_chunks,
)
from tests.hardening.livekg import assert_clean_exit, invoke, run_qkg
from tests.support.live import store_digest as digest

QUERY_SEEDS = read_seeds(COMPETENCY)
TURTLE_SEEDS = turtle_chunks()
JSONLD_SEEDS = jsonld_chunks()
RDF_SUFFIXES = [".ttl", ".jsonld", ".nt", ".rdf", ".txt", ""]


def as_bytes(text: str) -> bytes:
    """UTF-8, with lone surrogates kept as the invalid bytes a broken producer would write."""
    return text.encode("utf-8", "surrogatepass")


@FUZZ
@given(text=hostile(QUERY_SEEDS), fmt=st.sampled_from(FORMATS))
def test_query_inline(loaded_store: Path, text: str, fmt: str) -> None:
    result = invoke(["query", text, "--format", fmt, "--store", str(loaded_store)])
    event(f"exit {result.exit_code}")


@FUZZ
@given(text=hostile(QUERY_SEEDS), how=st.sampled_from(["stdin", "file"]))
def test_query_stdin_and_file(loaded_store: Path, tmp_path: Path, text: str, how: str) -> None:
    data = as_bytes(text)
    if how == "stdin":
        invoke(["query", "-", "--store", str(loaded_store)], stdin=data)
        return
    path = tmp_path / "query.rq"
    path.write_bytes(data)
    invoke(["query", f"@{path}", "--store", str(loaded_store)])


def test_queries_left_the_store_alone(loaded_store: Path) -> None:
    before = digest(loaded_store)
    for text in QUERY_SEEDS:
        invoke(["query", text, "--store", str(loaded_store)])
    assert digest(loaded_store) == before


@pytest.mark.parametrize(
    "argv",
    [
        [b"query", b'SELECT * { ?s ?p "\xff\xfe" }'],
        [b"query", b'ASK { ?s ?p "\x01\x1b[31m" }'],
        [b"query", b"SELECT * { ?s ?p ?o } LIMIT 1", b"--format", b"turtle"],
        [b"query", b"CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", b"--format", b"csv"],
        [b"query", b"INSERT DATA { <a:b> <a:b> <a:b> }"],
        [b"query", b"@/nonexistent/file.rq"],
        [b"query", b"@/"],
        # Deep nesting overflowed the parser's stack: the process died of SIGSEGV.
        [b"query", b"SELECT * WHERE " + b"{ " * 20_000 + b"} " * 20_000],
        [b"query", 'SELECT * { ?s rdfs:label "\u202e\u0301" }'.encode()],
        # Results are lazy: a failing SERVICE raises while rows are written.
        [b"query", b"SELECT * { SERVICE <http://127.0.0.1:8/> { ?s ?p ?o } }"],
        [b"query", b"SELECT * { SERVICE <file:///etc/passwd> { ?s ?p ?o } }"],
        [b"query", b"--format", b"nope", b"ASK {}"],
        [b"nope"],
        [b"dump", b"--format", b"nope"],
        [b"dump", b"-o", b"/nonexistent/dir/out.nq"],
    ],
    ids=lambda argv: b" ".join(argv)[:60].decode("utf-8", "replace"),
)
def test_real_process_never_shows_a_traceback(loaded_store: Path, argv: list[bytes]) -> None:
    assert_clean_exit(run_qkg(argv, loaded_store))


def test_real_process_stdin_with_invalid_utf8(loaded_store: Path) -> None:
    for data in (b'ASK { ?s ?p "\xed\xa0\x80" }', b"\x00" * 10, b"\xff" * 1000):
        assert_clean_exit(run_qkg(["query", "-"], loaded_store, stdin=data))


@FUZZ
@given(
    text=st.one_of(hostile(TURTLE_SEEDS), hostile(JSONLD_SEEDS)),
    suffix=st.sampled_from(RDF_SUFFIXES),
)
def test_validate_never_writes(store_copy: Path, tmp_path: Path, text: str, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(as_bytes(text))
    before = digest(store_copy)
    result = invoke(["validate", str(path), "--store", str(store_copy)])
    event(f"exit {result.exit_code}")
    assert digest(store_copy) == before


@FUZZ
@given(
    text=st.one_of(hostile(TURTLE_SEEDS), hostile(JSONLD_SEEDS)),
    suffix=st.sampled_from(RDF_SUFFIXES),
)
def test_rejected_load_leaves_the_store_unchanged(
    store_copy: Path, tmp_path: Path, text: str, suffix: str
) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(as_bytes(text))
    before = digest(store_copy)
    result = invoke(["load", str(path), "--store", str(store_copy)])
    event(f"exit {result.exit_code}")
    if result.exit_code != 0:
        assert digest(store_copy) == before, result.stderr
