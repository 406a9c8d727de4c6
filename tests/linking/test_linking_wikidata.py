"""`qkg link --online` and `--verify --online` against a local Wikidata stand-in server."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pyoxigraph import NamedNode, Quad

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.cli import main
from qalamoun_kg.linking.wikidata import USER_AGENT, WikidataClient, WikidataError
from qalamoun_kg.namespaces import OWL, QR, USER_GRAPH, WD
from qalamoun_kg.store import open_store
from tests.linking.wikidata_standin import FAIL_SEARCH, Recorded, running

YABROUD = """
@prefix qo: <https://w3id.org/qalamoun/ontology#> .
@prefix qr: <https://w3id.org/qalamoun/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
qr:place\\/yabroud a qo:Town ; rdfs:label "Yabroud"@en ; qo:inCountry qr:country\\/syria .
"""
WRONG_LINKS = {
    "actor/al-nusra-front": "Q900000666",  # a novel
    "place/nahle": "Q900000667",  # a family name spelt like the village
    "place/flita": "Q900000999",  # no such item
}


@pytest.fixture
def standin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Recorded]:
    """The stand-in server, made the API of `qkg` with a fresh cache folder."""
    with running() as (url, recorded):
        monkeypatch.setenv("QKG_WIKIDATA_API", url)
        monkeypatch.setenv("QKG_WIKIDATA_CACHE", str(tmp_path / "cache"))
        monkeypatch.delenv("QKG_WIKIDATA_ONLINE", raising=False)
        yield recorded


def qkg(*args: str, store: str = "memory") -> Result:
    """Run `qkg link …`."""
    return CliRunner().invoke(main, ["link", *args, "--store", store])


def proposals(result: Result) -> list[dict[str, object]]:
    """The proposals of the one target of a JSON answer."""
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    found: list[dict[str, object]] = row["proposals"]
    return found


def test_online_proposals_check_the_kind(standin: Recorded) -> None:
    found = proposals(qkg("Arsal", "--online", "--format", "json"))
    assert [p["qid"] for p in found] == ["Q900000001", "Q900000002"]
    assert found[0]["match"] is True and found[0]["sources"] == ["wikidata"]
    assert found[0]["reasons"] == ['Wikidata: exact label "Arsal", instance of town']
    assert found[1]["reasons"] == [
        'Wikidata: exact label "Arsal", instance of family name '
        "(does not fit the kind 'settlement')"
    ]
    assert found[1]["score"] == 70.0
    assert standin.actions() == ["wbsearchentities", "wbgetentities", "wbgetentities"]
    assert set(standin.user_agents) == {USER_AGENT}


def test_answers_are_cached_on_disk(standin: Recorded, tmp_path: Path) -> None:
    first = qkg("Arsal", "--online", "--format", "json")
    calls = len(standin.requests)
    second = qkg("Arsal", "--online", "--format", "json")
    assert second.stdout == first.stdout
    assert len(standin.requests) == calls
    assert len(list((tmp_path / "cache").glob("*.json"))) == calls


def test_online_arabic_names_search_in_arabic(standin: Recorded) -> None:
    found = proposals(qkg("عرسال", "--online", "--format", "json"))
    assert found[0]["qid"] == "Q900000001" and found[0]["match"]
    assert standin.requests[0]["language"] == "ar"


def test_online_merges_with_the_graph_and_offline_list(standin: Recorded) -> None:
    found = proposals(qkg("Hizbullah", "--online", "--format", "json"))
    assert found[0]["qid"] == "Q41053"
    assert found[0]["sources"] == ["graph", "offline", "wikidata"]


def test_online_via_configuration(standin: Recorded, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QKG_WIKIDATA_ONLINE", "1")
    assert proposals(qkg("Yabroud", "--format", "json"))[0]["qid"] == "Q900000003"
    monkeypatch.setenv("QKG_WIKIDATA_ONLINE", "0")
    assert proposals(qkg("Yabroud", "--format", "json")) == []


def test_write_a_name_link_then_verify_it(standin: Recorded, tmp_path: Path) -> None:
    store_dir = str(tmp_path / "store")
    written = qkg("Arsal", "--online", "--write", store=store_dir)
    assert written.exit_code == 0, written.output
    assert "wrote 1 owl:sameAs link(s)" in written.stderr
    store = open_store(store_dir)
    link = Quad(NamedNode(QR["place/arsal"]), NamedNode(str(OWL.sameAs)), NamedNode(WD.Q900000001))
    assert list(store.quads(link.subject, link.predicate, link.object)) == [
        Quad(link.subject, link.predicate, link.object, NamedNode(str(USER_GRAPH)))
    ]
    store.close()
    verified = qkg("--verify", "--online", store=store_dir)
    assert verified.exit_code == 0, verified.output
    assert "7 link(s) checked, 0 mismatch(es)" in verified.stdout
    assert "ok       place/arsal (Arsal) = Q900000001 (Arsal)" in verified.stdout


def test_write_a_file_with_an_online_link(standin: Recorded, tmp_path: Path) -> None:
    path = tmp_path / "yabroud.ttl"
    path.write_text(YABROUD, encoding="utf-8")
    store_dir = str(tmp_path / "store")
    result = qkg(str(path), "--online", "--write", store=store_dir)
    assert result.exit_code == 0, result.output
    assert "wrote 1 owl:sameAs link(s), 4 triples" in result.stderr
    again = qkg(str(path), "--format", "json", store=store_dir)
    assert json.loads(again.stdout) == []


def test_verify_the_real_links(standin: Recorded) -> None:
    result = qkg("--verify", "--online", "--format", "json")
    assert result.exit_code == 0, result.output
    checks = json.loads(result.stdout)
    assert {c["qid"] for c in checks} == {"Q858", "Q822", "Q3766", "Q2429253", "Q41053", "Q178810"}
    assert all(c["ok"] for c in checks)


def test_verify_catches_wrong_items(standin: Recorded, tmp_path: Path) -> None:
    store_dir = str(tmp_path / "store")
    store = open_store(store_dir)
    ensure_loaded(store)
    graph = NamedNode(str(USER_GRAPH))
    same_as = NamedNode(str(OWL.sameAs))
    store.add(
        Quad(NamedNode(QR[entity]), same_as, NamedNode(WD[item]), graph)
        for entity, item in WRONG_LINKS.items()
    )
    store.close()
    result = qkg("--verify", "--online", store=store_dir)
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "9 link(s) checked, 3 mismatch(es)" in out
    assert "MISMATCH actor/al-nusra-front (al-Nusra Front) = Q900000666 (The Silent Siege)" in out
    assert 'Wikidata\'s label "The Silent Siege" does not match our names' in out
    assert "instance of novel: does not fit the kind 'armed group'" in out
    assert "MISMATCH place/nahle (Nahle) = Q900000667 (Nahle)" in out
    assert "instance of family name: does not fit the kind 'settlement'" in out
    assert "Q900000999 does not exist on Wikidata" in out
    assert "ok       actor/hezbollah (Hezbollah) = Q41053 (Hezbollah)" in out


def test_unreachable_api_is_an_input_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("QKG_WIKIDATA_API", f"http://127.0.0.1:{port}/w/api.php")
    monkeypatch.setenv("QKG_WIKIDATA_CACHE", str(tmp_path / "cache"))
    result = qkg("Arsal", "--online")
    assert result.exit_code == 2
    assert "cannot reach the Wikidata API" in result.stderr


def test_a_silent_server_times_out(tmp_path: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/w/api.php"
    client = WikidataClient(url, cache_dir=tmp_path, timeout=0.5)
    started = time.monotonic()
    with pytest.raises(WikidataError, match="cannot reach"):
        client.search("Arsal")
    assert time.monotonic() - started < 5
    for connection in accepted:
        connection.close()
    listener.close()


def test_api_errors_are_reported(standin: Recorded, tmp_path: Path) -> None:
    client = WikidataClient(cache_dir=tmp_path)
    with pytest.raises(WikidataError, match="Wikidata API error: too much load"):
        client.search(FAIL_SEARCH)
    assert not list(tmp_path.glob("*.json"))
