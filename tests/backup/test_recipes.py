"""The backup, restore, replica and upgrade recipes of the README, run as written."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.support.live import Server

pytestmark = pytest.mark.server

CHECKOUT = Path(__file__).resolve().parents[2]
README = CHECKOUT / "README.md"
QKG = Path(sys.executable).with_name("qkg")
# Commands of a recipe that are not `qkg`'s, played by the test (see `apply_upgrade`).
STAND_INS = {"git pull": "apply-upgrade"}
VILLAGE = """@prefix qo: <https://w3id.org/qalamoun/ontology#> .
@prefix qr: <https://w3id.org/qalamoun/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
qr:place\\/recipe-test a qo:Village ; rdfs:label "Recipe test village"@en ;
    qo:inCountry qr:country\\/lebanon .
"""
UPGRADE = '\nqr:place\\/arsal rdfs:comment "Upgraded description of Arsal."@en .\n'
CITATIONS = "SELECT (COUNT(*) AS ?n) WHERE { ?c a qo:Citation }"
HAS_VILLAGE = "ASK { ?v rdfs:label 'Recipe test village'@en }"
HAS_UPGRADE = "ASK { ?p rdfs:comment 'Upgraded description of Arsal.'@en }"


def recipe(name: str) -> list[str]:
    """The command lines of the ```sh block after `<!-- recipe: NAME -->`, comments dropped."""
    text = README.read_text(encoding="utf-8")
    found = re.search(rf"<!-- recipe: {name} -->\s*```sh\n(.*?)```", text, re.DOTALL)
    assert found, f"README has no recipe {name!r}"
    lines = [line.split("#", 1)[0].strip() for line in found.group(1).splitlines()]
    return [line for line in lines if line]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding a copy of the sources (the home) and `var/store` as a server leaves it:
    the sources, the inferred graph and a village in the user graph."""
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(CHECKOUT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "village.ttl").write_text(VILLAGE, encoding="utf-8")
    run(tmp_path, "qkg load --store var/store village.ttl")
    run(tmp_path, "qkg infer --store var/store")
    return tmp_path


def environment(home: Path) -> dict[str, str]:
    """The test's environment with the copied sources as home and `qkg` first on the PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QKG_")}
    env["QKG_HOME"] = str(home)
    env["PATH"] = f"{QKG.parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def run(home: Path, line: str) -> subprocess.CompletedProcess[str]:
    """Run one command line in the work folder; it must succeed."""
    done = subprocess.run(
        line,
        shell=True,
        cwd=home,
        env=environment(home),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{line}: {done.stderr}"
    return done


def apply_upgrade(home: Path) -> None:
    """What `git pull` brings in the test: one data file gains a triple."""
    with (home / "data" / "places.ttl").open("a", encoding="utf-8") as out:
        out.write(UPGRADE)


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    """The servers a recipe started, stopped at the end."""
    started: list[Server] = []
    yield started
    for server in started:
        server.stop()
        server.assert_clean_log()


def play(name: str, home: Path, servers: list[Server]) -> None:
    """Run a recipe's lines in order; `qkg serve` is started (on a free port) and left running."""
    for line in recipe(name):
        if STAND_INS.get(line) == "apply-upgrade":
            apply_upgrade(home)
        elif line.startswith("qkg serve"):
            servers.append(serve(home, line))
        else:
            run(home, line)


def serve(home: Path, line: str) -> Server:
    """Start a recipe's `qkg serve` line through the test helper, on a free port."""
    args = shlex.split(line)[2:]
    if "--port" in args:
        del args[args.index("--port") : args.index("--port") + 2]
    store = args[args.index("--store") + 1]
    del args[args.index("--store") : args.index("--store") + 2]
    logs = home / "logs" / store.replace("/", "-")
    server = Server(logs, str(home / store), writable=False, home=home)
    server.options = args
    return server.start()


def query(server: Server, sparql: str) -> object:
    """The value of a one-cell SELECT or an ASK, over HTTP."""
    answer = requests.get(server.sparql, params={"query": sparql}, timeout=60).json()
    if "boolean" in answer:
        return answer["boolean"]
    return answer["results"]["bindings"][0]["n"]["value"]


def cli_answer(home: Path, store: str, sparql: str) -> str:
    """A query's CSV answer through `qkg query`."""
    return run(home, f"qkg query --store {store} --format csv {shlex.quote(sparql)}").stdout


def test_backup_then_restore_gives_the_same_bytes(workdir: Path, servers: list[Server]) -> None:
    play("backup", workdir, servers)
    play("restore", workdir, servers)  # ends with `cmp`, which fails on any difference
    assert (workdir / "backup.nq").read_bytes() == (workdir / "check.nq").read_bytes()
    for sparql in (CITATIONS, HAS_VILLAGE):
        assert cli_answer(workdir, "var/restored", sparql) == cli_answer(
            workdir, "var/store", sparql
        )


def test_replica_serves_the_restored_data_read_only(workdir: Path, servers: list[Server]) -> None:
    play("backup", workdir, servers)
    play("replica", workdir, servers)
    (replica,) = servers
    expected = cli_answer(workdir, "var/store", CITATIONS).split()[-1]
    assert query(replica, CITATIONS) == expected
    assert query(replica, HAS_VILLAGE) is True
    update = requests.post(
        replica.sparql,
        data=b"INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
        headers={"Content-Type": "application/sparql-update"},
        timeout=60,
    )
    assert update.status_code == 403
    checked = requests.post(
        replica.url + "/validate",
        data=VILLAGE.encode(),
        headers={"Content-Type": "text/turtle"},
        timeout=120,
    )
    assert checked.status_code == 200 and checked.json()["conforms"] is True


def test_upgrade_reloads_the_changed_graph_and_keeps_user_data(
    workdir: Path, servers: list[Server]
) -> None:
    play("upgrade", workdir, servers)
    (server,) = servers
    assert query(server, HAS_UPGRADE) is True
    assert query(server, HAS_VILLAGE) is True
    assert "computed the inferred graph" in server.log()
    assert b"Upgraded description" not in (workdir / "before-upgrade.nq").read_bytes()


def test_restoring_an_old_dump_under_new_sources_reloads_what_changed(workdir: Path) -> None:
    run(workdir, "qkg dump --store var/store -o old.nq")
    apply_upgrade(workdir)
    restored = run(workdir, "qkg load --store var/new old.nq")
    assert "reloaded <https://w3id.org/qalamoun/graph/data/places>" in restored.stderr
    assert cli_answer(workdir, "var/new", HAS_UPGRADE).strip().endswith("true")
    assert cli_answer(workdir, "var/new", HAS_VILLAGE).strip().endswith("true")
