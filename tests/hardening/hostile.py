"""Hypothesis strategies for hostile input: mutated valid seeds, odd Unicode, very long strings."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from pyoxigraph import RdfFormat, parse, serialize

ROOT = Path(__file__).resolve().parents[2]
COMPETENCY = sorted((ROOT / "tests" / "competency").glob("*.rq"))
DATA_FILES = sorted((ROOT / "data").glob("*.ttl"))

# Bounded fuzzing; the sequence is fixed by the root conftest's profile (reproducible red runs).
FUZZ = settings(
    max_examples=int(os.environ.get("QKG_FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Characters that break naive code: NUL, lone surrogates, bidi overrides, combining marks, BOM,
# noncharacters, line separators, and the syntax characters of SPARQL, Turtle and JSON.
ODD_CHARS = [
    "\x00", "\ud800", "\udfff", "\udc80", "\u200f", "\u202e", "\u2066", "\u0301", "\u0361",
    "\ufeff", "\uffff", "\ufffe", "\U0010ffff", "\u2028", "\x1b", "\r", "\n", "\t",
    "{", "}", "<", ">", '"', "'", "\\", "#", "?", "$", "*", "(", ")", ".", ";", ",", "@", "^",
    "%", "&", "/", ":", "[", "]", "|", "!", "=", "ع", "ا",
]  # fmt: skip
ODD_TOKENS = [
    '"""', "'''", "^^", "<script>alert(1)</script>", "SERVICE <http://127.0.0.1:1/>",
    "LOAD <http://169.254.169.254/>", "%00", "../../", "\\u0000", "\\U0010FFFF", "_:b0",
    "9" * 400, "1e99999", "-0.0e-0", '"x"@', "@prefix", "PREFIX", "GRAPH", "OPTIONAL", "{}",
    "<<", ">>", "a", "null", "true", "[]", "{\"@id\": 1}", "\u202e}", "SELECT", "INSERT DATA",
]  # fmt: skip

odd_char = st.one_of(st.characters(), st.sampled_from(ODD_CHARS))
odd_piece = st.one_of(odd_char, st.sampled_from(ODD_TOKENS))
random_text = st.one_of(
    st.text(odd_char, max_size=200),
    st.lists(odd_piece, max_size=40).map("".join),
)


def read_seeds(paths: list[Path]) -> list[str]:
    """The text of each seed file."""
    return [path.read_text(encoding="utf-8") for path in paths]


def turtle_chunks(limit: int = 40) -> list[str]:
    """Small valid Turtle documents: a data file's prefixes and one of its subject blocks."""
    chunks: list[str] = []
    for path in DATA_FILES:
        text = path.read_text(encoding="utf-8")
        prefixes = "\n".join(line for line in text.splitlines() if line.startswith("@prefix"))
        blocks = [block for block in text.split("\n\n") if block.rstrip().endswith(".")]
        chunks.extend(f"{prefixes}\n{block}\n" for block in blocks[1:4] if "@prefix" not in block)
    return chunks[:limit]


def jsonld_chunks(limit: int = 10) -> list[str]:
    """The Turtle chunks as JSON-LD documents."""
    documents: list[str] = []
    for chunk in turtle_chunks(limit):
        triples = [q.triple for q in parse(chunk.encode(), RdfFormat.TURTLE)]
        documents.append((serialize(triples, format=RdfFormat.JSON_LD) or b"").decode())
    return documents


def reconcile_seeds() -> list[str]:
    """Reconciliation `queries=` JSON documents in the W3C API's shape."""
    batches = [
        {"q0": {"query": "Hezbollah"}},
        {"q0": {"query": "Arsal", "type": "Place", "limit": 3}},
        {"q0": {"query": "al-Nusra", "properties": [{"pid": "P17", "v": "Syria"}]}},
        {"q0": {"query": "Lebanese Army"}, "q1": {"query": "عرسال", "type_strict": "any"}},
    ]
    return [json.dumps(batch, ensure_ascii=False) for batch in batches]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str]) -> str:
    """A valid seed with a few random edits: insertions, deletions, swaps, repeats, truncation."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 6))):
        text = _edit(draw, text)
    return text


def _edit(draw: st.DrawFn, text: str) -> str:
    """One random edit of text."""
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 40)))
    operation = draw(st.sampled_from(["insert", "delete", "replace", "repeat", "truncate"]))
    if operation == "insert":
        return text[:start] + draw(odd_piece) + text[start:]
    if operation == "delete":
        return text[:start] + text[end:]
    if operation == "replace":
        return text[:start] + draw(st.lists(odd_piece, max_size=4).map("".join)) + text[end:]
    if operation == "repeat":
        return text[:end] + text[start:end] * draw(st.integers(2, 50)) + text[end:]
    return text[:start]


def hostile(seeds: list[str]) -> st.SearchStrategy[str]:
    """Mutated seeds, random text, and now and then a very long string."""
    long_text = st.tuples(st.sampled_from(seeds + ODD_TOKENS), st.integers(100, 3000)).map(
        lambda pair: pair[0] * pair[1]
    )
    return st.one_of(mutated(seeds), mutated(seeds), random_text, long_text)


# Updates around one conforming village: valid, invalid by the shapes, on managed graphs, fetching.
UPDATE_SEEDS = [
    'INSERT DATA { qr:place\\/fuzz-village a qo:Village ; rdfs:label "Fuzz village"@en ;'
    " qo:inCountry qr:country\\/lebanon . }",
    "INSERT DATA { qr:place\\/fuzz-bare a qo:Village . }",
    'DELETE DATA { qr:place\\/fuzz-village rdfs:label "Fuzz village"@en }',
    "DELETE WHERE { qr:place\\/arsal rdfs:label ?label }",
    'INSERT { ?s rdfs:comment "fuzz"@en } WHERE { ?s a qo:Village } ',
    "WITH <https://w3id.org/qalamoun/graph/shapes> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CLEAR GRAPH <https://w3id.org/qalamoun/graph/meta>",
    "LOAD <http://127.0.0.1:1/data.ttl> INTO GRAPH <urn:fuzz>",
    'INSERT DATA { GRAPH <urn:fuzz> { <urn:a> <urn:b> "c" } }',
    "DROP SILENT GRAPH <urn:fuzz>",
]
MEDIA_TYPES = [
    "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml",
    "application/sparql-query", "application/sparql-update", "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x", "application/json", "text/html", "*/*", "text/csv",
    "application/sparql-results+json", "text/plain; charset=latin-1", "application/trig",
]  # fmt: skip

# Header values as bytes a client could send: latin-1, no CR or LF (those end the header).
header_value = st.one_of(
    st.sampled_from(MEDIA_TYPES),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=300),
    st.lists(st.sampled_from(MEDIA_TYPES), max_size=6).map(", ".join),
    st.tuples(st.sampled_from(MEDIA_TYPES), st.floats(-1e9, 1e9)).map(lambda p: f"{p[0]};q={p[1]}"),
)
HEADER_NAMES = [
    "Accept", "Content-Type", "Origin", "Authorization", "Range", "If-None-Match",
    "Accept-Encoding", "Accept-Language", "X-Forwarded-For", "Host", "Expect", "Cookie",
]  # fmt: skip
header_name = st.one_of(
    st.sampled_from(HEADER_NAMES),
    st.text(st.sampled_from("abcXYZ-_0123456789!#$%&'*+.^`|~"), min_size=1, max_size=40),
)

# How many inputs each entry point was given in this run (for the closing figures).
FUZZED: Counter[str] = Counter()


def tally(entry: str) -> None:
    """Count one fuzzed input for an entry point (and label it in hypothesis' statistics)."""
    FUZZED[entry] += 1
    event(entry)
