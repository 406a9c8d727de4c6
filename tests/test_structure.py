"""Structural checks over the whole graph (ontology + data), as DATA-MODEL.md and the article ask.

Every event is dated, placed and traced to the article; every claim is cited and attributed;
the 53 footnotes are all there; Wikidata IDs come only from the checked list; every resource is
labelled; nothing refers to an undefined resource; the places and actors the article names are
present; and summaries are not copied from the article.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import Literal, NamedNode

QO = "https://w3id.org/qalamoun/ontology#"
QR = "https://w3id.org/qalamoun/id/"
WD = "http://www.wikidata.org/entity/"

ARTICLE = Path(__file__).parent / "fixtures" / "article" / "qalamoun-offensive-2014.txt"

PREFIXES = f"""
PREFIX qo:   <{QO}>
PREFIX qr:   <{QR}>
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

# The checked Wikidata items (shared reference/wikidata-ids.tsv) and the one resource each
# belongs to (DATA-MODEL.md). Hard-coded so the tests need nothing outside the repository.
WIKIDATA_IDS: dict[str, str] = {
    "Q858": QR + "country/syria",
    "Q822": QR + "country/lebanon",
    "Q3766": QR + "place/damascus",
    "Q2429253": QR + "actor/islamic-state",
    "Q41053": QR + "actor/hezbollah",
    "Q178810": QR + "conflict/syrian-civil-war",
}

# Names the article gives to places and actors; each entry lists the acceptable spellings of one
# name, of which one must be an rdfs:label or skos:altLabel of a resource of that kind.
PLACE_NAMES: list[tuple[str, ...]] = [
    ("Arsal",),
    ("Ersal",),  # footnote 3
    ("Tfail",),
    ("Youneen",),
    ("Al-Fakiha",),
    ("Nahle",),
    ("Rankous",),
    ("Rankous plain",),
    ("Flita",),
    ("al-Jobeh",),
    ("Damascus",),
    ("Qalamoun Mountains",),
    ("Qalamun Mountains", "Qalamun"),  # infobox location
    ("Ras al-Serj", "Ras al-Serj hill"),
    ("Syria",),
    ("Lebanon",),
]
ACTOR_NAMES: list[tuple[str, ...]] = [
    ("Islamic State",),
    ("ISIS",),
    ("al-Nusra Front",),
    ("Jabhat al-Nusra",),  # footnote 29
    ("Nusra Front",),  # footnote 28
    ("Islamic Front",),
    ("Free Syrian Army",),
    ("Hezbollah",),
    ("Abdullah Azzam Brigades",),
    ("Syrian Army",),
    ("Syrian Air Force",),
    ("Syrian Arab Republic",),  # infobox belligerent
    ("Syria",),
    ("Lebanon",),
    ("Lebanese Army",),
    ("Lebanese security forces",),
    ("Syrian state TV", "Syrian state television"),
    ("Jean Kahwaji",),
    ("Kahwagi", "Jean Kahwagi"),  # footnote 9
    ("Abu Hasan al-Homsi",),
    ("Abu Ahmed Jumaa",),
    ("Al Jazeera",),
    ("Hürriyet Daily News",),
    ("McClatchy",),
    ("The Daily Star",),
    ("Military Wiki",),
]

Row = dict[str, Any]


def select(store: Any, body: str) -> list[Row]:
    """Run a SELECT (prefixes added) and return rows of plain values (IRIs and lexical forms)."""
    solutions = store.query(PREFIXES + body)
    names = [variable.value for variable in solutions.variables]
    rows: list[Row] = []
    for solution in solutions:
        row: Row = {}
        for name in names:
            term = solution[name]
            if term is None:
                row[name] = None
            elif isinstance(term, Literal | NamedNode):
                row[name] = term.value
            else:
                row[name] = str(term)
        rows.append(row)
    return rows


def normal(name: str) -> str:
    """A name compared case-insensitively, with Unicode and whitespace normalised."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


# ---------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------

EVENT_REQUIREMENTS = {
    "qo:startDate": "?event qo:startDate ?value",
    "qo:endDate": "?event qo:endDate ?value",
    "qo:place (or a sub-property)": "?event ?p ?value . ?p rdfs:subPropertyOf* qo:place",
    "qo:section": "?event qo:section ?value",
    "qo:paragraph": "?event qo:paragraph ?value",
}


@pytest.mark.parametrize("requirement", EVENT_REQUIREMENTS, ids=list(EVENT_REQUIREMENTS))
def test_every_event_has(memory_store: Any, requirement: str) -> None:
    """Every qo:Event (any subclass) has dates, a place, a section and a paragraph."""
    missing = select(
        memory_store,
        f"""SELECT DISTINCT ?event WHERE {{
              ?event a/rdfs:subClassOf* qo:Event .
              FILTER NOT EXISTS {{ {EVENT_REQUIREMENTS[requirement]} }}
            }} ORDER BY ?event""",
    )
    assert [row["event"] for row in missing] == []


def test_event_dates_are_single_ordered_xsd_dates(memory_store: Any) -> None:
    """Start and end are one xsd:date each, and the end is not before the start."""
    bad = select(
        memory_store,
        """SELECT ?event ?start ?end WHERE {
             ?event a/rdfs:subClassOf* qo:Event ; qo:startDate ?start ; qo:endDate ?end .
             FILTER (datatype(?start) != xsd:date || datatype(?end) != xsd:date || ?end < ?start)
           } ORDER BY ?event""",
    )
    assert bad == []
    several = select(
        memory_store,
        """SELECT ?event (COUNT(DISTINCT ?start) AS ?starts) (COUNT(DISTINCT ?end) AS ?ends)
           WHERE { ?event a/rdfs:subClassOf* qo:Event ; qo:startDate ?start ; qo:endDate ?end }
           GROUP BY ?event HAVING (COUNT(DISTINCT ?start) > 1 || COUNT(DISTINCT ?end) > 1)""",
    )
    assert several == []


def test_parts_lie_within_their_whole(memory_store: Any) -> None:
    """Every qo:partOf child starts and ends within its parent's dates."""
    outside = select(
        memory_store,
        """SELECT ?child ?childStart ?childEnd ?parent ?parentStart ?parentEnd WHERE {
             ?child qo:partOf ?parent .
             OPTIONAL { ?child qo:startDate ?childStart ; qo:endDate ?childEnd }
             OPTIONAL { ?parent qo:startDate ?parentStart ; qo:endDate ?parentEnd }
             FILTER (!BOUND(?childStart) || !BOUND(?parentStart)
                     || ?childStart < ?parentStart || ?childEnd > ?parentEnd)
           } ORDER BY ?child""",
    )
    assert outside == []


def test_at_least_35_events(memory_store: Any) -> None:
    """The article's dated happenings give at least 35 events."""
    rows = select(
        memory_store,
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a/rdfs:subClassOf* qo:Event }",
    )
    assert int(rows[0]["n"]) >= 35


# ---------------------------------------------------------------------------
# Claims
# ---------------------------------------------------------------------------

CLAIM_REQUIREMENTS = {
    "qo:citation": "?claim qo:citation ?value",
    "qo:claimant": "?claim qo:claimant ?value",
    "qo:about": "?claim qo:about ?value",
}


@pytest.mark.parametrize("requirement", CLAIM_REQUIREMENTS, ids=list(CLAIM_REQUIREMENTS))
def test_every_claim_has(memory_store: Any, requirement: str) -> None:
    """Every qo:Claim has at least one citation, a claimant and the event it is about."""
    missing = select(
        memory_store,
        f"""SELECT DISTINCT ?claim WHERE {{
              ?claim a/rdfs:subClassOf* qo:Claim .
              FILTER NOT EXISTS {{ {CLAIM_REQUIREMENTS[requirement]} }}
            }} ORDER BY ?claim""",
    )
    assert [row["claim"] for row in missing] == []


def test_at_least_60_claims(memory_store: Any) -> None:
    """Every figure and attributed statement gives at least 60 claims."""
    rows = select(
        memory_store,
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a/rdfs:subClassOf* qo:Claim }",
    )
    assert int(rows[0]["n"]) >= 60


# ---------------------------------------------------------------------------
# Citations
# ---------------------------------------------------------------------------


def citation_rows(store: Any) -> list[Row]:
    """Every citation with its footnote numbers and titles."""
    return select(
        store,
        """SELECT ?citation ?number ?title WHERE {
             ?citation a/rdfs:subClassOf* qo:Citation .
             OPTIONAL { ?citation qo:footnoteNumber ?number }
             OPTIONAL { ?citation qo:title ?title }
           }""",
    )


def test_exactly_53_citations_numbered_1_to_53(memory_store: Any) -> None:
    """53 citations, `qr:citation/N` with footnote number N, each number exactly once."""
    rows = citation_rows(memory_store)
    citations = {row["citation"] for row in rows}
    assert len(citations) == 53
    numbers_of: dict[str, set[int]] = {}
    for row in rows:
        numbers = numbers_of.setdefault(row["citation"], set())
        if row["number"] is not None:
            numbers.add(int(row["number"]))
    assert {c: n for c, n in numbers_of.items() if len(n) != 1} == {}
    counted = Counter(number for numbers in numbers_of.values() for number in numbers)
    assert sorted(counted) == list(range(1, 54))
    assert {n: k for n, k in counted.items() if k != 1} == {}
    assert {c: n for c, n in numbers_of.items() if c != f"{QR}citation/{min(n)}"} == {}


def test_every_citation_has_a_title(memory_store: Any) -> None:
    """Every footnote has a non-empty title."""
    rows = citation_rows(memory_store)
    titled = {row["citation"] for row in rows if row["title"] and row["title"].strip()}
    assert sorted({row["citation"] for row in rows} - titled) == []


def test_note_12_is_an_explanatory_note(memory_store: Any) -> None:
    """Footnote 12 lists the releases of soldiers: it is a qo:ExplanatoryNote."""
    rows = select(
        memory_store,
        """SELECT ?citation WHERE {
             ?citation qo:footnoteNumber ?n ; a qo:ExplanatoryNote . FILTER (?n = 12)
           }""",
    )
    assert [row["citation"] for row in rows] == [QR + "citation/12"]
    others = select(
        memory_store,
        """SELECT ?citation WHERE { ?citation a qo:ExplanatoryNote ; qo:footnoteNumber ?n
                                    FILTER (?n != 12) }""",
    )
    assert others == []


# ---------------------------------------------------------------------------
# Wikidata
# ---------------------------------------------------------------------------


def test_only_checked_wikidata_ids_each_on_its_resource(memory_store: Any) -> None:
    """Wikidata items appear only from the checked list, each on one resource, the right one."""
    rows = select(
        memory_store,
        f"""SELECT DISTINCT ?s ?p ?o WHERE {{
              ?s ?p ?o .
              FILTER ((isIRI(?o) && STRSTARTS(STR(?o), "{WD}"))
                      || (isIRI(?s) && STRSTARTS(STR(?s), "{WD}")))
            }}""",
    )
    used: dict[str, set[str]] = {}
    for row in rows:
        for term, other in ((row["o"], row["s"]), (row["s"], row["o"])):
            if term.startswith(WD):
                used.setdefault(term.removeprefix(WD), set()).add(other)
    assert sorted(set(used) - set(WIKIDATA_IDS)) == []
    assert {qid: users for qid, users in used.items() if len(users) > 1} == {}
    assert {qid: users for qid, users in used.items() if users != {WIKIDATA_IDS.get(qid)}} == {}


# ---------------------------------------------------------------------------
# Labels and references
# ---------------------------------------------------------------------------


def test_every_resource_has_one_english_label(memory_store: Any) -> None:
    """Every typed `qr:` resource has exactly one rdfs:label tagged English."""
    rows = select(
        memory_store,
        f"""SELECT ?resource (COUNT(DISTINCT ?label) AS ?labels) WHERE {{
              ?resource a ?type .
              FILTER (isIRI(?resource) && STRSTARTS(STR(?resource), "{QR}"))
              OPTIONAL {{ ?resource rdfs:label ?label FILTER (langMatches(lang(?label), "en")) }}
            }} GROUP BY ?resource HAVING (COUNT(DISTINCT ?label) != 1) ORDER BY ?resource""",
    )
    assert {row["resource"]: int(row["labels"]) for row in rows} == {}


def test_events_and_claims_refer_only_to_defined_resources(memory_store: Any) -> None:
    """Every `qr:` IRI an event or claim points to has an rdf:type."""
    rows = select(
        memory_store,
        f"""SELECT DISTINCT ?from ?property ?to WHERE {{
              {{ ?from a/rdfs:subClassOf* qo:Event }} UNION {{ ?from a/rdfs:subClassOf* qo:Claim }}
              ?from ?property ?to .
              FILTER (isIRI(?to) && STRSTARTS(STR(?to), "{QR}"))
              FILTER NOT EXISTS {{ ?to a ?type }}
            }} ORDER BY ?to""",
    )
    assert rows == []


def test_every_referenced_resource_is_defined(memory_store: Any) -> None:
    """No triple anywhere points to an untyped `qr:` IRI."""
    rows = select(
        memory_store,
        f"""SELECT DISTINCT ?to WHERE {{
              ?from ?property ?to .
              FILTER (isIRI(?to) && STRSTARTS(STR(?to), "{QR}"))
              FILTER NOT EXISTS {{ ?to a ?type }}
            }} ORDER BY ?to""",
    )
    assert [row["to"] for row in rows] == []


ROLE_RANGES = {
    "places are qo:Place": ("?p rdfs:subPropertyOf* qo:place", "qo:Place"),
    "participants are qo:Actor": ("?p rdfs:subPropertyOf* qo:participant", "qo:Actor"),
    "claimants are qo:Actor": ("VALUES ?p { qo:claimant qo:concerns }", "qo:Actor"),
    "claims are about qo:Event": ("VALUES ?p { qo:about qo:assertsEvent }", "qo:Event"),
}


@pytest.mark.parametrize("rule", ROLE_RANGES, ids=list(ROLE_RANGES))
def test_references_have_the_right_kind(memory_store: Any, rule: str) -> None:
    """Places an event names are places; participants, claimants and counted actors are actors."""
    property_pattern, kind = ROLE_RANGES[rule]
    rows = select(
        memory_store,
        f"""SELECT DISTINCT ?p ?to WHERE {{
              ?from ?p ?to . {property_pattern}
              FILTER NOT EXISTS {{ ?to a/rdfs:subClassOf* {kind} }}
            }} ORDER BY ?to""",
    )
    assert rows == []


# ---------------------------------------------------------------------------
# Names the article gives
# ---------------------------------------------------------------------------


def names_of_kind(store: Any, kind: str) -> set[str]:
    """All labels and alternative labels of resources of a kind, normalised."""
    rows = select(
        store,
        f"""SELECT DISTINCT ?name WHERE {{
              ?resource a/rdfs:subClassOf* {kind} ; rdfs:label|skos:altLabel ?name .
            }}""",
    )
    return {normal(row["name"]) for row in rows}


@pytest.mark.parametrize(
    ("kind", "names"),
    [("qo:Place", PLACE_NAMES), ("qo:Actor", ACTOR_NAMES)],
    ids=["places", "actors"],
)
def test_named_places_and_actors_are_present(
    memory_store: Any, kind: str, names: list[tuple[str, ...]]
) -> None:
    """Each place and actor the article names is found by its label or an alternative label."""
    known = names_of_kind(memory_store, kind)
    missing = [spellings[0] for spellings in names if not {normal(s) for s in spellings} & known]
    assert missing == []


# ---------------------------------------------------------------------------
# Own words
# ---------------------------------------------------------------------------

RUN = 10


def word_runs(text: str, length: int = RUN) -> set[tuple[str, ...]]:
    """All runs of `length` consecutive words (lower-cased, footnote marks dropped)."""
    words = re.findall(r"\w+", re.sub(r"\[\d+\]", " ", unicodedata.normalize("NFC", text)).lower())
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def test_summaries_do_not_copy_the_article(memory_store: Any) -> None:
    """No qo:summary, qo:statement or qo:outcome repeats ten words in a row of the article."""
    article_runs = word_runs(ARTICLE.read_text(encoding="utf-8"))
    rows = select(
        memory_store,
        """SELECT ?resource ?property ?text WHERE {
             VALUES ?property { qo:summary qo:statement qo:outcome }
             ?resource ?property ?text .
           }""",
    )
    assert rows, "no summaries, statements or outcomes at all"
    copied = [
        (
            row["resource"],
            row["property"],
            " ".join(sorted(word_runs(row["text"]) & article_runs)[0]),
        )
        for row in rows
        if word_runs(row["text"]) & article_runs
    ]
    assert copied == []
