"""Where a resource links to: its /id/ page, a term page, Wikidata, or the IRI itself."""

from __future__ import annotations

from urllib.parse import quote

from flask import url_for

from qalamoun_kg.namespaces import QO, QR, WD

WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"
ONTOLOGY_IRI = str(QO).rstrip("#")


def is_internal(iri: str) -> bool:
    """Whether the IRI has a page on this site: project resources and ontology terms."""
    return iri.startswith((str(QR), ONTOLOGY_IRI))


def href(iri: str) -> str:
    """The link target for an IRI: /id/… for project resources, a term page for ontology terms,
    the Wikidata page for Wikidata entities, else the IRI itself when it is a web address."""
    if iri.startswith(str(QR)) and len(iri) > len(str(QR)):
        return url_for("resources.resource", path=quote(iri[len(str(QR)) :], safe="/"))
    if iri.startswith(ONTOLOGY_IRI):
        return url_for("resources.term", iri=iri)
    if iri.startswith(str(WD)):
        return WIKIDATA_PAGE + iri[len(str(WD)) :]
    if iri.startswith(("http://", "https://")):
        return iri
    return url_for("resources.term", iri=iri)


def wikidata_id(iri: str) -> str:
    """ "Q858" for a Wikidata entity IRI."""
    return iri[len(str(WD)) :] if iri.startswith(str(WD)) else iri
