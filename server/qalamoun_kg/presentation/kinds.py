"""Which kind of page a resource gets: event, place, actor, claim or citation (or several)."""

from __future__ import annotations

from collections.abc import Iterable

from qalamoun_kg.namespaces import QO, RDFS
from qalamoun_kg.presentation.facts import iri_of, select, values
from qalamoun_kg.store import Store

KINDS = {
    str(QO.Event): "event",
    str(QO.Place): "place",
    str(QO.Actor): "actor",
    str(QO.Claim): "claim",
    str(QO.Citation): "citation",
}


def kinds_of(store: Store, iris: Iterable[str]) -> dict[str, set[str]]:
    """IRI -> the kinds its asserted types fall under (through rdfs:subClassOf)."""
    wanted = values(iris)
    found: dict[str, set[str]] = {}
    if not wanted:
        return found
    sparql = f"""
        SELECT DISTINCT ?s ?top WHERE {{
          VALUES ?s {{ {wanted} }} VALUES ?top {{ {values(KINDS)} }}
          ?s a/<{RDFS.subClassOf}>* ?top .
        }}"""
    for row in select(store, sparql):
        subject, top = iri_of(row["s"]), iri_of(row["top"])
        if subject and top:
            found.setdefault(subject, set()).add(KINDS[top])
    return found
