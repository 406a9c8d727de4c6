"""`qkg validate` and `qkg load`: exit statuses, report formats, input formats, atomic loads."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pyoxigraph import NamedNode, RdfFormat, parse, serialize
from rdflib import Graph

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.cli import main
from qalamoun_kg.namespaces import USER_GRAPH
from qalamoun_kg.store.oxigraph import OxigraphStore

SHAPE_FIXTURES = Path(__file__).parent.parent / "fixtures" / "shapes"
GOOD = SHAPE_FIXTURES / "good"
BAD = SHAPE_FIXTURES / "bad"


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store loaded once from the project's sources."""
    path = tmp_path_factory.mktemp("validation") / "store"
    store = OxigraphStore(path)
    ensure_loaded(store)
    store.close()
    return path


@pytest.fixture
def store_copy(loaded_store: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the loaded store that a test may write to."""
    target = tmp_path / "store"
    shutil.copytree(loaded_store, target)
    yield target


@pytest.fixture(autouse=True)
def _checkout_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QKG_HOME", raising=False)
    monkeypatch.delenv("QKG_STORE", raising=False)


def qkg(store: Path, *args: str) -> Result:
    """Run `qkg` in-process against an on-disk store."""
    return CliRunner().invoke(main, [*args, "--store", str(store)])


def dump_digest(store_path: Path) -> str:
    """SHA-256 of the store's N-Quads dump."""
    store = OxigraphStore(store_path)
    out = io.BytesIO()
    store.dump(out, RdfFormat.N_QUADS)
    store.close()
    return hashlib.sha256(out.getvalue()).hexdigest()


def test_good_file_exits_0(loaded_store: Path) -> None:
    result = qkg(loaded_store, "validate", str(GOOD / "claim-not-before-event.ttl"))
    assert result.exit_code == 0, result.output
    assert "conforms" in result.stdout


def test_violation_exits_1_with_report(loaded_store: Path) -> None:
    result = qkg(loaded_store, "validate", str(BAD / "claim-not-before-event.ttl"))
    assert result.exit_code == 1, result.output
    assert "ClaimNotBeforeEvent" in result.stdout
    assert "correct qo:asOf" in result.stdout


def test_warning_fails_only_with_strict(loaded_store: Path) -> None:
    warning = str(BAD / "event-citation-given.ttl")
    assert qkg(loaded_store, "validate", warning).exit_code == 0
    strict = qkg(loaded_store, "validate", "--strict", warning)
    assert strict.exit_code == 1
    assert "WARNING" in strict.stdout


def test_json_and_turtle_reports_parse(loaded_store: Path) -> None:
    bad = str(BAD / "footnote-number-unique.ttl")
    as_json = qkg(loaded_store, "validate", "--format", "json", bad)
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["counts"]["Violation"] == 2
    as_turtle = qkg(loaded_store, "validate", "--format", "turtle", bad)
    assert as_turtle.exit_code == 1
    assert len(Graph().parse(data=as_turtle.stdout, format="turtle")) > 10


@pytest.mark.parametrize(
    ("suffix", "fmt"),
    [
        (".nt", RdfFormat.N_TRIPLES),
        (".nq", RdfFormat.N_QUADS),
        (".jsonld", RdfFormat.JSON_LD),
        (".rdf", RdfFormat.RDF_XML),
    ],
)
def test_other_formats_by_extension(
    loaded_store: Path, tmp_path: Path, suffix: str, fmt: RdfFormat
) -> None:
    triples = [q.triple for q in parse(path=str(BAD / "event-end-before-start.ttl"))]
    path = tmp_path / f"bad{suffix}"
    serialize(triples, str(path), fmt)
    result = qkg(loaded_store, "validate", str(path))
    assert result.exit_code == 1, result.output
    assert "EventEndNotBeforeStart" in result.stdout


def test_format_in_overrides_the_extension(loaded_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "good.data"
    path.write_bytes((GOOD / "event-end-before-start.ttl").read_bytes())
    assert qkg(loaded_store, "validate", str(path)).exit_code == 2
    result = qkg(loaded_store, "validate", "--format-in", "turtle", str(path))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        (
            "broken.ttl",
            '@prefix qo: <https://w3id.org/qalamoun/ontology#> .\n<http://a/b> qo:x "open .\n',
            2,
        ),
        ("broken.nt", "<http://a/b> <http://a/p> <http://a/o> .\n<http://a/b> <http://a/p> .\n", 2),
        ("broken.jsonld", '{"@id": "http://a/b", "http://a/p": [}', 1),
        (
            "broken.rdf",
            '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description>\n</rdf:RDF>\n',
            4,
        ),
    ],
)
def test_malformed_file_exits_2_naming_file_line_column(
    loaded_store: Path, tmp_path: Path, name: str, content: str, line: int
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    for command in ("validate", "load"):
        result = qkg(loaded_store, command, str(path))
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"error: {path}:{line}:"), lines[0]
        assert "Traceback" not in result.output


def test_missing_file_exits_2(loaded_store: Path, tmp_path: Path) -> None:
    result = qkg(loaded_store, "validate", str(tmp_path / "nowhere.ttl"))
    assert result.exit_code == 2
    assert "nowhere.ttl" in result.stderr


def test_rejected_load_leaves_the_store_unchanged(store_copy: Path) -> None:
    before = dump_digest(store_copy)
    good, bad = GOOD / "event-end-before-start.ttl", BAD / "claim-not-before-event.ttl"
    result = qkg(store_copy, "load", str(good), str(bad))
    assert result.exit_code == 1, result.output
    assert "ClaimNotBeforeEvent" in result.stdout
    assert dump_digest(store_copy) == before


def test_files_valid_only_together_load_in_one_transaction(
    store_copy: Path, tmp_path: Path
) -> None:
    event, claim = tmp_path / "event.ttl", tmp_path / "claim.ttl"
    text = (GOOD / "follows-earlier-event.ttl").read_text(encoding="utf-8")
    head, _, body = text.partition("\nqr:event\\/test-later")
    event.write_text(head, encoding="utf-8")
    claim.write_text(head.split("\n\n")[0] + "\n\nqr:event\\/test-later" + body, encoding="utf-8")
    alone = qkg(store_copy, "validate", str(claim))
    assert alone.exit_code == 1, alone.output
    result = qkg(store_copy, "load", str(event), str(claim))
    assert result.exit_code == 0, result.output
    store = OxigraphStore(store_copy)
    user = NamedNode(str(USER_GRAPH))
    loaded = {
        q.subject.value
        for q in store.quads(None, None, None, user)
        if isinstance(q.subject, NamedNode)
    }
    store.close()
    assert loaded == {
        "https://w3id.org/qalamoun/id/event/test-clash",
        "https://w3id.org/qalamoun/id/event/test-later",
    }


def test_load_into_a_named_graph(store_copy: Path) -> None:
    graph = "https://w3id.org/qalamoun/graph/test"
    result = qkg(store_copy, "load", "--graph", graph, str(GOOD / "claim-asof.ttl"))
    assert result.exit_code == 0, result.output
    store = OxigraphStore(store_copy)
    count = sum(1 for _ in store.quads(None, None, None, NamedNode(graph)))
    store.close()
    assert count > 5
