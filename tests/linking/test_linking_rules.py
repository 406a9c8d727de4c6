"""The two rules the ranking rests on, each checked on a small index where it alone decides:
an auto-match needs a clear lead (MATCH_MARGIN), and rare shared words outweigh common ones."""

from __future__ import annotations

import pytest

from qalamoun_kg.linking.index import LabelIndex, make_entry, small_index
from qalamoun_kg.linking.link import Proposal, decide
from qalamoun_kg.linking.matching import MATCH_MARGIN, MATCH_SCORE, Candidate, Matcher, decide_match

BATTLES = ["Battle of Arsal", "Battle of Qusayr", "Battle of Zabadani", "Battle of Homs"]


def index_of(*names: str) -> LabelIndex:
    """An index of one untyped entity per name, ids e0, e1, …"""
    entries = [make_entry(f"e{n}", f"http://example.org/e{n}", [(name, True)], [], {})
               for n, name in enumerate(names)]  # fmt: skip
    return small_index(entries, {})


def candidates(*scores: float) -> list[Candidate]:
    """Ranked candidates with the given scores, on entities of their own."""
    index = index_of(*(f"Name {n}" for n in range(len(scores))))
    entries = list(index.entries.values())
    return [
        Candidate(entry, score, entry.name, "test")
        for entry, score in zip(entries, scores, strict=True)
    ]


def test_a_name_two_entities_share_is_never_auto_matched() -> None:
    found = Matcher(index_of("Jurd Arsal", "Jurd Arsal", "Arsal")).search("Jurd Arsal")
    assert [c.score for c in found[:2]] == [100.0, 100.0]
    assert not any(c.match for c in found)


def test_a_unique_exact_name_is_auto_matched() -> None:
    found = Matcher(index_of("Jurd Arsal", "Yabroud")).search("Jurd Arsal")
    assert found[0].entry.name == "Jurd Arsal" and found[0].match


@pytest.mark.parametrize(
    ("scores", "match"),
    [
        ((100.0,), True),
        ((MATCH_SCORE, MATCH_SCORE - MATCH_MARGIN), True),
        ((100.0, 100.0 - MATCH_MARGIN + 0.5), False),
        ((95.0, 94.0), False),
        ((MATCH_SCORE - 0.5,), False),
    ],
)
def test_auto_match_needs_the_score_and_the_lead(scores: tuple[float, ...], match: bool) -> None:
    ranked = decide_match(candidates(*scores))
    assert ranked[0].match is match
    assert not any(c.match for c in ranked[1:])


@pytest.mark.parametrize(
    ("scores", "match"),
    [((100.0,), True), ((100.0, 95.0), False), ((99.0, 80.0), True), ((85.0,), False)],
)
def test_wikidata_proposals_need_the_score_and_the_lead(
    scores: tuple[float, ...], match: bool
) -> None:
    ranked = decide([Proposal(f"Q{n}", f"item {n}", s, (), ()) for n, s in enumerate(scores)])
    assert ranked[0].match is match


def test_a_shared_rare_word_outranks_a_shared_common_word() -> None:
    found = Matcher(index_of(*BATTLES, "Yabroud District")).search("Yabroud battle")
    assert found[0].entry.name == "Yabroud District"
    assert all(found[0].score > c.score for c in found[1:])


def test_the_same_share_of_common_words_scores_lower() -> None:
    matcher = Matcher(index_of(*BATTLES, "Yabroud District"))
    scores = {c.entry.name: c.score for c in matcher.search("battle near Yabroud")}
    assert scores["Yabroud District"] - scores["Battle of Arsal"] >= 5
