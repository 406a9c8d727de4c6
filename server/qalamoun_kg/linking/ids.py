"""Identifiers of the reconciliation service: entity ids are resource paths, types are `qo:` names.

An entity under `https://w3id.org/qalamoun/id/` has as id its path there (`place/arsal`); any
other IRI is its own id. A class `https://w3id.org/qalamoun/ontology#Town` is the type `qo:Town`.
"""

from __future__ import annotations

import re

from qalamoun_kg.namespaces import QO, QR

RESOURCE_BASE = str(QR)
ONTOLOGY_BASE = str(QO)
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
_QID = re.compile(r"Q[1-9][0-9]*")
_WIKIDATA_FORMS = (WIKIDATA_ENTITY, "https://www.wikidata.org/wiki/", "wd:")


def entity_id(value: str) -> str:
    """The id for a full IRI, a `qr:` name or an id (which is returned as it is)."""
    text = value.strip()
    if text.startswith(RESOURCE_BASE):
        return text[len(RESOURCE_BASE) :]
    if text.startswith("qr:"):
        return text[3:]
    return text


def entity_iri(value: str) -> str:
    """The full IRI for an id, a `qr:` name or an IRI."""
    text = entity_id(value)
    return text if "://" in text else RESOURCE_BASE + text


def type_id(value: str) -> str:
    """`qo:Town` for the class IRI, `qo:Town` itself or the bare `Town`."""
    text = value.strip()
    if text.startswith(ONTOLOGY_BASE):
        return "qo:" + text[len(ONTOLOGY_BASE) :]
    if "://" in text or text.startswith("qo:"):
        return text
    return "qo:" + text


def qid(value: str) -> str | None:
    """The Q-number in a Wikidata IRI, page URL, `wd:` name or bare ID; None if there is none."""
    text = value.strip()
    for prefix in _WIKIDATA_FORMS:
        text = text.removeprefix(prefix)
    return text if _QID.fullmatch(text) else None


def wikidata_iri(item: str) -> str:
    """The entity IRI of a Q-number."""
    return WIKIDATA_ENTITY + item
