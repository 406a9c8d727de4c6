"""Data extension: property values of reconciled entities, and the properties proposed per type."""

from __future__ import annotations

import json
from typing import Any

from qalamoun_kg.errors import InputError
from qalamoun_kg.linking.ids import entity_id, type_id
from qalamoun_kg.linking.index import ancestors, index_for
from qalamoun_kg.linking.properties import (
    DATE,
    ENTITY,
    PROPERTIES,
    TYPE,
    Property,
    Value,
    applies_to,
    find_property,
    property_values,
)
from qalamoun_kg.store.base import Store

MAX_IDS = 1000
MAX_PROPERTIES = 50
PROPOSE_LIMIT = 20


def parse_extend(text: str) -> tuple[list[str], list[tuple[Property, int]]]:
    """The `extend` parameter: entity ids and (property, value limit) pairs."""
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise InputError(f"extend is not valid JSON: {getattr(error, 'msg', error)}") from error
    if not isinstance(raw, dict):
        raise InputError("extend must be a JSON object with 'ids' and 'properties'")
    ids, props = raw.get("ids"), raw.get("properties")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise InputError("extend: 'ids' must be a list of entity ids")
    if not isinstance(props, list) or not all(isinstance(p, dict) for p in props):
        raise InputError("extend: 'properties' must be a list of {id, settings} objects")
    if len(ids) > MAX_IDS or len(props) > MAX_PROPERTIES:
        raise InputError(f"extend: at most {MAX_IDS} ids and {MAX_PROPERTIES} properties")
    return ids, [_property_request(p) for p in props]


def _property_request(raw: dict[str, Any]) -> tuple[Property, int]:
    """One requested property and its `limit` setting (0 for all values)."""
    if not isinstance(raw.get("id"), str):
        raise InputError("extend: each property needs an 'id' string")
    settings = raw.get("settings", {})
    limit = settings.get("limit", 0) if isinstance(settings, dict) else 0
    if isinstance(limit, str) and limit.strip().isdigit():
        limit = int(limit)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise InputError("extend: a property's 'limit' setting must be a whole number ≥ 0")
    return find_property(raw["id"]), limit


def extend(store: Store, ids: list[str], requests: list[tuple[Property, int]]) -> dict[str, Any]:
    """Rows of values for each id (as the client wrote it) and the metadata of each property."""
    index = index_for(store)
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {raw: {} for raw in ids}
    for prop, limit in requests:
        values = property_values(store, prop, [entity_id(raw) for raw in ids])
        for raw in ids:
            found = [_cell(value) for value in values.get(entity_id(raw), [])]
            rows[raw][prop.id] = found[:limit] if limit else found
    meta = [_meta(prop, index.types) for prop, _limit in requests]
    return {"meta": meta, "rows": rows}


def _cell(value: Value) -> dict[str, Any]:
    """A value as the extension response writes it."""
    if value.kind in (ENTITY, TYPE) and value.id is not None:
        return {"id": value.id, "name": value.text}
    if value.kind == DATE:
        return {"date": f"{value.text[:10]}T00:00:00Z"}
    return {"str": value.text}


def _meta(prop: Property, types: dict[str, Any]) -> dict[str, Any]:
    """A column's metadata: id and name, and the type of entity-valued columns."""
    found: dict[str, Any] = {"id": prop.id, "name": prop.name}
    if prop.kind == ENTITY:
        country = types.get("qo:Country")
        found["type"] = {"id": "qo:Country", "name": country.name if country else "country"}
    return found


def propose_properties(store: Store, type_name: str, limit: int = 0) -> dict[str, Any]:
    """The properties worth fetching for entities of a type (all of them when no type is given)."""
    index = index_for(store)
    wanted = type_id(type_name) if type_name.strip() else ""
    if wanted and wanted not in index.types:
        raise InputError(f"unknown type {type_name!r}; see /reconcile/suggest/type")
    lineage = ancestors(wanted, index.types) if wanted else set()
    chosen = [p for p in PROPERTIES if not wanted or applies_to(p, lineage)]
    cap = limit or PROPOSE_LIMIT
    found: dict[str, Any] = {
        "properties": [
            {"id": p.id, "name": p.name, "description": p.description} for p in chosen[:cap]
        ],
        "limit": cap,
    }
    if wanted:
        found["type"] = wanted
    return found
