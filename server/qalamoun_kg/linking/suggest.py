"""Suggest (entities, types, properties by prefix), the HTML preview and the flyout of an entity."""

from __future__ import annotations

from html import escape
from typing import Any

from qalamoun_kg.linking.ids import entity_iri, type_id
from qalamoun_kg.linking.index import Entry, LabelIndex, TypeInfo, index_for
from qalamoun_kg.linking.matching import matcher_for
from qalamoun_kg.linking.normalize import name_keys
from qalamoun_kg.linking.properties import PROPERTIES, applies_to
from qalamoun_kg.linking.reconcile import entity_types, type_json
from qalamoun_kg.store.base import Store

WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"
SUGGEST_LIMIT = 10


def suggest_entities(
    store: Store, prefix: str, *, types: tuple[str, ...] = (), cursor: int = 0, limit: int = 0
) -> dict[str, Any]:
    """Entities whose names start with (or match) the prefix, best first."""
    index = index_for(store)
    wanted = {type_id(t) for t in types}
    found = [e for e in _by_prefix(index, prefix) if not wanted or wanted & e.all_types]
    for candidate in matcher_for(index).search(prefix, types=tuple(wanted), limit=SUGGEST_LIMIT):
        if candidate.entry not in found:
            found.append(candidate.entry)
    page = found[cursor : cursor + (limit or SUGGEST_LIMIT)]
    return {"result": [_suggested_entity(entry, index) for entry in page]}


def _by_prefix(index: LabelIndex, prefix: str) -> list[Entry]:
    """Entities with a name, or a word of a name, beginning with the prefix (folded)."""
    folded = name_keys(prefix).folded if prefix.strip() else ""
    if not folded:
        return []
    ranked: list[tuple[int, int, str, Entry]] = []
    for entry in index.entries.values():
        rank = min((_prefix_rank(name.keys.folded, folded) for name in entry.names), default=9)
        if rank < 9:
            ranked.append((rank, len(entry.name), entry.name, entry))
    return [item[-1] for item in sorted(ranked, key=lambda item: item[:3])]


def _prefix_rank(name: str, prefix: str) -> int:
    """0 when the name starts with the prefix, 1 when a later word does, 9 when neither."""
    if name.startswith(prefix):
        return 0
    return 1 if f" {prefix}" in f" {name}" else 9


def _suggested_entity(entry: Entry, index: LabelIndex) -> dict[str, Any]:
    """An entity as suggest writes it."""
    found: dict[str, Any] = {
        "id": entry.id,
        "name": entry.name,
        "notable": entity_types(entry, index),
    }
    if entry.description:
        found["description"] = entry.description
    return found


def suggest_types(store: Store, prefix: str, *, cursor: int = 0, limit: int = 0) -> dict[str, Any]:
    """The ontology's classes whose name or id starts with the prefix (any word of it)."""
    index = index_for(store)
    wanted = prefix.strip().lower()
    hits = [info for info in index.types.values() if _type_hit(info, wanted)]
    hits.sort(key=lambda info: (not info.name.lower().startswith(wanted), info.name))
    page = hits[cursor : cursor + (limit or SUGGEST_LIMIT)]
    return {"result": [type_json(info, index) for info in page]}


def _type_hit(info: TypeInfo, prefix: str) -> bool:
    """Whether a class's name, a word of it, or its local name starts with the prefix."""
    words = [info.name.lower(), *info.name.lower().split(), info.id[3:].lower()]
    return any(word.startswith(prefix) for word in words)


def suggest_properties(
    prefix: str, *, types: tuple[str, ...] = (), cursor: int = 0, limit: int = 0
) -> dict[str, Any]:
    """The service's properties whose id, name or an alias starts with the prefix."""
    wanted = prefix.strip().lower()
    hits = [
        prop
        for prop in PROPERTIES
        if any(key.lower().startswith(wanted) for key in (prop.id, prop.name, *prop.aliases))
        and (not types or applies_to(prop, types))
    ]
    page = hits[cursor : cursor + (limit or SUGGEST_LIMIT)]
    return {"result": [{"id": p.id, "name": p.name, "description": p.description} for p in page]}


def preview_html(store: Store, entity: str, view_url: str) -> str | None:
    """A small HTML page describing an entity (None if unknown); every value is escaped."""
    index = index_for(store)
    entry = index.get(entity)
    if entry is None:
        return None
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(entry.name)}</title>"
        "<style>body{font:13px/1.4 sans-serif;margin:6px}h1{font-size:15px;margin:0}"
        "p{margin:3px 0}.t{color:#555}</style></head>\n<body>"
        f"{entity_summary_html(entry, index, view_url)}</body></html>\n"
    )


def flyout(store: Store, entity: str, view_url: str) -> dict[str, str] | None:
    """The suggest flyout of an entity: `{id, html}` (None if unknown)."""
    index = index_for(store)
    entry = index.get(entity)
    if entry is None:
        return None
    return {"id": entry.id, "html": entity_summary_html(entry, index, view_url)}


def entity_summary_html(entry: Entry, index: LabelIndex, view_url: str) -> str:
    """Name, types, description, other names and links of an entity, as escaped HTML."""
    types = ", ".join(t["name"] for t in entity_types(entry, index))
    parts = [
        f'<h1><a href="{escape(view_url)}" target="_blank">{escape(entry.name)}</a></h1>',
        f'<p class="t">{escape(types)}</p>',
    ]
    if entry.description:
        parts.append(f"<p>{escape(entry.description)}</p>")
    others = sorted({name.text for name in entry.names if name.text != entry.name})
    if others:
        parts.append(f"<p>Also: {escape('; '.join(others))}</p>")
    for item in entry.wikidata:
        link = escape(WIKIDATA_PAGE + item)
        parts.append(f'<p>Wikidata: <a href="{link}" target="_blank">{escape(item)}</a></p>')
    parts.append(f'<p class="t">{escape(entity_iri(entry.id))}</p>')
    return "".join(parts)
