"""`qkg validate --full` without input files: the whole stored graph, a summary line, progress."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.cli import main
from qalamoun_kg.namespaces import USER_GRAPH
from qalamoun_kg.store.oxigraph import OxigraphStore

BAD = Path(__file__).parent.parent / "fixtures" / "shapes" / "bad"


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store loaded once from the project's sources."""
    path = tmp_path_factory.mktemp("full") / "store"
    store = OxigraphStore(path)
    ensure_loaded(store)
    store.close()
    return path


@pytest.fixture(autouse=True)
def _checkout_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QKG_HOME", raising=False)
    monkeypatch.delenv("QKG_STORE", raising=False)
    monkeypatch.delenv("QKG_SHACL_ENGINE", raising=False)


def qkg(store: Path, *args: str) -> Result:
    """Run `qkg` in-process against an on-disk store, stderr kept apart."""
    return CliRunner().invoke(main, [*args, "--store", str(store)])


def test_full_without_files_checks_the_stored_graph(loaded_store: Path) -> None:
    result = qkg(loaded_store, "validate", "--full", "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["mode"] == "full"
    assert report["conforms"] is True
    assert report["checkedNodes"] > 100
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("full validation,")
    assert f"{len(report['results'])} results" in summary
    assert "by shape:" in summary


def test_full_reports_problems_already_stored(loaded_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(loaded_store, store)
    bad = BAD / "claim-has-citation.ttl"
    opened = OxigraphStore(store)
    quads = parse(path=str(bad), format=RdfFormat.TURTLE)
    opened.add(Quad(q.subject, q.predicate, q.object, NamedNode(str(USER_GRAPH))) for q in quads)
    opened.close()
    result = qkg(store, "validate", "--full")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("Validation (full,")
    assert "violation" in result.stderr.splitlines()[-1]


def test_no_files_without_full_is_a_usage_error(loaded_store: Path) -> None:
    result = qkg(loaded_store, "validate")
    assert result.exit_code == 2
    assert "--full" in result.stderr


def test_progress_only_when_asked_off_a_terminal(loaded_store: Path) -> None:
    quiet = qkg(loaded_store, "validate", "--full")
    shown = qkg(loaded_store, "validate", "--full", "--progress")
    assert "validating with" not in quiet.stderr
    assert "reading the stored graph: started" in shown.stderr
    assert "validating with pyshacl-turbo" in shown.stderr


def test_both_engines_give_the_same_full_report(loaded_store: Path) -> None:
    native = qkg(loaded_store, "validate", "--full", "--format", "json")
    reference = qkg(loaded_store, "validate", "--full", "--format", "json", "--engine", "pyshacl")
    assert json.loads(native.stdout) == json.loads(reference.stdout)
