"""`qkg link` offline: proposals from the graph and the shipped list, --write, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qalamoun_kg.cli import main
from qalamoun_kg.linking.offline import offline_rows
from qalamoun_kg.store import open_store

NEW_TRIPLES = """
@prefix qo: <https://w3id.org/qalamoun/ontology#> .
@prefix qr: <https://w3id.org/qalamoun/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
qr:place\\/yabroud a qo:Town ; rdfs:label "Yabroud"@en ; qo:inCountry qr:country\\/syria .
qr:actor\\/hizbullah-fighters a qo:Militia ; rdfs:label "Hizbullah"@en ;
    qo:alliedWith qr:actor\\/syrian-army .
qr:place\\/dimashq a qo:City ; rdfs:label "Dimashq"@en ; skos:altLabel "Damascus"@en .
qr:source\\/someone a qo:UnnamedSource ; rdfs:label "Lebanon"@en .
qr:place\\/linked a qo:Town ; rdfs:label "Syria"@en ;
    owl:sameAs <http://www.wikidata.org/entity/Q858> .
"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def qkg(*args: str, store: str = "memory") -> Result:
    """Run `qkg link …` on a store."""
    return CliRunner().invoke(main, ["link", *args, "--store", store])


def one_line_error(result: Result, status: int = 2) -> str:
    """The command failed with the status and one line on stderr."""
    assert result.exit_code == status, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def new_file(tmp_path: Path) -> Path:
    """A Turtle file of new entities."""
    path = tmp_path / "new.ttl"
    path.write_text(NEW_TRIPLES, encoding="utf-8")
    return path


def test_offline_list_is_exactly_the_checked_items() -> None:
    rows = offline_rows()
    assert {row["qid"]: row["label"] for row in rows} == {
        "Q858": "Syria",
        "Q822": "Lebanon",
        "Q3766": "Damascus",
        "Q2429253": "Islamic State",
        "Q41053": "Hezbollah",
        "Q178810": "Syrian civil war",
    }


def test_a_linked_name(tmp_path: Path) -> None:
    result = qkg("Hizbullah")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == 'actor/hezbollah "Hizbullah" (armed group):'
    assert lines[1].split() == ["Q41053", "100.0", "Hezbollah", "auto-match"]
    assert "graph: actor/hezbollah is already owl:sameAs Q41053" in result.stdout
    assert 'offline list: exact label "Hezbollah" (qo:Militia)' in result.stdout


def test_an_acronym_found_in_the_offline_list() -> None:
    result = qkg("ISIL", "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert row["entity"] == "https://w3id.org/qalamoun/id/actor/islamic-state"
    assert row["proposals"][0]["qid"] == "Q2429253" and row["proposals"][0]["match"]
    assert "offline" in row["proposals"][0]["sources"]


def test_names_without_items() -> None:
    for name in ("Aleppo", "Arsal"):
        result = qkg(name)
        assert result.exit_code == 0, result.output
        assert result.stdout.rstrip().endswith("no proposal")


def test_a_file_of_new_triples(new_file: Path) -> None:
    result = qkg(str(new_file), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {row["entity"].rsplit("/id/", 1)[1]: row for row in json.loads(result.stdout)}
    assert set(rows) == {"place/yabroud", "actor/hizbullah-fighters", "place/dimashq"}
    assert rows["place/yabroud"]["proposals"] == []
    fighters = rows["actor/hizbullah-fighters"]["proposals"][0]
    assert fighters["qid"] == "Q41053" and fighters["match"]
    assert fighters["sources"] == ["graph", "offline"]
    assert any("of actor/hezbollah, sameAs Q41053" in r for r in fighters["reasons"])
    dimashq = rows["place/dimashq"]["proposals"][0]
    assert (dimashq["qid"], dimashq["match"]) == ("Q3766", True)


def test_write_is_refused_by_the_unique_wikidata_id_rule(new_file: Path, tmp_path: Path) -> None:
    store_dir = str(tmp_path / "store")
    before = qkg_count(store_dir)
    result = qkg(str(new_file), "--write", store=store_dir)
    assert result.exit_code == 1, result.output
    assert "already has this Wikidata ID" in result.stdout
    assert "nothing was written" in result.stderr
    assert qkg_count(store_dir) == before


def test_write_of_a_name_without_entity_is_a_usage_error() -> None:
    message = one_line_error(qkg("Aleppo", "--write"))
    assert "no entity of the graph auto-matches 'Aleppo'" in message


def test_write_of_an_already_linked_name_writes_nothing() -> None:
    result = qkg("Hezbollah", "--write")
    assert result.exit_code == 0
    assert "already linked to Q41053" in result.stderr


def test_verify_offline_says_it_cannot_check() -> None:
    message = one_line_error(qkg("--verify"))
    assert "cannot check the graph's 6 Wikidata link(s) offline" in message
    assert "--online" in message


@pytest.mark.parametrize(
    "args",
    [(), ("--verify", "Arsal"), ("Arsal", "--limit", "0")],
)
def test_usage_errors(args: tuple[str, ...]) -> None:
    result = qkg(*args)
    assert result.exit_code == 2


def test_bad_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix qo: <https://w3id.org/qalamoun/ontology#> .\nqo:a qo:b", "utf-8")
    assert "broken.ttl" in one_line_error(qkg(str(broken)))
    assert "not a folder" in one_line_error(qkg(str(tmp_path)))


def test_help() -> None:
    result = CliRunner().invoke(main, ["link", "--help"])
    assert result.exit_code == 0
    assert "NAME|FILE" in result.stdout and "--verify" in result.stdout


def qkg_count(store_dir: str) -> int:
    """Quads in an on-disk store (opened and closed again)."""
    result = CliRunner().invoke(main, ["query", COUNT, "--format", "csv", "--store", store_dir])
    assert result.exit_code == 0, result.output
    return int(result.stdout.split()[1])


def test_store_left_closed(tmp_path: Path) -> None:
    store_dir = str(tmp_path / "store")
    assert qkg("Arsal", store=store_dir).exit_code == 0
    open_store(store_dir).close()


def test_a_csv_of_names_is_printed_back_with_matches(tmp_path: Path) -> None:
    table = tmp_path / "names.csv"
    table.write_text("name,country\nArsel,Lebanon\nHizbollah,\nDamas,Syria\nAleppo,Syria\n")
    result = qkg(str(table))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        *("name", "country", "id", "qkg_name", "score", "match", "wikidata", "wikidata_score")
    ]
    by_name = {row["name"]: row for row in rows}
    assert (by_name["Arsel"]["id"], by_name["Arsel"]["match"]) == ("place/arsal", "true")
    assert by_name["Hizbollah"]["wikidata"] == "Q41053"
    assert (by_name["Damas"]["id"], by_name["Damas"]["wikidata"]) == ("place/damascus", "Q3766")
    assert by_name["Aleppo"]["id"] == "" and by_name["Aleppo"]["wikidata"] == ""


def test_a_tsv_column_is_chosen_by_name(tmp_path: Path) -> None:
    table = tmp_path / "names.tsv"
    table.write_text("note\tplace\nx\tFlitah\n")
    result = qkg(str(table), "--column", "place")
    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()
    assert header.split("\t")[:4] == ["note", "place", "id", "name"]
    assert row.split("\t")[2] == "place/flita"
    missing = one_line_error(qkg(str(table), "--column", "town"))
    assert "no column 'town'" in missing and "note, place" in missing
    first = qkg(str(table))  # no `name` column: the first column is used
    assert first.exit_code == 0 and first.stdout.splitlines()[1].split("\t")[2] == ""


def test_unknown_extensions_suggest_only_what_exists(tmp_path: Path) -> None:
    odd = tmp_path / "names.txt"
    odd.write_text("Arsal\n")
    message = one_line_error(qkg(str(odd)))
    assert ".csv" in message and ".ttl" in message and "--format-in" not in message
    table = tmp_path / "names.csv"
    table.write_text("name\nArsal\n")
    assert "--write" in one_line_error(qkg(str(table), "--write"))
