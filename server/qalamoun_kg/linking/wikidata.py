"""A small client of the Wikidata API (`wbsearchentities`, `wbgetentities`), cached on disk.

Only used when asked for (`qkg link --online`). The API's base URL comes from
$QKG_WIKIDATA_API (default Wikidata's own), answers are cached under $QKG_WIKIDATA_CACHE
(default the user's cache folder) for `CACHE_SECONDS`, every request has a timeout and a
User-Agent that names the project, as Wikimedia's policy asks.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qalamoun_kg import __version__
from qalamoun_kg.errors import InputError
from qalamoun_kg.linking.ids import qid

API_ENV = "QKG_WIKIDATA_API"
CACHE_ENV = "QKG_WIKIDATA_CACHE"
DEFAULT_API = "https://www.wikidata.org/w/api.php"
USER_AGENT = (
    f"qalamoun-kg/{__version__} (knowledge graph of the Qalamoun offensive; "
    "https://w3id.org/qalamoun/) Python-urllib"
)
TIMEOUT_SECONDS = 15.0
CACHE_SECONDS = 7 * 24 * 3600
MAX_IDS_PER_CALL = 50  # the API's own limit for wbgetentities
MAX_RESPONSE_BYTES = 20_000_000


@dataclass(frozen=True)
class Item:
    """A Wikidata item as the linking code needs it: labels, aliases, description, P31 ids."""

    id: str
    labels: Mapping[str, str] = field(default_factory=dict)
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    description: str = ""
    instance_of: tuple[str, ...] = ()
    missing: bool = False

    @property
    def label(self) -> str:
        """The English label, else any label, else the id."""
        return self.labels.get("en") or next(iter(self.labels.values()), self.id)

    def names(self) -> list[str]:
        """Every label and alias, English first."""
        found = [self.labels[lang] for lang in sorted(self.labels, key=lambda x: x != "en")]
        for lang in sorted(self.aliases, key=lambda x: x != "en"):
            found.extend(self.aliases[lang])
        return found


@dataclass(frozen=True)
class SearchHit:
    """One `wbsearchentities` result."""

    id: str
    label: str
    description: str
    matched: str


class WikidataError(InputError):
    """The Wikidata API could not be reached or answered with an error."""


def default_cache_dir() -> Path:
    """$QKG_WIKIDATA_CACHE, else `qalamoun-kg/wikidata` in the user's cache folder."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache_home) / "qalamoun-kg" / "wikidata"


class WikidataClient:
    """Calls of the Wikidata API with an on-disk cache."""

    def __init__(
        self,
        api_url: str | None = None,
        *,
        cache_dir: Path | None = None,
        timeout: float = TIMEOUT_SECONDS,
        cache_seconds: float = CACHE_SECONDS,
    ) -> None:
        self.api_url = api_url or os.environ.get(API_ENV) or DEFAULT_API
        if not self.api_url.startswith(("http://", "https://")):
            raise InputError(f"the Wikidata API URL must be http(s): {self.api_url!r}")
        self.cache_dir = cache_dir if cache_dir is not None else default_cache_dir()
        self.timeout = timeout
        self.cache_seconds = cache_seconds

    def search(self, text: str, *, language: str = "en", limit: int = 10) -> list[SearchHit]:
        """Items whose label or alias matches the text (`wbsearchentities`)."""
        params = {
            "action": "wbsearchentities",
            "search": text,
            "language": language,
            "uselang": language,
            "type": "item",
            "limit": str(limit),
            "format": "json",
        }
        data = self._call(params)
        return [_search_hit(hit) for hit in data.get("search", []) if isinstance(hit, dict)]

    def entities(self, ids: Iterable[str]) -> dict[str, Item]:
        """Labels, aliases, descriptions and P31 of items (`wbgetentities`), by id."""
        wanted = sorted({item for item in (qid(i) for i in ids) if item})
        found: dict[str, Item] = {}
        for start in range(0, len(wanted), MAX_IDS_PER_CALL):
            chunk = wanted[start : start + MAX_IDS_PER_CALL]
            params = {
                "action": "wbgetentities",
                "ids": "|".join(chunk),
                "props": "labels|aliases|descriptions|claims",
                "languages": "en|ar",
                "format": "json",
            }
            entities = self._call(params).get("entities", {})
            if isinstance(entities, dict):
                found.update({k: _item(k, v) for k, v in entities.items() if isinstance(v, dict)})
        return found

    def _call(self, params: dict[str, str]) -> dict[str, Any]:
        """One API call, from the cache when fresh; API errors become `WikidataError`."""
        url = f"{self.api_url}?{urllib.parse.urlencode(sorted(params.items()))}"
        data = self._cached(url)
        if data is None:
            data = self._fetch(url)
            self._store(url, data)
        if "error" in data:
            error = data["error"]
            info = error.get("info", error) if isinstance(error, dict) else error
            raise WikidataError(f"Wikidata API error: {info}")
        return data

    def _fetch(self, url: str) -> dict[str, Any]:
        """GET a URL and parse its JSON."""
        request = urllib.request.Request(
            url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise WikidataError(f"Wikidata API answered HTTP {error.code} for {url}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise WikidataError(
                f"cannot reach the Wikidata API at {self.api_url}: {reason}"
            ) from error
        if len(body) > MAX_RESPONSE_BYTES:
            raise WikidataError("the Wikidata API answer is too large")
        return _parse(body, url)

    def _cache_path(self, url: str) -> Path:
        """The cache file of a URL."""
        return self.cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()}.json"

    def _cached(self, url: str) -> dict[str, Any] | None:
        """A fresh cached answer, or None."""
        path = self._cache_path(url)
        try:
            if time.time() - path.stat().st_mtime > self.cache_seconds:
                return None
            return _parse(path.read_bytes(), url)
        except (OSError, WikidataError):
            return None

    def _store(self, url: str, data: dict[str, Any]) -> None:
        """Cache an answer (not an API error); a cache that cannot be written is left out."""
        if "error" in data:
            return
        path = self._cache_path(url)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            temporary.write_text(json.dumps(data), encoding="utf-8")
            temporary.replace(path)
        except OSError:
            pass


def _parse(body: bytes, url: str) -> dict[str, Any]:
    """A JSON object from bytes; anything else is a `WikidataError`."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise WikidataError(f"the Wikidata API did not answer JSON for {url}") from error
    if not isinstance(data, dict):
        raise WikidataError(f"the Wikidata API answered an unexpected shape for {url}")
    return data


def _search_hit(hit: dict[str, Any]) -> SearchHit:
    """A search result."""
    match = hit.get("match") if isinstance(hit.get("match"), dict) else {}
    return SearchHit(
        id=str(hit.get("id", "")),
        label=str(hit.get("label", "")),
        description=str(hit.get("description", "")),
        matched=str(match.get("text", hit.get("label", "")))
        if match
        else str(hit.get("label", "")),
    )


def _item(key: str, raw: dict[str, Any]) -> Item:
    """An item from a `wbgetentities` entity."""
    if "missing" in raw:
        return Item(id=key, missing=True)
    return Item(
        id=str(raw.get("id", key)),
        labels=_texts(raw.get("labels")),
        aliases={lang: tuple(_alias_texts(v)) for lang, v in _dict(raw.get("aliases")).items()},
        description=_texts(raw.get("descriptions")).get("en", ""),
        instance_of=tuple(_claim_items(_dict(raw.get("claims")).get("P31", []))),
    )


def _dict(value: object) -> dict[str, Any]:
    """The value if it is a dict, else an empty one (the API writes `[]` for no entries)."""
    return value if isinstance(value, dict) else {}


def _texts(value: object) -> dict[str, str]:
    """Language → text of a labels or descriptions object."""
    return {
        lang: str(entry["value"])
        for lang, entry in _dict(value).items()
        if isinstance(entry, dict) and "value" in entry
    }


def _alias_texts(value: object) -> list[str]:
    """The texts of one language's aliases."""
    items = value if isinstance(value, list) else []
    return [str(a["value"]) for a in items if isinstance(a, dict) and "value" in a]


def _claim_items(claims: object) -> list[str]:
    """The item ids that statements point to (deprecated ones left out)."""
    found: list[str] = []
    for claim in claims if isinstance(claims, list) else []:
        if not isinstance(claim, dict) or claim.get("rank") == "deprecated":
            continue
        value = _dict(_dict(_dict(claim.get("mainsnak")).get("datavalue")).get("value"))
        if isinstance(value.get("id"), str):
            found.append(value["id"])
    return found
