"""Equivalent spellings of one SERVICE call, built from the SPARQL grammar as an attacker would:
keyword case and escapes, whitespace and comments, IRIs with escapes, prefixed names with unusual
characters, BASE and relative IRIs, other spellings of the loopback host, and tokens glued to
what precedes them. Each is a whole query whose SERVICE calls `{base}` (a loopback URL)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from urllib.parse import urlsplit

KEYWORDS = ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "service\tsilent"]
SEPARATORS = [" ", "\t", "\n", "\r", " #c\n", "#\r", ""]
# What precedes the clause inside the group, some glued to the keyword.
BEFORE = ["", "?s ?p ?o.", "?s ?p ?o .", "{}", "FILTER(true)", "BIND(1 AS ?x)"]
# Where the clause sits: {} is replaced by the clause.
PLACES = [
    "{}",
    "OPTIONAL {{ {} }}",
    "{{ }} UNION {{ {} }}",
    "{{ SELECT * WHERE {{ {} }} }}",
    "FILTER EXISTS {{ {} }}",
    "MINUS {{ {} }}",
]
# (prologue, target) pairs; {url} is the full URL, {host}:{port} its parts.
Target = tuple[str, str]


def targets(url: str) -> list[tuple[str, Target]]:
    """Named ways to write the endpoint."""
    parts = urlsplit(url)
    host, port, path = parts.hostname or "", parts.port, parts.path.lstrip("/")
    root = f"http://{host}:{port}/"
    escaped = "".join(f"\\u{ord(c):04X}" if c in ":/." else c for c in url)
    return [
        ("IRI", ("", f"<{url}>")),
        ("IRI with \\u escapes", ("", f"<{escaped}>")),
        ("IRI with \\U escape", ("", f"<http\\U0000003A//{host}:{port}/{path}>")),
        ("prefixed name", (f"PREFIX p: <{root}>", f"p:{path}")),
        ("empty prefix", (f"PREFIX : <{root}>", f":{path}")),
        (
            "prefix with . - _ and middle dot",
            (f"PREFIX a.b-c_d\u00b7e: <{root}>", f"a.b-c_d\u00b7e:{path}"),
        ),
        ("non-ASCII prefix", (f"PREFIX \u00e9t\u00e9: <{root}>", f"\u00e9t\u00e9:{path}")),
        ("prefix declared lower case", (f"prefix p: <{root}>", f"p:{path}")),
        ("prefix without space", (f"PREFIX p:<{root}>", f"p:{path}")),
        ("escaped local name", (f"PREFIX p: <http://{host}:{port}>", f"p:\\/{path}")),
        ("percent-encoded local name", (f"PREFIX p: <{root}>", f"p:%73{path[1:]}")),
        (
            "host split across prefix and name",
            (f"PREFIX p: <http://{host[:-1]}>", f"p:{host[-1]}:{port}\\/{path}"),
        ),
        ("relative IRI after BASE", (f"BASE <{root}>", f"<{path}>")),
        ("dot segments after BASE", (f"BASE <{root}a/b/>", f"<../../{path}>")),
        ("BASE in lower case", (f"base <{root}>", f"<{path}>")),
        ("network-path reference", ("BASE <http://example.org/>", f"<//{host}:{port}/{path}>")),
        ("BASE then prefix relative to it", (f"BASE <{root}> PREFIX p: <x/../>", f"p:{path}")),
        ("localhost", ("", f"<http://localhost:{port}/{path}>")),
        ("LOCALHOST upper case", ("", f"<http://LOCALHOST:{port}/{path}>")),
        ("127.1", ("", f"<http://127.1:{port}/{path}>")),
        ("decimal host", ("", f"<http://2130706433:{port}/{path}>")),
    ]


def _clause(keyword: str, separator: str, target: str) -> str:
    """SERVICE target { ?a ?b ?c }, the pattern glued to the target."""
    return f"{keyword}{separator}{target}{{ ?a ?b ?c }}"


def spellings(url: str) -> Iterator[tuple[str, str]]:
    """(name, query) pairs: every target form, crossed with keyword, separator and placement
    forms in turn (a diagonal walk, so each form of each dimension appears with many others)."""
    dimensions = [KEYWORDS, SEPARATORS, BEFORE, PLACES]
    cycles = [itertools.cycle(range(len(d))) for d in dimensions]
    for round_ in range(3):
        for name, (prologue, target) in targets(url):
            pick = [next(c) for c in cycles]
            keyword, separator, before, place = (
                d[i] for d, i in zip(dimensions, pick, strict=True)
            )
            if not separator and not target.startswith("<"):
                separator = " "  # a keyword glued to a name would be one name
            body = place.format(_clause(keyword, separator, target))
            query = f"{prologue} SELECT * WHERE {{ {before}{body} }}"
            yield f"{name} #{round_} {'/'.join(map(str, pick))}", query
