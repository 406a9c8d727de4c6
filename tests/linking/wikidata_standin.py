"""A local stand-in for Wikidata's API: a threaded HTTP server on a free loopback port.

It answers `wbsearchentities` and `wbgetentities` in Wikidata's JSON format from
`wikidata_fixture.json`, and records every request (parameters and User-Agent) for the tests.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURE = Path(__file__).with_name("wikidata_fixture.json")
FAIL_SEARCH = "!fail"  # a search for this answers with an API error, as Wikidata does under load


@dataclass
class Recorded:
    """What the stand-in saw: one dict of parameters and the User-Agent per request."""

    requests: list[dict[str, str]] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)

    def actions(self) -> list[str]:
        """The `action` of each request, in order."""
        return [params.get("action", "") for params in self.requests]


def load_items(path: Path = FIXTURE) -> dict[str, dict[str, Any]]:
    """The fixture's items by id."""
    items: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["items"]
    return items


def search(
    items: dict[str, dict[str, Any]], text: str, language: str, limit: int
) -> dict[str, Any]:
    """A `wbsearchentities` answer: items whose label or alias starts with the text."""
    wanted = text.strip().lower()
    hits: list[dict[str, Any]] = []
    for qid, item in items.items():
        label = item["labels"].get(language) or item["labels"].get("en", "")
        names = [("label", label)] + [("alias", a) for a in item["aliases"].get(language, [])]
        matched = next(((kind, n) for kind, n in names if n.lower().startswith(wanted)), None)
        if wanted and matched:
            hits.append(_hit(qid, item, label, language, matched))
    return {"searchinfo": {"search": text}, "search": hits[:limit], "success": 1}


def _hit(
    qid: str, item: dict[str, Any], label: str, language: str, matched: tuple[str, str]
) -> dict[str, Any]:
    """One search result as the API writes it."""
    return {
        "id": qid,
        "title": qid,
        "concepturi": f"http://www.wikidata.org/entity/{qid}",
        "label": label,
        "description": item.get("description", ""),
        "match": {"type": matched[0], "language": language, "text": matched[1]},
    }


def entities(
    items: dict[str, dict[str, Any]], ids: list[str], languages: list[str]
) -> dict[str, Any]:
    """A `wbgetentities` answer; unknown ids are `missing`, as on Wikidata."""
    found: dict[str, Any] = {}
    for qid in ids:
        item = items.get(qid)
        found[qid] = {"id": qid, "missing": ""} if item is None else _entity(qid, item, languages)
    return {"entities": found, "success": 1}


def _entity(qid: str, item: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    """One entity in Wikidata's JSON."""
    labels = {lang: {"language": lang, "value": v} for lang, v in item["labels"].items()}
    aliases = {
        lang: [{"language": lang, "value": v} for v in values]
        for lang, values in item["aliases"].items()
        if values
    }
    descriptions = (
        {"en": {"language": "en", "value": item["description"]}} if item.get("description") else {}
    )
    return {
        "type": "item",
        "id": qid,
        "labels": {k: v for k, v in labels.items() if k in languages},
        "aliases": {k: v for k, v in aliases.items() if k in languages},
        "descriptions": descriptions,
        "claims": {"P31": [_statement(target) for target in item["P31"]]} if item["P31"] else [],
    }


def _statement(target: str) -> dict[str, Any]:
    """An "instance of" statement."""
    return {
        "mainsnak": {
            "snaktype": "value",
            "property": "P31",
            "datavalue": {
                "value": {"entity-type": "item", "numeric-id": int(target[1:]), "id": target},
                "type": "wikibase-entityid",
            },
            "datatype": "wikibase-item",
        },
        "type": "statement",
        "rank": "normal",
    }


def _handler(items: dict[str, dict[str, Any]], recorded: Recorded) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to the fixture and the record."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            """Answer an API call from the fixture and record it."""
            params = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            recorded.requests.append(params)
            recorded.user_agents.append(self.headers.get("User-Agent", ""))
            self._reply(_answer(items, params))

        def _reply(self, payload: dict[str, Any]) -> None:
            """Send a JSON body."""
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

    return Handler


def _answer(items: dict[str, dict[str, Any]], params: dict[str, str]) -> dict[str, Any]:
    """The JSON answer for one request."""
    action = params.get("action")
    if action == "wbsearchentities" and params.get("search") == FAIL_SEARCH:
        return {"error": {"code": "maxlag", "info": "too much load"}}
    if action == "wbsearchentities":
        limit = int(params.get("limit", "7"))
        return search(items, params.get("search", ""), params.get("language", "en"), limit)
    if action == "wbgetentities":
        ids = [i for i in params.get("ids", "").split("|") if i]
        return entities(items, ids, params.get("languages", "en").split("|"))
    return {"error": {"code": "badvalue", "info": f"Unrecognized value for action: {action}"}}


@contextmanager
def running(items: dict[str, dict[str, Any]] | None = None) -> Iterator[tuple[str, Recorded]]:
    """Serve the stand-in on a free loopback port; yields its API URL and the request record."""
    recorded = Recorded()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(items or load_items(), recorded))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/w/api.php", recorded
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
