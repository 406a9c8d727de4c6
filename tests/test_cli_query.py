"""`qkg query` and `qkg dump`: output formats, exit codes, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner, Result
from pyoxigraph import RdfFormat, parse

from qalamoun_kg.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "foundation"
LABELS = "SELECT ?s ?label WHERE { ?s a qo:Place ; rdfs:label ?label } ORDER BY ?label"


def qkg(*args: str, stdin: str | None = None) -> Result:
    """Run `qkg` with an in-memory store loaded from the fixture home."""
    return CliRunner().invoke(main, [*args, "--store", "memory"], input=stdin)


def assert_one_line_error(result: Result, status: int = 2) -> str:
    """The command failed with the given status and one line on stderr, no traceback."""
    assert result.exit_code == status, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(autouse=True)
def _fixture_home(foundation_home: Path) -> Path:
    return foundation_home


def test_table_is_aligned_with_prefixed_names() -> None:
    result = qkg("query", LABELS)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split(" | ") == ["s                ", "label"]
    assert lines[2] == "qr:place/country  | Country@en"
    assert lines[-1] == "(3 rows)"
    assert len({line.index("|") for line in lines[:1] + lines[2:-1]}) == 1


def test_csv_parses() -> None:
    result = qkg("query", LABELS, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["s", "label"]
    assert rows[1] == ["https://w3id.org/qalamoun/id/place/country", "Country"]
    assert len(rows) == 4


def test_csv_quotes_commas_and_quotes() -> None:
    result = qkg(
        "query",
        "SELECT ?c WHERE { ?s rdfs:comment|skos:altLabel ?c } ORDER BY ?c",
        "--format",
        "csv",
    )
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1:] == [["A second group, with a comma, and a\ttab."], ['Group "A", the first']]


def test_tsv_parses() -> None:
    result = qkg("query", LABELS, "--format", "tsv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == ["?s", "?label"]
    assert rows[1] == ["<https://w3id.org/qalamoun/id/place/country>", '"Country"@en']


def test_json_parses() -> None:
    result = qkg("query", LABELS, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["head"]["vars"] == ["s", "label"]
    first = document["results"]["bindings"][0]["label"]
    assert first == {"type": "literal", "value": "Country", "xml:lang": "en"}


def test_xml_parses() -> None:
    result = qkg("query", LABELS, "--format", "xml")
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout_bytes)
    assert len(root.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 3


def test_ask_as_json_and_table() -> None:
    assert json.loads(qkg("query", "ASK { ?s a qo:Place }", "--format", "json").stdout)["boolean"]
    assert qkg("query", "ASK { ?s a qo:Nothing }").stdout == "false\n"


def test_construct_as_turtle_parses() -> None:
    query = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }"
    for fmt in ("turtle", "table"):
        result = qkg("query", query, "--format", fmt)
        assert result.exit_code == 0, result.output
        graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
        assert len(graph) == 10


def test_describe_as_ntriples() -> None:
    query = "DESCRIBE <https://w3id.org/qalamoun/id/place/country>"
    result = qkg("query", query, "--format", "ntriples")
    assert result.exit_code == 0, result.output
    assert len(list(parse(result.stdout_bytes, RdfFormat.N_TRIPLES))) == 6


def test_query_from_file_and_stdin(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(LABELS)
    from_file = qkg("query", f"@{path}", "--format", "csv")
    from_stdin = qkg("query", "-", "--format", "csv", stdin=LABELS)
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert from_file.stdout == from_stdin.stdout == qkg("query", LABELS, "--format", "csv").stdout


def test_malformed_query_exits_2_with_line_and_column() -> None:
    line = assert_one_line_error(qkg("query", "SELECT ?s\nWHERE { ?s ?p ?o }\nLIMT 5"))
    assert line.startswith("error: query line 3, column 7: expected one of")


def test_missing_query_file_exits_2() -> None:
    line = assert_one_line_error(qkg("query", "@does-not-exist.rq"))
    assert line == "error: does-not-exist.rq: cannot read query file: No such file or directory"


def test_turtle_for_select_exits_2() -> None:
    line = assert_one_line_error(qkg("query", LABELS, "--format", "turtle"))
    assert "does not fit SELECT results" in line


def test_missing_data_folder_exits_2(foundation_home: Path) -> None:
    (foundation_home / "data").rename(foundation_home / "elsewhere")
    line = assert_one_line_error(qkg("query", LABELS))
    assert line == f"error: {foundation_home / 'data'}: missing data/ folder"


def test_bad_turtle_exits_2_naming_file_line_column(foundation_home: Path) -> None:
    bad = foundation_home / "data" / "bad.ttl"
    bad.write_bytes((FIXTURES / "bad-syntax.ttl").read_bytes())
    line = assert_one_line_error(qkg("dump"))
    assert line.startswith(f"error: {bad}:5:26: ")


@pytest.mark.parametrize(
    ("fmt", "rdf_format"), [("nquads", RdfFormat.N_QUADS), ("trig", RdfFormat.TRIG)]
)
def test_dump_datasets_parse(fmt: str, rdf_format: RdfFormat) -> None:
    result = qkg("dump", "--format", fmt)
    assert result.exit_code == 0, result.output
    quads = list(parse(result.stdout_bytes, rdf_format))
    graphs = {quad.graph_name.value for quad in quads}
    assert "https://w3id.org/qalamoun/graph/data/places" in graphs
    # The bookkeeping is part of a dump: restored with it, the sources are not loaded again.
    assert "https://w3id.org/qalamoun/graph/meta" in graphs


def test_dump_turtle_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "all.ttl"
    result = qkg("dump", "--format", "turtle", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert len(rdflib.Graph().parse(out, format="turtle")) > 20


@pytest.mark.parametrize("command", [[], ["query"], ["dump"]])
def test_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout


def test_query_on_disk_store_twice(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    args = [
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "--format",
        "csv",
        "--store",
        store,
    ]
    first = CliRunner().invoke(main, args)
    second = CliRunner().invoke(main, args)
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    assert first.stdout == second.stdout
