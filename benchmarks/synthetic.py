"""Synthetic graphs with the shape of the Qalamoun data, conforming to the SHACL shapes.

Offensives split into phases, phases into events, events into sub-events (`qo:partOf` chains
with nested dates); each event has a place, attackers and defenders; each event has figure
claims with a claimant, a date and citations; actors belong to sides, places to countries.
Written as N-Triples, about 35 triples per event: `python benchmarks/synthetic.py 100000 out.nt`.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

QO = "https://w3id.org/qalamoun/ontology#"
QR = "https://w3id.org/qalamoun/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
XSD = "http://www.w3.org/2001/XMLSchema#"
TRIPLES_PER_EVENT = 35
EVENT_CLASSES = ("Clash", "Battle", "Advance", "Siege", "Shelling", "Ambush")
PHASES_PER_OFFENSIVE = 5
EVENTS_PER_PHASE = 20
START = date(2014, 1, 1)


def iri(local: str) -> str:
    """A resource IRI in N-Triples syntax."""
    return f"<{QR}{local}>"


def qo(local: str) -> str:
    """An ontology IRI in N-Triples syntax."""
    return f"<{QO}{local}>"


def text(value: str) -> str:
    """An English literal."""
    return f'"{value}"@en'


def typed(value: object, datatype: str) -> str:
    """A typed literal."""
    return f'"{value}"^^<{XSD}{datatype}>'


def triple(subject: str, predicate: str, obj: str) -> str:
    """One N-Triples line."""
    return f"{subject} {predicate} {obj} .\n"


class Generator:
    """Writes a conforming synthetic graph of a given number of events."""

    def __init__(self, events: int, seed: int = 14) -> None:
        self.events = max(events, 1)
        self.random = random.Random(seed)
        self.actors = max(self.events // 20, 4)
        self.places = max(self.events // 20, 4)
        self.citations = max(self.events // 5, 4)
        self.previous_start = START

    def lines(self) -> Iterator[str]:
        """Every triple of the graph."""
        yield from self.countries()
        yield from self.sides()
        yield from self.actor_lines()
        yield from self.place_lines()
        yield from self.citation_lines()
        yield from self.section_lines()
        yield from self.event_lines()

    def countries(self) -> Iterator[str]:
        """Two states that are also countries, with distinct Wikidata IDs."""
        for number, name in ((1, "Northland"), (2, "Southland")):
            node = iri(f"country/synthetic-{number}")
            yield triple(node, f"<{RDF_TYPE}>", qo("State"))
            yield triple(node, f"<{RDF_TYPE}>", qo("Country"))
            yield triple(node, f"<{LABEL}>", text(name))
            yield triple(node, f"<{SAME_AS}>", f"<http://www.wikidata.org/entity/Q9{number}0000>")

    def sides(self) -> Iterator[str]:
        """Two opposing sides."""
        for number in (1, 2):
            node = iri(f"side/synthetic-{number}")
            yield triple(node, f"<{RDF_TYPE}>", qo("Coalition"))
            yield triple(node, f"<{LABEL}>", text(f"Side {number}"))
            yield triple(node, qo("hasMember"), iri(f"country/synthetic-{number}"))
        yield triple(iri("side/synthetic-1"), qo("opposes"), iri("side/synthetic-2"))

    def actor_lines(self) -> Iterator[str]:
        """Armed groups, each a member of a side."""
        yield from self.members(
            "actor/group", "ArmedGroup", "Group", "memberOf", "side", self.actors
        )

    def place_lines(self) -> Iterator[str]:
        """Villages in one of the two countries."""
        yield from self.members("place/village", "Village", "Village", "inCountry", "country",
                                self.places)  # fmt: skip

    @staticmethod
    def members(
        prefix: str, cls: str, name: str, link: str, owner: str, count: int
    ) -> Iterator[str]:
        """count resources of a class, each linked to one of the two synthetic owners."""
        for number in range(count):
            node = iri(f"{prefix}-{number}")
            yield triple(node, f"<{RDF_TYPE}>", qo(cls))
            yield triple(node, f"<{LABEL}>", text(f"{name} {number}"))
            yield triple(node, qo(link), iri(f"{owner}/synthetic-{1 + number % 2}"))

    def citation_lines(self) -> Iterator[str]:
        """Footnotes with unique numbers."""
        for number in range(1, self.citations + 1):
            node = iri(f"citation/s{number}")
            yield triple(node, f"<{RDF_TYPE}>", qo("Citation"))
            yield triple(node, f"<{LABEL}>", text(f"Footnote {number}"))
            yield triple(node, qo("footnoteNumber"), typed(number, "integer"))
            yield triple(node, qo("title"), text(f"Report {number}"))

    def section_lines(self) -> Iterator[str]:
        """One article with one section, for provenance."""
        article, section = iri("article/synthetic"), iri("section/synthetic")
        yield triple(article, f"<{RDF_TYPE}>", qo("Article"))
        yield triple(article, f"<{LABEL}>", text("Synthetic article"))
        yield triple(article, qo("sourceURL"), typed("https://example.org/synthetic", "anyURI"))
        yield triple(section, f"<{RDF_TYPE}>", qo("ArticleSection"))
        yield triple(section, f"<{LABEL}>", text("Synthetic section"))
        yield triple(section, qo("partOfArticle"), article)

    def event_lines(self) -> Iterator[str]:
        """Offensives, phases, events and sub-events with their claims."""
        made = 0
        offensive = 0
        while made < self.events:
            first = START + timedelta(days=offensive * 200)
            yield from self.event(f"offensive-{offensive}", "Offensive", first, 100, None)
            for phase in range(PHASES_PER_OFFENSIVE):
                phase_start = first + timedelta(days=phase * 20)
                phase_id = f"offensive-{offensive}-phase-{phase}"
                yield from self.event(phase_id, "Phase", phase_start, 19, f"offensive-{offensive}")
                for number in range(EVENTS_PER_PHASE):
                    if made >= self.events:
                        return
                    yield from self.leaf(phase_id, phase_start, number)
                    made += 1
            offensive += 1

    def leaf(self, phase_id: str, phase_start: date, number: int) -> Iterator[str]:
        """An event in a phase (every fifth one a sub-event of the one before), with claims."""
        slug = f"{phase_id}-event-{number}"
        start = phase_start + timedelta(days=self.random.randrange(0, 16))
        parent = phase_id
        if number % 5 == 4:
            parent, start = f"{phase_id}-event-{number - 1}", self.previous_start
        self.previous_start = start
        cls = EVENT_CLASSES[number % len(EVENT_CLASSES)]
        yield from self.event(slug, cls, start, 0 if parent != phase_id else 3, parent)
        for claim in range(2):
            yield from self.claim(f"{slug}-claim-{claim}", slug, start + timedelta(days=claim))

    def event(
        self, slug: str, cls: str, start: date, days: int, parent: str | None
    ) -> Iterator[str]:
        """One event with dates, place, roles and provenance."""
        node = iri(f"event/{slug}")
        yield triple(node, f"<{RDF_TYPE}>", qo(cls))
        yield triple(node, f"<{LABEL}>", text(f"Event {slug}"))
        yield triple(node, qo("startDate"), typed(start.isoformat(), "date"))
        yield triple(node, qo("endDate"), typed((start + timedelta(days=days)).isoformat(), "date"))
        yield triple(node, qo("datePrecision"), qo("ExactDay"))
        yield triple(node, qo("place"), iri(f"place/village-{self.pick(self.places)}"))
        yield triple(node, qo("attacker"), iri(f"actor/group-{self.pick(self.actors)}"))
        yield triple(node, qo("defender"), iri(f"actor/group-{self.pick(self.actors)}"))
        yield triple(node, qo("citation"), iri(f"citation/s{1 + self.pick(self.citations)}"))
        yield triple(node, qo("section"), iri("section/synthetic"))
        if parent is not None:
            yield triple(node, qo("partOf"), iri(f"event/{parent}"))

    def claim(self, slug: str, event: str, as_of: date) -> Iterator[str]:
        """A figure claim about an event, dated on or after its start."""
        node = iri(f"claim/{slug}")
        yield triple(node, f"<{RDF_TYPE}>", qo("FigureClaim"))
        yield triple(node, f"<{LABEL}>", text(f"Figure {slug}"))
        yield triple(node, qo("claimant"), iri(f"actor/group-{self.pick(self.actors)}"))
        yield triple(node, qo("about"), iri(f"event/{event}"))
        yield triple(node, qo("asOf"), typed(as_of.isoformat(), "date"))
        yield triple(node, qo("figureKind"), qo("Killed"))
        yield triple(node, qo("personCategory"), qo("Fighters"))
        yield triple(node, qo("quantityKind"), qo("ExactQuantity"))
        yield triple(node, qo("value"), typed(self.random.randrange(0, 500), "integer"))
        yield triple(node, qo("citation"), iri(f"citation/s{1 + self.pick(self.citations)}"))
        yield triple(node, qo("section"), iri("section/synthetic"))

    def pick(self, size: int) -> int:
        """A random index below size."""
        return self.random.randrange(size)


def events_for(triples: int) -> int:
    """The number of events that gives about this many triples."""
    return max(triples // TRIPLES_PER_EVENT, 1)


def write(out: TextIO, triples: int, seed: int = 14) -> None:
    """Write a graph of about `triples` triples as N-Triples."""
    out.writelines(Generator(events_for(triples), seed).lines())


def write_file(path: Path, triples: int, seed: int = 14) -> Path:
    """Write the graph to a file and return its path."""
    with path.open("w", encoding="utf-8") as out:
        write(out, triples, seed)
    return path


def main(argv: list[str] | None = None) -> None:
    """Command line: number of triples and output file (default: standard output)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("triples", type=int)
    parser.add_argument("output", nargs="?", type=Path)
    args = parser.parse_args(argv)
    if args.output is None:
        write(sys.stdout, args.triples)
    else:
        write_file(args.output, args.triples)


if __name__ == "__main__":
    main()
