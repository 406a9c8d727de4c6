"""Competency questions: every `tests/competency/*.rq` answers its question as the article does.

The expected answers below come from `competency-questions.md` and the article, not from the
data files. Each query's rows are reduced to a canonical answer (sets, numbers, ISO dates,
footnote numbers) that must equal the expected one exactly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, QuerySolutions

COMPETENCY_DIR = Path(__file__).parent / "competency"
QUERY_FILES = sorted(COMPETENCY_DIR.glob("[0-9][0-9]-*.rq"))

QR = "https://w3id.org/qalamoun/id/"
QO = "https://w3id.org/qalamoun/ontology#"
WD = "http://www.wikidata.org/entity/"
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = frozenset(
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "nonNegativeInteger",
        "positiveInteger",
        "unsignedInt",
        "unsignedLong",
    )
)

Value = str | int | None
Row = dict[str, Value]


# ---------------------------------------------------------------------------
# Turning results into plain Python values
# ---------------------------------------------------------------------------


def qr(path: str) -> str:
    """The full IRI of a resource under `https://w3id.org/qalamoun/id/`."""
    return QR + path


def literal_value(lexical: str, datatype: str | None) -> Value:
    """Integers as int; dates and everything else as their lexical form."""
    if datatype in INTEGER_TYPES:
        return int(lexical)
    return lexical


def rows_from_solutions(solutions: QuerySolutions) -> list[Row]:
    """Rows of a pyoxigraph SELECT result, IRIs as strings and literals as Python values."""
    names = [variable.value for variable in solutions.variables]
    rows: list[Row] = []
    for solution in solutions:
        row: Row = {}
        for name in names:
            term = solution[name]
            if term is None:
                row[name] = None
            elif isinstance(term, Literal):
                row[name] = literal_value(term.value, term.datatype.value)
            elif isinstance(term, NamedNode):
                row[name] = term.value
            else:
                row[name] = str(term)
        rows.append(row)
    return rows


def rows_from_json(document: Mapping[str, Any]) -> list[Row]:
    """Rows of a SPARQL 1.1 JSON results document, converted as `rows_from_solutions` does."""
    names = document["head"]["vars"]
    rows: list[Row] = []
    for binding in document["results"]["bindings"]:
        row: Row = {}
        for name in names:
            term = binding.get(name)
            if term is None:
                row[name] = None
            elif term["type"] == "literal" or term["type"] == "typed-literal":
                row[name] = literal_value(term["value"], term.get("datatype"))
            else:
                row[name] = term["value"]
        rows.append(row)
    return rows


def notes(value: Value) -> frozenset[int]:
    """Footnote numbers from a GROUP_CONCAT column ("27 28" → {27, 28})."""
    if value is None or value == "":
        return frozenset()
    return frozenset(int(part) for part in str(value).split())


def iris(value: Value) -> frozenset[str]:
    """IRIs from a GROUP_CONCAT column."""
    if value is None or value == "":
        return frozenset()
    return frozenset(str(value).split())


def column(rows: Iterable[Row], name: str) -> set[Value]:
    """The set of values of one column."""
    return {row[name] for row in rows}


# ---------------------------------------------------------------------------
# Canonical answers: one function per query, reducing rows to what the question asks
# ---------------------------------------------------------------------------


def answer_01(rows: list[Row]) -> Any:
    """Start, end and footnotes of the offensive."""
    return {(row["start"], row["end"], notes(row["footnotes"])) for row in rows}


def answer_02(rows: list[Row]) -> Any:
    """The belligerents of the opposing side."""
    return column(rows, "belligerent")


def answer_03(rows: list[Row]) -> Any:
    """Commanders on the Lebanese side."""
    return column(rows, "commander")


def answer_04(rows: list[Row]) -> Any:
    """Commanders taken prisoner, with footnotes."""
    return {(row["person"], notes(row["footnotes"])) for row in rows}


def answer_05(rows: list[Row]) -> Any:
    """Strength figures: who, how many, footnotes."""
    return {(row["concerns"], row["value"], notes(row["footnotes"])) for row in rows}


def answer_06(rows: list[Row]) -> Any:
    """Events at Arsal: order, the July events and the August span."""
    starts = [str(row["start"]) for row in rows]
    july = [row for row in rows if str(row["start"]) < "2014-08-01"]
    august = [row for row in rows if str(row["start"]) >= "2014-08-01"]
    air_strike = [row for row in july if notes(row["footnotes"]) == {7}]
    august_starts = {str(row["start"]) for row in august}
    required_days = {f"2014-08-0{day}" for day in (2, 3, 4, 5, 6, 9)}
    return {
        "in date order": starts == sorted(starts),
        "first event footnotes": notes(rows[0]["footnotes"]) if rows else None,
        "July events by footnotes": {notes(row["footnotes"]) for row in july},
        "July event count": len(july),
        "25 July air strike dates": {(row["start"], row["end"]) for row in air_strike},
        "first August start": min(august_starts, default=None),
        "last August end": max((str(row["end"]) for row in august), default=None),
        "August days 2-6 and 9 all have events": required_days <= august_starts,
        "August starts within 2-9 August": all(
            "2014-08-02" <= day <= "2014-08-09" for day in august_starts
        ),
    }


def quantity(row: Row) -> tuple[Value, Value]:
    """A figure as (low, high): an exact value v is (v, v)."""
    if row.get("value") is not None:
        return (row["value"], row["value"])
    return (row.get("minValue"), row.get("maxValue"))


def answer_07(rows: list[Row]) -> Any:
    """Hezbollah death figures near Youneen, their footnotes, and whether they conflict."""
    claims = {str(row["claim"]) for row in rows}
    return {
        "figures": {(quantity(row), notes(row["footnotes"])) for row in rows},
        "claim count": len(claims),
        "every claim has a claimant": all(row["claimant"] is not None for row in rows),
        "each conflicts with the others": all(
            claims - {row["claim"]} <= iris(row["conflictsWith"]) for row in rows
        ),
    }


def answer_08(rows: list[Row]) -> Any:
    """Footnote number and title behind the 650 claim."""
    return {(row["number"], row["title"]) for row in rows}


# Places whose country the article or DATA-MODEL.md states.
PLACES_IN_LEBANON = frozenset(
    qr("place/" + slug)
    for slug in (
        "arsal",  # "the Lebanese town of Arsal"
        "tfail",  # "the Lebanese border village of Tfail"
        "youneen",  # "the Lebanese village of Youneen"
        "al-fakiha",  # "the Lebanese town of Al-Fakiha"
        "nahle",  # "the Lebanese village of Nahle"
        "baalbek-district",
        "northeastern-lebanon-shiite-villages",  # "Shiite villages in northeastern Lebanon"
        "arsal-police-station",  # "Arsal's police station"
        "arsal-technical-institute",  # in the town the army fought to retake
        "arsal-government-buildings",
        "arsal-army-checkpoints",  # "Lebanese Army checkpoints in the region"
        "ras-al-serj-hill",  # taken by the Lebanese Army in the Battle of Arsal
    )
)
PLACES_IN_SYRIA = frozenset(
    qr("place/" + slug)
    for slug in (
        "rankous",
        "flita",
        "al-jobeh",
        "damascus",
        "rankous-plain",
        "qalamoun-foothills",
        "tfail-surroundings",  # "the Syrian territory surrounding the village"
        "syrian-border-areas",  # "areas near the Lebanese border" taken by Syrian troops
        "hills-overlooking-rankous-plain",  # in the Qalamoun foothills near Rankous
    )
)
PLACES_SPANNING_BOTH = frozenset(qr("place/" + slug) for slug in ("qalamoun-mountains",))
# Hills the article places only relative to a settlement: either country (not both) is fine.
PLACES_OF_UNSTATED_COUNTRY = frozenset(
    qr("place/" + slug)
    for slug in ("hills-near-youneen", "hill-east-of-nahle", "hill-between-arsal-and-flita")
)
SYRIA = qr("country/syria")
LEBANON = qr("country/lebanon")


def answer_09(rows: list[Row]) -> Any:
    """Places in each country (determined ones exactly), and the ranges spanning both."""
    inside = {
        country: {
            row["place"] for row in rows if row["relation"] == "in" and row["country"] == country
        }
        for country in (LEBANON, SYRIA)
    }
    spans = {
        country: {
            row["place"] for row in rows if row["relation"] == "spans" and row["country"] == country
        }
        for country in (LEBANON, SYRIA)
    }
    return {
        "in Lebanon": inside[LEBANON] - PLACES_OF_UNSTATED_COUNTRY,
        "in Syria": inside[SYRIA] - PLACES_OF_UNSTATED_COUNTRY,
        "in both countries": inside[LEBANON] & inside[SYRIA],
        "spanning both countries ⊇": (spans[LEBANON] & spans[SYRIA]) >= PLACES_SPANNING_BOTH,
        "in another country": {
            row["place"] for row in rows if row["country"] not in (LEBANON, SYRIA)
        },
    }


def dates_of(rows: list[Row], footnotes: set[int]) -> tuple[str, str]:
    """(start, end) of the one row backed by exactly these footnotes, or ("", "")."""
    matching = [row for row in rows if notes(row["footnotes"]) == footnotes]
    if len(matching) != 1:
        return ("", "")
    return (str(matching[0]["start"]), str(matching[0]["end"]))


def answer_10(rows: list[Row]) -> Any:
    """Syrian Air Force events: footnotes of each, and their dates against the article."""
    strike = dates_of(rows, {7})
    air_cover = dates_of(rows, {31})
    bombing = dates_of(rows, {51})
    return {
        "events by footnotes": {notes(row["footnotes"]) for row in rows},
        "event count": len(rows),
        "25 July strike dated 25 July": strike == ("2014-07-25", "2014-07-25"),
        "air cover within July": "2014-07-01" <= air_cover[0] <= air_cover[1] <= "2014-07-31",
        "bombing of hideouts from 7 August": bombing[0] >= "2014-08-07",
    }


def answer_11(rows: list[Row]) -> Any:
    """Each belligerent with its Wikidata IDs (empty where it has none)."""
    answer: dict[Value, set[Value]] = {}
    for row in rows:
        ids = answer.setdefault(row["belligerent"], set())
        if row["wikidata"] is not None:
            ids.add(row["wikidata"])
    return answer


def answer_12(rows: list[Row]) -> Any:
    """The infobox policemen figures and the footnotes behind the line."""
    return {
        "figures": {(row["kind"], row["value"]) for row in rows},
        "footnotes of the line": frozenset().union(*(notes(row["footnotes"]) for row in rows)),
        "every figure cited": all(notes(row["footnotes"]) for row in rows),
    }


def answer_13(rows: list[Row]) -> Any:
    """The phases in date order, with dates and labels."""
    return [
        (row["phase"], row["start"], row["end"], str(row["label"] or "").casefold()) for row in rows
    ]


def answer_14(rows: list[Row]) -> Any:
    """State TV claims: date and footnotes, and that the asserted places are the article's."""
    by_date: dict[Value, set[str]] = {}
    for row in rows:
        by_date.setdefault(row["date"], set()).update(iris(row["places"]))
    return {
        "claims by date and footnotes": {(row["date"], notes(row["footnotes"])) for row in rows},
        "22 June claim is about the hills overlooking the Rankous plain": qr(
            "place/hills-overlooking-rankous-plain"
        )
        in by_date.get("2014-06-22", set()),
        "27 June claim is about areas near the border": qr("place/syrian-border-areas")
        in by_date.get("2014-06-27", set()),
    }


def answer_15(rows: list[Row]) -> Any:
    """Citations with a publisher: number, publisher, publication and retrieval dates."""
    return {(row["number"], row["publisher"], row["published"], row["retrieved"]) for row in rows}


def answer_16(rows: list[Row]) -> Any:
    """Overall Lebanese soldier tolls, their dates and footnotes, and their conflict links."""
    claims = {str(row["claim"]) for row in rows}
    return {
        "figures": {
            (row["value"], row["asOf"], notes(row["footnotes"]) if row["value"] != 19 else None)
            for row in rows
        },
        "claim count": len(claims),
        "every figure cited": all(notes(row["footnotes"]) for row in rows),
        "every figure has a claimant": all(row["claimant"] is not None for row in rows),
        "each conflicts with the others": all(
            claims - {row["claim"]} <= iris(row["conflictsWith"]) for row in rows
        ),
    }


def local(value: Value) -> str | None:
    """The local name of an ontology term, or the path of a resource under `qr:`."""
    if value is None:
        return None
    return str(value).removeprefix(QO).removeprefix(QR)


def locals_of(value: Value) -> frozenset[str]:
    """Local names from a GROUP_CONCAT column of IRIs."""
    return frozenset(str(local(iri)) for iri in iris(value))


def answer_17(rows: list[Row]) -> Any:
    """Unnamed people and groups with their structured description."""
    return {
        local(row["who"]): (
            local(row["class"]),
            row["size"],
            local(row["ageGroup"]),
            local(row["nationality"]),
            locals_of(row["roles"]),
            locals_of(row["affiliations"]),
            locals_of(row["fates"]),
            notes(row["footnotes"]),
        )
        for row in rows
    }


def answer_18(rows: list[Row]) -> Any:
    """The arrest that set off the Battle of Arsal and the person it concerns."""
    return {
        (
            row["date"],
            local(row["person"]),
            local(row["role"]),
            local(row["affiliation"]),
            local(row["fate"]),
            local(row["arrestedBy"]),
            notes(row["footnotes"]),
        )
        for row in rows
    }


def answer_19(rows: list[Row]) -> Any:
    """Distances: ends, kilometres, precision, event and footnotes."""
    return {
        (
            local(row["from"]),
            local(row["to"]),
            float(str(row["km"])),
            local(row["precision"]),
            local(row["event"]),
            notes(row["footnotes"]),
        )
        for row in rows
    }


def answer_20(rows: list[Row]) -> Any:
    """Relative positions, enclosures and betweenness as (place, relation, reference, value)."""
    return {
        (local(row["place"]), row["relation"], local(row["reference"]), local(row["value"]))
        for row in rows
    }


def answer_21(rows: list[Row]) -> Any:
    """Events with a time of day."""
    return {
        (local(row["event"]), local(row["timeOfDay"]), row["start"], row["end"]) for row in rows
    }


def answer_22(rows: list[Row]) -> Any:
    """The parts of the infobox total, and whether they add up to it."""
    return {
        "parts": {(row["value"], notes(row["footnotes"])) for row in rows},
        "totals": column(rows, "total"),
        "sum of parts": sum(int(str(row["value"])) for row in rows),
    }


def answer_23(rows: list[Row]) -> Any:
    """Note 12's releases: date, value, kind, and how the note is linked."""
    return {
        "parts": {(row["date"], row["value"], local(row["kind"])) for row in rows},
        "totals": column(rows, "total"),
        "every part is a release": all(row["isRelease"] == "true" for row in rows),
        "every part explained by the note": all(row["explainedByNote"] == "true" for row in rows),
        "note cited as a source": {row["noteCitedAsSource"] for row in rows},
    }


def answer_24(rows: list[Row]) -> Any:
    """Relations between policemen figures as (value, relation, other value)."""
    return {(row["value"], row["relation"], row["otherValue"]) for row in rows}


def answer_25(rows: list[Row]) -> Any:
    """Infobox casualty figures: kind, number, no-footnote flag, footnotes."""
    return {
        (
            local(row["kind"]),
            row["value"] if row["value"] is not None else row["min"],
            row["noFootnote"],
            notes(row["footnotes"]),
        )
        for row in rows
    }


def answer_26(rows: list[Row]) -> Any:
    """Stated death figures of the Battle of Arsal: value, date, own footnotes."""
    return {(row["value"], row["asOf"], notes(row["footnotes"])) for row in rows}


def answer_27(rows: list[Row]) -> Any:
    """The figures the sub-figure is included in."""
    return {(row["value"], notes(row["footnotes"])) for row in rows}


def answer_28(rows: list[Row]) -> Any:
    """Every place's position: which have none, which are exact, and the approximate ones' bases."""
    return {
        "without a point": {local(row["place"]) for row in rows if row["wkt"] is None},
        "exact": {
            local(row["place"])
            for row in rows
            if row["wkt"] is not None and row["approximate"] != "true"
        },
        "approximate without basis or uncertainty": {
            local(row["place"])
            for row in rows
            if row["approximate"] == "true" and (row["basis"] is None or row["uncertainty"] is None)
        },
        "approximate count": sum(1 for row in rows if row["approximate"] == "true"),
        "bases of approximate points are exact": {
            local(row["basis"]) for row in rows if row["approximate"] == "true"
        }
        <= {local(row["place"]) for row in rows if row["wkt"] and row["approximate"] != "true"},
    }


def answer_29(rows: list[Row]) -> Any:
    """The running toll in date order, each with the value it updates."""
    return [(row["value"], row["asOf"], row["previousValue"]) for row in rows]


ANSWERS: dict[str, Callable[[list[Row]], Any]] = {
    "01": answer_01,
    "02": answer_02,
    "03": answer_03,
    "04": answer_04,
    "05": answer_05,
    "06": answer_06,
    "07": answer_07,
    "08": answer_08,
    "09": answer_09,
    "10": answer_10,
    "11": answer_11,
    "12": answer_12,
    "13": answer_13,
    "14": answer_14,
    "15": answer_15,
    "16": answer_16,
    "17": answer_17,
    "18": answer_18,
    "19": answer_19,
    "20": answer_20,
    "21": answer_21,
    "22": answer_22,
    "23": answer_23,
    "24": answer_24,
    "25": answer_25,
    "26": answer_26,
    "27": answer_27,
    "28": answer_28,
    "29": answer_29,
}

# ---------------------------------------------------------------------------
# Expected answers (from competency-questions.md and the article)
# ---------------------------------------------------------------------------

TITLE_6 = (
    "More than 650 terrorists were killed in the past week of intense fighting along side the"
    " Northern borders with Lebanon."
)

EXPECTED: dict[str, Any] = {
    # 21 June[1] – 7 August 2014
    "01": {("2014-06-21", "2014-08-07", frozenset({1}))},
    "02": {
        qr("actor/islamic-state"),
        qr("actor/al-nusra-front"),
        qr("actor/islamic-front"),
        qr("actor/free-syrian-army"),
    },
    "03": {qr("person/jean-kahwaji")},
    # Abu Ahmed Jumaa (POW)[3]
    "04": {(qr("person/abu-ahmed-jumaa"), frozenset({3}))},
    # 3,000 fighters[1]; 12,000 Lebanese Army[5]
    "05": {
        (qr("side/rebels"), 3000, frozenset({1})),
        (qr("actor/lebanese-army"), 12000, frozenset({5})),
    },
    "06": {
        "in date order": True,
        "first event footnotes": frozenset({28}),
        "July events by footnotes": {frozenset({28}), frozenset({7})},
        "July event count": 2,
        "25 July air strike dates": {("2014-07-25", "2014-07-25")},
        "first August start": "2014-08-02",
        "last August end": "2014-08-09",
        "August days 2-6 and 9 all have events": True,
        "August starts within 2-9 August": True,
    },
    # 6–7 killed [27][28]; 14 killed [29][30]
    "07": {
        "figures": {((6, 7), frozenset({27, 28})), ((14, 14), frozenset({29, 30}))},
        "claim count": 2,
        "every claim has a claimant": True,
        "each conflicts with the others": True,
    },
    "08": {(6, TITLE_6)},
    "09": {
        "in Lebanon": set(PLACES_IN_LEBANON),
        "in Syria": set(PLACES_IN_SYRIA),
        "in both countries": set(),
        "spanning both countries ⊇": True,
        "in another country": set(),
    },
    "10": {
        "events by footnotes": {frozenset({7}), frozenset({31}), frozenset({51})},
        "event count": 3,
        "25 July strike dated 25 July": True,
        "air cover within July": True,
        "bombing of hideouts from 7 August": True,
    },
    # Only the IDs of the checked list (DATA-MODEL.md) exist.
    "11": {
        qr("actor/islamic-state"): {WD + "Q2429253"},
        qr("actor/al-nusra-front"): set(),
        qr("actor/islamic-front"): set(),
        qr("actor/free-syrian-army"): set(),
        qr("country/syria"): {WD + "Q858"},
        qr("actor/hezbollah"): {WD + "Q41053"},
        qr("country/lebanon"): {WD + "Q822"},
    },
    # 20 Lebanese policemen captured (5 released)[10][13][14]
    "12": {
        "figures": {(QO + "Captured", 20), (QO + "Released", 5)},
        "footnotes of the line": frozenset({10, 13, 14}),
        "every figure cited": True,
    },
    "13": [
        (qr("event/surrounding-of-tfail"), "2014-06-21", "2014-06-27", "surrounding of tfail"),
        (qr("event/battle-for-the-hills"), "2014-07-11", "2014-08-02", "battle for the hills"),
        (qr("event/battle-of-arsal"), "2014-08-02", "2014-08-07", "battle of arsal"),
    ],
    "14": {
        "claims by date and footnotes": {
            ("2014-06-22", frozenset({24})),
            ("2014-06-27", frozenset({25})),
        },
        "22 June claim is about the hills overlooking the Rankous plain": True,
        "27 June claim is about areas near the border": True,
    },
    "15": {
        (15, qr("actor/al-jazeera"), None, None),
        (16, qr("actor/hurriyet-daily-news"), None, None),
        (17, qr("actor/mcclatchy"), "2014-03-04", "2014-05-14"),
        (51, qr("actor/the-daily-star"), "2014-08-07", "2014-08-07"),
    },
    # infobox 20 [9][10]; 18 on 9 August [52]; 19 by 12 August (no footnote of its own: any)
    "16": {
        "figures": {
            (20, None, frozenset({9, 10})),
            (18, "2014-08-09", frozenset({52})),
            (19, "2014-08-12", None),
        },
        "claim count": 3,
        "every figure cited": True,
        "every figure has a claimant": True,
        "each conflicts with the others": True,
    },
    "17": {
        "person/arrested-al-nusra-commander": (
            "UnnamedPerson",
            None,
            None,
            None,
            frozenset({"CommanderRole"}),
            frozenset({"actor/al-nusra-front"}),
            frozenset({"Arrested"}),
            frozenset({37}),
        ),
        "person/abdullah-azzam-spokesman-aide": (
            "UnnamedPerson",
            None,
            None,
            None,
            frozenset({"AideRole"}),
            frozenset({"actor/abdullah-azzam-brigades"}),
            frozenset({"Killed"}),
            frozenset({32}),
        ),
        "group/policemen-taken-hostage-2014-08-02": (
            "PersonGroup",
            16,
            None,
            "country/lebanon",
            frozenset({"PolicemanRole", "HostageRole"}),
            frozenset({"actor/internal-security-forces"}),
            frozenset({"Captured"}),
            frozenset({39}),
        ),
        "group/soldiers-seized-and-freed-2014-08-02": (
            "PersonGroup",
            2,
            None,
            "country/lebanon",
            frozenset({"SoldierRole", "HostageRole"}),
            frozenset({"actor/lebanese-army"}),
            frozenset({"Captured", "Released"}),
            frozenset({37}),
        ),
        "group/missing-soldiers-rescued-2014-08-03": (
            "PersonGroup",
            2,
            None,
            "country/lebanon",
            frozenset({"SoldierRole"}),
            frozenset({"actor/lebanese-army"}),
            frozenset({"Missing", "Rescued"}),
            frozenset({42}),
        ),
        "group/infant-refugees-killed-in-arsal": (
            "PersonGroup",
            2,
            "Infant",
            "country/syria",
            frozenset({"RefugeeRole"}),
            frozenset(),
            frozenset({"Killed"}),
            frozenset({45}),
        ),
    },
    # "after Lebanese security forces arrested an Al-Nusra Front commander"[37]
    "18": {
        (
            "2014-08-02",
            "person/arrested-al-nusra-commander",
            "CommanderRole",
            "actor/al-nusra-front",
            "Arrested",
            "actor/lebanese-security-forces",
            frozenset({37}),
        )
    },
    # "around 10 km from the border"; "within a kilometer from ... Tfail"[21]
    "19": {
        (
            "place/al-jobeh",
            "place/lebanon-syria-border",
            10.0,
            "About",
            "event/2014-08-01-to-02-ambush-near-al-jobeh",
            frozenset({35}),
        ),
        (
            "place/tfail-surroundings",
            "place/tfail",
            1.0,
            "AtMost",
            "event/2014-06-18-advance-towards-tfail",
            frozenset({21}),
        ),
    },
    "20": {
        ("place/hill-east-of-nahle", "direction", "place/nahle", "East"),
        ("place/area-east-of-arsal", "direction", "place/arsal", "East"),
        ("place/tfail", "enclosed on sides", "country/syria", "3"),
        ("place/hill-between-arsal-and-flita", "between", "place/arsal", None),
        ("place/hill-between-arsal-and-flita", "between", "place/flita", None),
    },
    "21": {
        ("event/2014-06-21-hezbollah-enters-tfail", "Morning", "2014-06-21", "2014-06-21"),
        ("event/2014-08-01-to-02-ambush-near-al-jobeh", "NightTime", "2014-08-01", "2014-08-02"),
        (
            "event/2014-08-01-to-02-artillery-strikes-near-al-jobeh",
            "NightTime",
            "2014-08-01",
            "2014-08-02",
        ),
        (
            "event/2014-08-04-army-capture-of-ras-al-serj-hill",
            "Evening",
            "2014-08-04",
            "2014-08-04",
        ),
        ("event/2014-08-05-ceasefire-in-arsal", "Evening", "2014-08-05", "2014-08-06"),
    },
    # 930+ killed[6][7][8][9]: 650 [6] + 20 [7] + 200 [8] + 60 [9]
    "22": {
        "parts": {
            (650, frozenset({6})),
            (20, frozenset({7})),
            (200, frozenset({8})),
            (60, frozenset({9})),
        },
        "totals": {930},
        "sum of parts": 930,
    },
    # note 12: 2 freed (2 August), 2 freed (3 August), 3 freed (5 August), 3 freed (6 August)
    "23": {
        "parts": {
            ("2014-08-02", 2, "Released"),
            ("2014-08-03", 2, "Rescued"),
            ("2014-08-05", 3, "Released"),
            ("2014-08-06", 3, "Released"),
        },
        "totals": {10},
        "every part is a release": True,
        "every part explained by the note": True,
        "note cited as a source": {"false"},
    },
    # 20 policemen captured (5 released); 16 taken hostage; 3 released; 17 remained as captives
    "24": {
        (20, "sum of", 17),
        (20, "sum of", 3),
        (16, "included in", 20),
        (3, "included in", 5),
        (5, "included in", 20),
    },
    "25": {
        ("Killed", 930, None, frozenset({6, 7, 8, 9})),
        ("Casualties", None, "true", frozenset()),
        ("Killed", 20, None, frozenset({9, 10})),
        ("Wounded", 85, None, frozenset({11})),
        ("Captured", 24, None, frozenset({10})),
        ("Captured", 20, None, frozenset({10, 13, 14})),
    },
    "26": {
        (30, "2014-08-03", frozenset({40})),
        (17, "2014-08-04", frozenset({43})),
        (2, "2014-08-04", frozenset({45})),
        (18, "2014-08-09", frozenset({52})),
        (20, None, frozenset({9, 10})),
    },
    # 7[35]–11 government fighters, including 2 Hezbollah members, were killed.[36]
    "27": {(7, frozenset({35})), (11, frozenset({36}))},
    "28": {
        "without a point": set(),
        "exact": {
            "place/" + slug
            for slug in (
                "arsal",
                "rankous",
                "nahle",
                "damascus",
                "qalamoun-mountains",
                "anti-lebanon-mountains",
                "baalbek-district",
            )
        },
        "approximate without basis or uncertainty": set(),
        "approximate count": 24,
        "bases of approximate points are exact": True,
    },
    # 10 soldiers dead (3 August), 17 (4 August), 18 (9 August), updated to 19 by 12 August
    "29": [
        (10, "2014-08-03", None),
        (17, "2014-08-04", 10),
        (18, "2014-08-09", 17),
        (19, "2014-08-12", 18),
    ],
}

# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def query_number(path: Path) -> str:
    """ "07" for `07-hezbollah-deaths-near-youneen.rq`."""
    return path.name[:2]


def test_every_question_has_one_query_file() -> None:
    """Query files numbered 01–29 without gaps, each headed by its question and expected answer."""
    assert [query_number(path) for path in QUERY_FILES] == [f"{n:02d}" for n in range(1, 30)]
    assert set(ANSWERS) == set(EXPECTED) == {query_number(path) for path in QUERY_FILES}
    for path in QUERY_FILES:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# Question: "), path.name
        assert lines[1].startswith("# Expected: "), path.name


@pytest.mark.parametrize("path", QUERY_FILES, ids=query_number)
def test_competency_query(memory_store: Any, path: Path) -> None:
    """The query, run through the store, gives the expected answer exactly."""
    solutions = memory_store.query(path.read_text(encoding="utf-8"))
    rows = rows_from_solutions(solutions)
    number = query_number(path)
    assert ANSWERS[number](rows) == EXPECTED[number]


CLI_QUERIES = [path for path in QUERY_FILES if query_number(path) in {"07", "15", "16"}]


@pytest.mark.parametrize("path", CLI_QUERIES, ids=query_number)
def test_competency_query_through_cli(path: Path) -> None:
    """`qkg query @FILE --format json` gives the same expected answer as the store."""
    from qalamoun_kg.cli import main

    result = CliRunner().invoke(
        main, ["query", f"@{path}", "--format", "json", "--store", "memory"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    rows = rows_from_json(json.loads(result.stdout))
    number = query_number(path)
    assert ANSWERS[number](rows) == EXPECTED[number]
