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
PREFIX geo:  <http://www.opengis.net/ont/geosparql#>
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


PHASE_SECTIONS = " ".join(
    f"<{QR}section/{slug}>"
    for slug in ("surrounding-of-tfail", "battle-for-the-hills", "battle-of-arsal")
)


def test_events_of_phase_sections_are_placed_in_time(memory_store: Any) -> None:
    """An event told in a phase's section and dated within the offensive is part of it; one
    dated wholly before is a prelude to it; one wholly after 7 August, an aftermath of the Battle
    of Arsal. Windows overlapping 21 June or 7 August fit none of the three and are not checked."""
    rows = select(
        memory_store,
        f"""SELECT DISTINCT ?event ?start ?end WHERE {{
              VALUES ?section {{ {PHASE_SECTIONS} }}
              ?event a/rdfs:subClassOf* qo:Event ; qo:section ?section ;
                     qo:startDate ?start ; qo:endDate ?end .
              FILTER (
                (?start >= "2014-06-21"^^xsd:date && ?end <= "2014-08-07"^^xsd:date
                 && NOT EXISTS {{ ?event qo:partOf+ <{QR}event/qalamoun-offensive-2014> }})
                || (?end < "2014-06-21"^^xsd:date
                    && NOT EXISTS {{ ?event qo:preludeTo <{QR}event/qalamoun-offensive-2014> }})
                || (?start > "2014-08-07"^^xsd:date
                    && NOT EXISTS {{ ?event qo:aftermathOf <{QR}event/battle-of-arsal> }}))
            }} ORDER BY ?event""",
    )
    assert rows == []


# Every dated passage of the article: (section, paragraph, how the date binds, date). "starts":
# an event of that paragraph starts on the day; "ends": one ends on it; "covers": one (not a
# phase or other composite event) runs over it.
EVENT_ANCHORS = [
    ("background", 1, "starts", "2013-11-11"),  # mid-November (11–20) 2013: Battle of Qalamoun
    ("background", 1, "covers", "2014-04-25"),  # by late April 2014 the last stronghold fell
    ("surrounding-of-tfail", 1, "covers", "2014-06-13"),  # two days of fighting up to 14 June
    ("surrounding-of-tfail", 2, "starts", "2014-06-18"),  # four days later: advance on Tfail
    ("surrounding-of-tfail", 2, "starts", "2014-06-21"),  # surroundings of Tfail captured
    ("surrounding-of-tfail", 3, "starts", "2014-06-22"),  # assault on the foothills
    ("surrounding-of-tfail", 4, "starts", "2014-06-27"),  # areas near the border captured
    ("battle-for-the-hills", 1, "covers", "2014-07-15"),  # mid-July: operation, Youneen
    ("battle-for-the-hills", 5, "starts", "2014-07-25"),  # air strike east of Arsal
    ("battle-for-the-hills", 5, "starts", "2014-07-27"),  # two days later: hill near Flita
    ("battle-for-the-hills", 6, "ends", "2014-07-31"),  # by the end of July: siege
    ("battle-for-the-hills", 7, "starts", "2014-08-01"),  # night between 1 and 2 August
    ("battle-of-arsal", 1, "starts", "2014-08-02"),  # arrest, attack, Arsal taken
    ("battle-of-arsal", 1, "covers", "2014-08-03"),  # fighting into the next day
    ("battle-of-arsal", 2, "starts", "2014-08-04"),
    ("battle-of-arsal", 3, "starts", "2014-08-05"),
    ("battle-of-arsal", 4, "starts", "2014-08-06"),
    ("battle-of-arsal", 5, "ends", "2014-08-07"),  # by 7 August: retreat and truce
    ("battle-of-arsal", 5, "starts", "2014-08-09"),  # two days later: army enters Arsal
]


def test_every_dated_passage_has_its_event(memory_store: Any) -> None:
    """Each date the article gives has an event of that section and paragraph on that date."""
    rows = select(
        memory_store,
        """SELECT ?section ?paragraph ?start ?end ?composite WHERE {
             ?event a/rdfs:subClassOf* qo:Event ; qo:section ?section ; qo:paragraph ?paragraph ;
                    qo:startDate ?start ; qo:endDate ?end .
             BIND (EXISTS { ?part qo:partOf ?event } AS ?composite)
           }""",
    )
    found = [
        (
            row["section"].removeprefix(QR + "section/"),
            int(row["paragraph"]),
            row["start"],
            row["end"],
            row["composite"] == "true",
        )
        for row in rows
    ]

    def present(section: str, paragraph: int, binding: str, day: str) -> bool:
        return any(
            (s, p) == (section, paragraph)
            and (
                (binding == "starts" and start == day)
                or (binding == "ends" and end == day)
                or (binding == "covers" and not composite and start <= day <= end)
            )
            for s, p, start, end, composite in found
        )

    assert [anchor for anchor in EVENT_ANCHORS if not present(*anchor)] == []


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
    "qo:citation": (
        "{ ?claim qo:citation|qo:explainedBy ?value } UNION { ?claim qo:noFootnote true }"
    ),
    "qo:claimant": "?claim qo:claimant ?value",
    "qo:about": "?claim qo:about ?value",
}


@pytest.mark.parametrize("requirement", CLAIM_REQUIREMENTS, ids=list(CLAIM_REQUIREMENTS))
def test_every_claim_has(memory_store: Any, requirement: str) -> None:
    """Every qo:Claim has a claimant, the event it is about, and a citation, an explanatory note
    or the statement that the article gives it no footnote."""
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


QUANTITY_RULES = {
    "qo:ExactQuantity": "BOUND(?value) && !BOUND(?min) && !BOUND(?max) && !BOUND(?more)",
    "qo:RangeQuantity": "!BOUND(?value) && BOUND(?min) && BOUND(?max) && ?min < ?max",
    "qo:LowerBound": "!BOUND(?value) && !BOUND(?max) && (BOUND(?min) || BOUND(?more))",
    "qo:ImpreciseQuantity": "!BOUND(?value) && !BOUND(?min) && !BOUND(?max) && BOUND(?vague)",
    "qo:UnknownQuantity": "!BOUND(?value) && !BOUND(?min) && !BOUND(?max) && !BOUND(?more)",
}


def test_every_figure_has_kind_and_matching_quantity(memory_store: Any) -> None:
    """A figure has one figure kind and one quantity kind whose values it carries."""
    rules = " || ".join(
        f"(?quantityKind = {kind} && {rule})" for kind, rule in QUANTITY_RULES.items()
    )
    rows = select(
        memory_store,
        f"""SELECT ?claim ?quantityKind WHERE {{
              ?claim a/rdfs:subClassOf* qo:FigureClaim .
              OPTIONAL {{ ?claim qo:quantityKind ?quantityKind }}
              OPTIONAL {{ ?claim qo:value ?value }}
              OPTIONAL {{ ?claim qo:minValue ?min }}
              OPTIONAL {{ ?claim qo:maxValue ?max }}
              OPTIONAL {{ ?claim qo:moreThan ?more }}
              OPTIONAL {{ ?claim qo:vagueQuantity ?vague }}
              FILTER (!BOUND(?quantityKind) || !({rules})
                      || NOT EXISTS {{ ?claim qo:figureKind ?figureKind }})
            }} ORDER BY ?claim""",
    )
    assert rows == []


def test_every_assertion_states_and_asserts_an_event(memory_store: Any) -> None:
    """An assertion claim says what it claims and names the event it asserts."""
    rows = select(
        memory_store,
        """SELECT ?claim WHERE {
             ?claim a/rdfs:subClassOf* qo:AssertionClaim .
             FILTER (NOT EXISTS { ?claim qo:statement ?statement }
                     || NOT EXISTS { ?claim qo:assertsEvent ?event })
           } ORDER BY ?claim""",
    )
    assert [row["claim"] for row in rows] == []


def test_conflicts_are_stated_once_between_claims(memory_store: Any) -> None:
    """qo:conflictsWith links two different claims, stated in one direction only."""
    rows = select(
        memory_store,
        """SELECT ?a ?b WHERE {
             ?a qo:conflictsWith ?b .
             FILTER (?a = ?b || EXISTS { ?b qo:conflictsWith ?a }
                     || NOT EXISTS { ?a a/rdfs:subClassOf* qo:Claim }
                     || NOT EXISTS { ?b a/rdfs:subClassOf* qo:Claim })
           }""",
    )
    assert rows == []


# Every line of the infobox's strength and casualty rows: (figure kind, low, high, quantity kind),
# and the footnotes the article puts after the line.
INFOBOX_FIGURES = {
    ("Strength", 3000, 3000, "ExactQuantity"),  # 3,000 fighters[1]
    ("Strength", 12000, 12000, "ExactQuantity"),  # 12,000 Lebanese Army[5]
    ("Killed", 930, None, "LowerBound"),  # 930+ killed[6][7][8][9]
    ("Casualties", None, None, "UnknownQuantity"),  # Unknown Syrian and Hezbollah casualties
    ("Killed", 20, 20, "ExactQuantity"),  # 20 Lebanese soldiers killed,[9][10]
    ("Wounded", 85, 85, "ExactQuantity"),  # 85 wounded[11]
    ("Captured", 24, 24, "ExactQuantity"),  # and 24 captured
    ("Released", 10, 10, "ExactQuantity"),  # (10 released)[10][12]
    ("Captured", 20, 20, "ExactQuantity"),  # 20 Lebanese policemen captured
    ("Released", 5, 5, "ExactQuantity"),  # (5 released)[10][13][14]
}


def test_infobox_figures(memory_store: Any) -> None:
    """The infobox's strength and casualty lines are each one figure, as the article gives them."""
    rows = select(
        memory_store,
        f"""SELECT ?claim ?kind ?value ?min ?max ?quantityKind
                   (GROUP_CONCAT(DISTINCT STR(?n); separator=" ") AS ?notes) WHERE {{
              ?claim a/rdfs:subClassOf* qo:FigureClaim ;
                     qo:section <{QR}section/infobox> ;
                     qo:figureKind ?kind ; qo:quantityKind ?quantityKind .
              OPTIONAL {{ ?claim qo:value ?value }}
              OPTIONAL {{ ?claim qo:minValue ?min }}
              OPTIONAL {{ ?claim qo:maxValue ?max }}
              OPTIONAL {{ ?claim qo:citation/qo:footnoteNumber ?n }}
            }} GROUP BY ?claim ?kind ?value ?min ?max ?quantityKind""",
    )

    def number(text: str | None) -> int | None:
        return None if text is None else int(text)

    figures = [
        (
            row["kind"].removeprefix(QO),
            number(row["value"] or row["min"]),
            number(row["value"] or row["max"]),
            row["quantityKind"].removeprefix(QO),
        )
        for row in rows
    ]
    assert sorted(figures, key=str) == sorted(INFOBOX_FIGURES, key=str)
    notes_of = {
        figure: set(str(row["notes"]).split()) for figure, row in zip(figures, rows, strict=True)
    }
    assert notes_of[("Killed", 930, None, "LowerBound")] == {"6", "7", "8", "9"}
    assert notes_of[("Wounded", 85, 85, "ExactQuantity")] == {"11"}
    assert (
        notes_of[("Captured", 24, 24, "ExactQuantity")]
        | notes_of[("Released", 10, 10, "ExactQuantity")]
    ) == {"10"}
    assert notes_of[("Casualties", None, None, "UnknownQuantity")] <= {"None", ""}
    explained = select(
        memory_store,
        f"""SELECT ?claim WHERE {{
              ?claim qo:section <{QR}section/infobox> ; qo:explainedBy/qo:footnoteNumber 12 }}""",
    )
    assert {row["claim"] for row in explained} == {
        QR + "claim/infobox-lebanese-soldiers-captured-24",
        QR + "claim/infobox-lebanese-soldiers-released-10",
    }


# Every figure of the article: (section, paragraph, figure kind, quantity). Quantities: "29"
# exact, "6-7" range, "930+" at least, ">100" more than, "dozens" imprecise, "unknown". Released
# and Rescued both count as "Freed" here ("freed by the military" may be read either way).
ARTICLE_FIGURES = Counter(
    [
        ("infobox", 6, "Strength", "3000"),  # 3,000 fighters[1]
        ("infobox", 6, "Strength", "12000"),  # 12,000 Lebanese Army[5]
        ("infobox", 7, "Killed", "930+"),
        ("infobox", 7, "Casualties", "unknown"),  # Unknown Syrian and Hezbollah casualties
        ("infobox", 7, "Killed", "20"),
        ("infobox", 7, "Wounded", "85"),
        ("infobox", 7, "Captured", "24"),
        ("infobox", 7, "Freed", "10"),
        ("infobox", 7, "Captured", "20"),
        ("infobox", 7, "Freed", "5"),
        ("notes", 12, "Freed", "10"),  # note 12: total of 10 soldiers freed
        ("background", 1, "Strength", "3000"),  # 3,000 rebels retreated into the mountains[1]
        ("surrounding-of-tfail", 1, "Killed", "29"),
        ("surrounding-of-tfail", 1, "Killed", "11"),  # (11 by an ambush)
        ("surrounding-of-tfail", 2, "Surrendered", "70"),
        ("surrounding-of-tfail", 3, "Killed", "14"),  # in the previous two weeks
        ("battle-for-the-hills", 1, "Killed", "6-7"),
        ("battle-for-the-hills", 1, "Killed", "17-32"),
        ("battle-for-the-hills", 1, "Wounded", "31"),
        ("battle-for-the-hills", 1, "Wounded", "23"),
        ("battle-for-the-hills", 1, "Captured", "14"),
        ("battle-for-the-hills", 1, "Killed", "14"),  # another report
        ("battle-for-the-hills", 1, "Killed", "104"),
        ("battle-for-the-hills", 1, "Captured", "40"),
        ("battle-for-the-hills", 2, "Killed", "2"),
        ("battle-for-the-hills", 2, "Killed", "dozens"),
        ("battle-for-the-hills", 2, "Captured", "7"),
        ("battle-for-the-hills", 2, "Killed", ">100"),
        ("battle-for-the-hills", 2, "Killed", "1"),  # including an aide of the spokesman
        ("battle-for-the-hills", 3, "Strength", "40"),  # a 40-man unit
        ("battle-for-the-hills", 3, "Strength", "250"),
        ("battle-for-the-hills", 3, "Killed", "10"),
        ("battle-for-the-hills", 3, "Wounded", "20"),
        ("battle-for-the-hills", 4, "Killed", "650"),
        ("battle-for-the-hills", 5, "Killed", "20"),
        ("battle-for-the-hills", 7, "Killed", "50-170"),  # 50–170 rebels[36]
        ("battle-for-the-hills", 7, "Killed", "7"),  # 7[35]–11: two sources, two figures
        ("battle-for-the-hills", 7, "Killed", "11"),
        ("battle-for-the-hills", 7, "Killed", "2"),  # including 2 Hezbollah members
        ("battle-for-the-hills", 7, "Killed", "200"),  # other sources
        ("battle-for-the-hills", 7, "Killed", "20"),
        ("battle-for-the-hills", 7, "Killed", "2"),
        ("battle-of-arsal", 1, "Captured", "16"),
        ("battle-of-arsal", 1, "Captured", "2"),
        ("battle-of-arsal", 1, "Freed", "2"),  # freed by the military later in the day
        ("battle-of-arsal", 1, "Killed", "30"),
        ("battle-of-arsal", 1, "Killed", "10"),
        ("battle-of-arsal", 1, "Killed", "2"),
        ("battle-of-arsal", 1, "Wounded", "25"),
        ("battle-of-arsal", 1, "Missing", "13"),
        ("battle-of-arsal", 1, "Freed", "2"),  # two of the missing rescued
        ("battle-of-arsal", 2, "Killed", "17"),
        ("battle-of-arsal", 2, "Killed", "50"),
        ("battle-of-arsal", 2, "Killed", "50"),
        ("battle-of-arsal", 2, "Wounded", "86"),
        ("battle-of-arsal", 2, "Missing", "22"),
        ("battle-of-arsal", 2, "Wounded", "135"),
        ("battle-of-arsal", 2, "Wounded", "15"),
        ("battle-of-arsal", 2, "Killed", "2"),  # two infant Syrian refugees
        ("battle-of-arsal", 3, "Freed", "3"),
        ("battle-of-arsal", 3, "Freed", "3"),
        ("battle-of-arsal", 4, "Freed", "3"),
        ("battle-of-arsal", 4, "HeldCaptive", "10"),
        ("battle-of-arsal", 4, "HeldCaptive", "17"),
        ("battle-of-arsal", 5, "Wounded", "dozens"),
        ("battle-of-arsal", 5, "Killed", "18"),
        ("battle-of-arsal", 5, "Killed", "19"),
        ("battle-of-arsal", 5, "Killed", "60"),
        ("battle-of-arsal", 5, "Killed", "42"),
        ("battle-of-arsal", 5, "Wounded", "400"),
    ]
)


def quantity_token(row: Row) -> str:
    """A figure's quantity written as in ARTICLE_FIGURES."""
    kind = str(row["quantityKind"]).removeprefix(QO)
    if kind == "RangeQuantity":
        return f"{row['min']}-{row['max']}"
    if kind == "LowerBound":
        return f"{row['min']}+" if row["min"] is not None else f">{row['more']}"
    if kind == "ImpreciseQuantity":
        return str(row["vague"])
    if kind == "UnknownQuantity":
        return "unknown"
    return str(row["value"])


FigureKey = tuple[Any, ...]


def figure_keys(store: Any) -> dict[str, FigureKey]:
    """Each figure claim named as (section, paragraph, kind, quantity, civilians?)."""
    rows = select(
        store,
        """SELECT ?claim ?section ?paragraph ?kind ?category ?quantityKind ?value ?min ?max
                  ?more ?vague WHERE {
             ?claim a/rdfs:subClassOf* qo:FigureClaim ; qo:section ?section ;
                    qo:paragraph ?paragraph ; qo:figureKind ?kind ; qo:quantityKind ?quantityKind .
             OPTIONAL { ?claim qo:personCategory ?category }
             OPTIONAL { ?claim qo:value ?value }
             OPTIONAL { ?claim qo:minValue ?min }
             OPTIONAL { ?claim qo:maxValue ?max }
             OPTIONAL { ?claim qo:moreThan ?more }
             OPTIONAL { ?claim qo:vagueQuantity ?vague }
           }""",
    )
    freed = {"Released": "Freed", "Rescued": "Freed"}
    return {
        row["claim"]: (
            row["section"].removeprefix(QR + "section/"),
            int(row["paragraph"]),
            freed.get(row["kind"].removeprefix(QO), row["kind"].removeprefix(QO)),
            quantity_token(row),
            row["category"] == QO + "Civilians",
        )
        for row in rows
    }


def test_every_figure_of_the_article_is_a_claim(memory_store: Any) -> None:
    """The figure claims are exactly the article's figures, paragraph by paragraph."""
    found = Counter(key[:4] for key in figure_keys(memory_store).values())
    assert {"missing": ARTICLE_FIGURES - found, "extra": found - ARTICLE_FIGURES} == {
        "missing": Counter(),
        "extra": Counter(),
    }


def pair(a: tuple[Any, ...], b: tuple[Any, ...], civilians: bool = False) -> frozenset[FigureKey]:
    """Two figures, as named in ARTICLE_FIGURES, that disagree."""
    return frozenset({(*a, civilians), (*b, civilians)})


HILLS, ARSAL, TFAIL = "battle-for-the-hills", "battle-of-arsal", "surrounding-of-tfail"

# Figures the article gives for the same people and happening that disagree.
ARTICLE_CONFLICTS = {
    # Youneen, mid-July: the confirmed figures against "another report"
    pair((HILLS, 1, "Killed", "6-7"), (HILLS, 1, "Killed", "14")),
    pair((HILLS, 1, "Killed", "17-32"), (HILLS, 1, "Killed", "104")),
    pair((HILLS, 1, "Captured", "14"), (HILLS, 1, "Captured", "40")),
    # al-Jobeh: 50–170 vs 200 rebels; 7[35] vs 11[36] government fighters; and the other
    # sources' 20 soldiers against both government figures
    pair((HILLS, 7, "Killed", "50-170"), (HILLS, 7, "Killed", "200")),
    pair((HILLS, 7, "Killed", "7"), (HILLS, 7, "Killed", "11")),
    pair((HILLS, 7, "Killed", "20"), (HILLS, 7, "Killed", "7")),
    pair((HILLS, 7, "Killed", "20"), (HILLS, 7, "Killed", "11")),
    # 14 Hezbollah dead in the two weeks to 22 June, yet 29 in two days at Rankous within them
    pair((TFAIL, 3, "Killed", "14"), (TFAIL, 1, "Killed", "29")),
    # Lebanese soldiers killed in all: infobox 20, 18 on 9 August, 19 by 12 August
    pair(("infobox", 7, "Killed", "20"), (ARSAL, 5, "Killed", "18")),
    pair(("infobox", 7, "Killed", "20"), (ARSAL, 5, "Killed", "19")),
    pair((ARSAL, 5, "Killed", "18"), (ARSAL, 5, "Killed", "19")),
    # Lebanese soldiers wounded: infobox 85[11] against 86 by 4 August[11], same source
    pair(("infobox", 7, "Wounded", "85"), (ARSAL, 2, "Wounded", "86")),
    # Civilians killed: 50 by 4 August, then 42 confirmed in the end
    pair((ARSAL, 2, "Killed", "50"), (ARSAL, 5, "Killed", "42"), civilians=True),
}


def test_conflicting_figures_are_linked(memory_store: Any) -> None:
    """The pairs linked by qo:conflictsWith are exactly the article's disagreeing figures."""
    keys = figure_keys(memory_store)
    rows = select(memory_store, "SELECT ?a ?b WHERE { ?a qo:conflictsWith ?b }")
    linked = {
        frozenset({keys.get(row["a"], row["a"]), keys.get(row["b"], row["b"])}) for row in rows
    }
    assert {"missing": ARTICLE_CONFLICTS - linked, "extra": linked - ARTICLE_CONFLICTS} == {
        "missing": set(),
        "extra": set(),
    }


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


def test_every_source_has_a_title(memory_store: Any) -> None:
    """Every footnote citing a source has a non-empty title (note 12 explains; it cites none)."""
    rows = select(
        memory_store,
        """SELECT ?citation ?title WHERE {
             ?citation a/rdfs:subClassOf* qo:Citation .
             FILTER NOT EXISTS { ?citation a/rdfs:subClassOf* qo:ExplanatoryNote }
             OPTIONAL { ?citation qo:title ?title }
           }""",
    )
    titled = {row["citation"] for row in rows if row["title"] and row["title"].strip()}
    assert sorted({row["citation"] for row in rows} - titled) == []


def test_note_12_summarises_the_four_releases(memory_store: Any) -> None:
    """Note 12 has a summary and mentions the releases of 2, 3, 5 and 6 August."""
    rows = select(
        memory_store,
        """SELECT ?summary ?event ?start WHERE {
             ?note qo:footnoteNumber ?n FILTER (?n = 12)
             OPTIONAL { ?note qo:summary ?summary }
             OPTIONAL { ?note qo:mentions ?event . ?event qo:startDate ?start }
           }""",
    )
    assert any(row["summary"] and row["summary"].strip() for row in rows)
    assert {row["start"] for row in rows} == {f"2014-08-0{day}" for day in (2, 3, 5, 6)}
    assert len({row["event"] for row in rows}) == 4


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


EVIDENCE = Path(__file__).parent.parent / "data" / "wikidata-evidence.tsv"


def test_wikidata_evidence_lists_every_id_used(memory_store: Any) -> None:
    """data/wikidata-evidence.tsv has one row, with evidence, per owl:sameAs to Wikidata."""
    rows = select(
        memory_store,
        f"""SELECT DISTINCT ?resource ?item WHERE {{
              ?resource owl:sameAs ?item FILTER (STRSTARTS(STR(?item), "{WD}"))
            }}""",
    )
    used = {(row["item"].removeprefix(WD), row["resource"]) for row in rows}
    lines = EVIDENCE.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    records = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line]
    listed = {(record["qid"], record["resource"]) for record in records}
    assert listed == used
    assert [record["qid"] for record in records if not record["evidence"].strip()] == []


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
    "citations are qo:Citation": ("VALUES ?p { qo:citation }", "qo:Citation"),
    "sections are qo:ArticleSection": ("VALUES ?p { qo:section }", "qo:ArticleSection"),
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


# The shared IRIs of DATA-MODEL.md and the class each must have (directly or by subclass).
SHARED_RESOURCES: dict[str, tuple[str, ...]] = {
    "article/qalamoun-offensive-2014": ("Article",),
    **{
        f"section/{slug}": ("ArticleSection",)
        for slug in (
            "infobox",
            "lead",
            "background",
            "surrounding-of-tfail",
            "battle-for-the-hills",
            "battle-of-arsal",
            "notes",
        )
    },
    "conflict/syrian-civil-war": ("Conflict",),
    "conflict/syrian-civil-war-spillover-in-lebanon": ("Conflict",),
    "event/qalamoun-offensive-2014": ("Offensive",),
    "event/surrounding-of-tfail": ("Phase",),
    "event/battle-for-the-hills": ("Phase",),
    "event/battle-of-arsal": ("Phase",),
    "event/battle-of-qalamoun-2013": ("Event",),
    "event/hezbollah-border-clearing-operation": ("MilitaryOperation",),
    "country/syria": ("Country", "State"),
    "country/lebanon": ("Country", "State"),
    "side/rebels": ("Coalition",),
    "side/syrian-government-and-hezbollah": ("Coalition",),
    "side/lebanon": ("Coalition",),
    "actor/syrian-armed-forces": ("ArmedForce",),
    "actor/syrian-army": ("ArmedForce",),
    "actor/syrian-air-force": ("AirForce",),
    "actor/hezbollah": ("Militia",),
    "actor/lebanese-army": ("ArmedForce",),
    "actor/lebanese-security-forces": ("SecurityForce",),
    "actor/internal-security-forces": ("SecurityForce",),
    "actor/islamic-state": ("ArmedGroup",),
    "actor/al-nusra-front": ("ArmedGroup",),
    "actor/islamic-front": ("Organization",),
    "actor/free-syrian-army": ("Organization",),
    "actor/abdullah-azzam-brigades": ("Organization",),
    "actor/syrian-state-tv": ("MediaOrganization",),
    "actor/al-jazeera": ("MediaOrganization",),
    "actor/hurriyet-daily-news": ("MediaOrganization",),
    "actor/mcclatchy": ("MediaOrganization",),
    "actor/the-daily-star": ("MediaOrganization",),
    "actor/military-wiki": ("Organization",),
    "person/jean-kahwaji": ("Commander",),
    "person/abu-hasan-al-homsi": ("Commander",),
    "person/abu-ahmed-jumaa": ("Commander", "PrisonerOfWar"),
    **{
        f"source/{slug}": ("UnnamedSource",)
        for slug in (
            "rebel-commander",
            "hezbollah-sources",
            "security-source",
            "other-sources",
            "another-report",
            "unattributed",
        )
    },
    "place/qalamoun-mountains": ("MountainRange",),
    "place/anti-lebanon-mountains": ("Place",),
    "place/lebanon-syria-border": ("Border",),
    "place/damascus": ("City",),
    "place/arsal": ("Town",),
    "place/baalbek-district": ("District",),
    "place/tfail": ("Village",),
    "place/youneen": ("Village",),
    "place/al-fakiha": ("Town",),
    "place/nahle": ("Village",),
    "place/rankous": ("Town",),
    "place/flita": ("Town",),
    "place/al-jobeh": ("Town",),
    "place/rankous-plain": ("Plain",),
    "place/qalamoun-foothills": ("Region",),
    "place/tfail-surroundings": ("Region",),
    "place/syrian-border-areas": ("Region",),
    "place/hills-overlooking-rankous-plain": ("Hill",),
    "place/hills-near-youneen": ("Hill",),
    "place/hill-east-of-nahle": ("Hill",),
    "place/hill-between-arsal-and-flita": ("Hill",),
    "place/ras-al-serj-hill": ("Hill",),
    "place/northeastern-lebanon-shiite-villages": ("Region",),
    "place/arsal-police-station": ("Building",),
    "place/arsal-technical-institute": ("Building",),
    "place/arsal-government-buildings": ("Building",),
    "place/arsal-army-checkpoints": ("Checkpoint",),
    "distance/al-jobeh-border": ("Distance",),
    "distance/tfail-advance": ("Distance",),
}


def test_shared_resources_have_their_classes(memory_store: Any) -> None:
    """Every shared IRI of DATA-MODEL.md is defined with its class (or a subclass of it)."""
    rows = select(
        memory_store,
        f"""SELECT DISTINCT ?resource ?class WHERE {{
              ?resource a/rdfs:subClassOf* ?class .
              FILTER (STRSTARTS(STR(?resource), "{QR}") && STRSTARTS(STR(?class), "{QO}"))
            }}""",
    )
    classes: dict[str, set[str]] = {}
    for row in rows:
        classes.setdefault(row["resource"].removeprefix(QR), set()).add(
            row["class"].removeprefix(QO)
        )
    wrong = {
        iri: sorted(set(expected) - classes.get(iri, set()))
        for iri, expected in SHARED_RESOURCES.items()
        if not set(expected) <= classes.get(iri, set())
    }
    assert wrong == {}


# Relations DATA-MODEL.md fixes between shared resources (SPARQL patterns, one each).
SHARED_RELATIONS = [
    "qr:event\\/surrounding-of-tfail qo:partOf qr:event\\/qalamoun-offensive-2014",
    "qr:event\\/battle-for-the-hills qo:partOf qr:event\\/qalamoun-offensive-2014",
    "qr:event\\/battle-of-arsal qo:partOf qr:event\\/qalamoun-offensive-2014",
    "qr:event\\/hezbollah-border-clearing-operation qo:partOf qr:event\\/battle-for-the-hills",
    "qr:actor\\/syrian-army qo:branchOf qr:actor\\/syrian-armed-forces",
    "qr:actor\\/syrian-air-force qo:branchOf qr:actor\\/syrian-armed-forces",
    "qr:actor\\/lebanese-army qo:armedForceOf qr:country\\/lebanon",
    "qr:side\\/rebels (qo:opposes|^qo:opposes) qr:side\\/syrian-government-and-hezbollah",
    "qr:side\\/rebels (qo:opposes|^qo:opposes) qr:side\\/lebanon",
    "qr:person\\/jean-kahwaji qo:commanderOf qr:side\\/lebanon",
    "qr:person\\/abu-hasan-al-homsi qo:commanderOf qr:actor\\/islamic-state",
    "qr:place\\/arsal qo:locatedIn qr:place\\/baalbek-district",
    "qr:place\\/qalamoun-mountains qo:spansCountry qr:country\\/syria, qr:country\\/lebanon",
    "qr:place\\/damascus qo:locatedIn*/qo:inCountry qr:country\\/syria",
    "qr:distance\\/al-jobeh-border qo:kilometres ?km FILTER (?km = 10)",
    "qr:distance\\/tfail-advance qo:kilometres ?km FILTER (?km = 1)",
    *(
        f"qr:geometry\\/{slug} <http://www.opengis.net/ont/geosparql#asWKT> ?wkt"
        for slug in (
            "arsal",
            "rankous",
            "nahle",
            "damascus",
            "qalamoun-mountains",
            "anti-lebanon-mountains",
            "baalbek-district",
        )
    ),
]


def test_shared_relations_hold(memory_store: Any) -> None:
    """The relations DATA-MODEL.md fixes between the shared resources are all stated."""
    missing = [
        pattern
        for pattern in SHARED_RELATIONS
        if not bool(memory_store.query(PREFIXES + f"ASK {{ {pattern} }}"))
    ]
    assert missing == []


# Captures of a place the article leaves unnamed ("the last major rebel stronghold in the
# region fell", background ¶1): no qo:capturedPlace can be given.
CAPTURES_OF_UNNAMED_PLACES = frozenset({QR + "event/fall-of-last-rebel-stronghold-2014"})


def test_every_capture_names_the_captured_place(memory_store: Any) -> None:
    """A qo:Capture says which place was taken (qo:capturedPlace), where the article names it."""
    rows = select(
        memory_store,
        """SELECT ?event WHERE {
             ?event a/rdfs:subClassOf* qo:Capture .
             FILTER NOT EXISTS { ?event qo:capturedPlace ?place }
           } ORDER BY ?event""",
    )
    assert [row["event"] for row in rows if row["event"] not in CAPTURES_OF_UNNAMED_PLACES] == []


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


def test_approximate_points_are_borrowed_not_invented(memory_store: Any) -> None:
    """Every place has a point; an approximate one is exactly the point of its (exact) basis."""
    rows = select(
        memory_store,
        """SELECT ?place ?wkt ?basisWkt ?basisApproximate WHERE {
             ?place a/rdfs:subClassOf* qo:Place .
             OPTIONAL { ?place geo:hasGeometry/geo:asWKT ?wkt }
             OPTIONAL {
               ?place geo:hasGeometry ?g .
               ?g qo:approximatePosition true ; qo:positionBasis ?basis .
               ?basis geo:hasGeometry ?bg . ?bg geo:asWKT ?basisWkt .
               OPTIONAL { ?bg qo:approximatePosition ?basisApproximate }
             }
           }""",
    )
    assert [row["place"] for row in rows if row["wkt"] is None] == []
    borrowed = [row for row in rows if row["basisWkt"] is not None]
    assert len(borrowed) == 24
    assert [row["place"] for row in borrowed if row["wkt"] != row["basisWkt"]] == []
    assert [row["place"] for row in borrowed if row["basisApproximate"] == "true"] == []


# ---------------------------------------------------------------------------
# Footnotes against the article's own sentences
# ---------------------------------------------------------------------------

ARTICLE = Path(__file__).parent / "fixtures" / "article" / "qalamoun-offensive-2014.txt"
PHASE_HEADINGS = {
    "Surrounding of Tfail": "surrounding-of-tfail",
    "Battle for the hills": "battle-for-the-hills",
    "Battle of Arsal": "battle-of-arsal",
}
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 7: "seven", 10: "ten", 14: "fourteen"}
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def phase_paragraphs() -> dict[tuple[str, int], str]:
    """(section slug, paragraph number) -> text, for the three phase sections of the article."""
    paragraphs: dict[tuple[str, int], str] = {}
    section, number = None, 0
    for line in (raw.strip() for raw in ARTICLE.read_text(encoding="utf-8").splitlines()):
        if line in PHASE_HEADINGS:
            section, number = PHASE_HEADINGS[line], 0
        elif line.startswith("1. 1.0"):
            section = None
        elif section and line:
            number += 1
            paragraphs[(section, number)] = line
    return paragraphs


def sentences(paragraph: str) -> list[str]:
    """The paragraph's sentences, each with the footnote markers right after its full stop."""
    parts = re.split(r"(?<=\.)((?:\[\d+\])*)\s+(?=[A-Z0-9])", paragraph)
    return [
        parts[i] + (parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)
    ]


def gives_number(sentence: str, value: int) -> bool:
    """Whether the sentence gives the number (in digits or a word), not as a day of a month."""
    names = str(value) if value not in NUMBER_WORDS else f"{value}|{NUMBER_WORDS[value]}"
    pattern = rf"(?<![\d\[])({names})(?![\d\]])(?! ({MONTHS}))"
    return re.search(pattern, sentence.replace(",", ""), re.IGNORECASE) is not None


def test_own_footnotes_stand_in_the_figures_sentence(memory_store: Any) -> None:
    """A figure's own footnote (a citation that is not a passage citation) follows the sentence
    that gives the figure; one that closes a later sentence is a qo:passageCitation."""
    rows = select(
        memory_store,
        """SELECT DISTINCT ?claim ?section ?paragraph ?value ?note WHERE {
             ?claim a qo:FigureClaim ; qo:section ?section ; qo:paragraph ?paragraph ;
                    qo:value|qo:minValue|qo:maxValue ?value ; qo:citation ?citation .
             ?citation qo:footnoteNumber ?note .
             FILTER NOT EXISTS { ?claim qo:passageCitation ?citation }
           }""",
    )
    paragraphs = phase_paragraphs()
    assert len(paragraphs) == 16
    misplaced = []
    for row in rows:
        key = (str(row["section"]).removeprefix(QR + "section/"), int(str(row["paragraph"])))
        if key not in paragraphs:
            continue
        giving = [s for s in sentences(paragraphs[key]) if gives_number(s, int(str(row["value"])))]
        if giving and not any(f"[{row['note']}]" in s for s in giving):
            misplaced.append((row["claim"], row["value"], row["note"]))
    assert sorted(misplaced) == []


def test_every_claims_footnotes_are_markers_of_its_paragraph(memory_store: Any) -> None:
    """Every footnote a phase-section claim cites is a marker of the paragraph it comes from."""
    rows = select(
        memory_store,
        """SELECT DISTINCT ?claim ?section ?paragraph ?note WHERE {
             ?claim a/rdfs:subClassOf* qo:Claim ; qo:section ?section ; qo:paragraph ?paragraph ;
                    qo:citation/qo:footnoteNumber ?note .
           }""",
    )
    paragraphs = phase_paragraphs()
    stray = [
        (row["claim"], row["note"])
        for row in rows
        if (key := (str(row["section"]).removeprefix(QR + "section/"), int(str(row["paragraph"]))))
        in paragraphs
        and f"[{row['note']}]" not in paragraphs[key]
    ]
    assert stray == []
