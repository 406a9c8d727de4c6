"""Synthetic data for crash and load tests: many small, conforming resources in known groups."""

from __future__ import annotations

from pathlib import Path

from tests.hardening.livekg import frozen_home

QO = "https://w3id.org/qalamoun/ontology#"
QR = "https://w3id.org/qalamoun/id/"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def place_iri(tag: str, number: int) -> str:
    """The IRI of synthetic place number `number` of a run tagged `tag`."""
    return f"{QR}place/synthetic-{tag}-{number}"


def place_triples(tag: str, number: int) -> list[str]:
    """N-Triples lines of one synthetic place: its type and its English label."""
    iri = f"<{place_iri(tag, number)}>"
    return [
        f"{iri} {RDF_TYPE} <{QO}Place> .",
        f'{iri} {RDFS_LABEL} "Synthetic place {tag} {number}"@en .',
    ]


def places_file(path: Path, tag: str, count: int) -> int:
    """Write `count` synthetic places as N-Triples (valid Turtle); return the triple count."""
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            out.write("\n".join(place_triples(tag, number)) + "\n")
    return 2 * count


def home_with_extra(target: Path, name: str, tag: str, count: int) -> tuple[Path, int]:
    """A copy of the project's sources plus `data/NAME.ttl` of synthetic places (a QKG_HOME)."""
    frozen_home(target)
    triples = places_file(target / "data" / f"{name}.ttl", tag, count)
    return target, triples
