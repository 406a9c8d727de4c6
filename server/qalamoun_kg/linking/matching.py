"""Rank the entities of the label index for a name: scores 0–100 and an auto-match decision.

Score scale (the best of an entity's names counts):

| score | how the name matched |
|---|---|
| 100 / 98 | the same name as the label / an alternative label, after case, diacritics, articles |
| 95 / 94 | the same after unifying transliteration spellings (ou/u, ee/i, q/k, doubled letters) |
| 90 | the same consonants (at least three): Arsal, Ersal, 'Irsal |
| 88 | the query is an acronym of a name (SAA for Syrian Arab Army) |
| ≤ 89 | similar spelling (edit similarity of the spelling keys ≥ 80, scaled by 0.9) |
| 30–85 | some words in common, weighted by how rare each word is in the graph |

An auto-match (`match: true`) needs a score of at least `MATCH_SCORE` and a lead of at least
`MATCH_MARGIN` over the next entity, so a name two entities share is never auto-matched.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from qalamoun_kg.linking.index import Entry, LabelIndex, Name
from qalamoun_kg.linking.normalize import NameKeys, looks_like_acronym, name_keys

MATCH_SCORE = 90.0
MATCH_MARGIN = 10.0
FUZZY_CUTOFF = 80.0
MIN_FUZZY_LENGTH = 5
WORD_CUTOFF = 88.0
MIN_SCORE = 40.0
QUALIFIER_PENALTY = 5.0

KeysOf = Callable[[NameKeys], Iterable[str]]

EXACT_LABEL = "exact label"
EXACT_ALT = "exact alternative label"
SPELLING = "spelling variant"
CONSONANTS = "same consonants"
ACRONYM = "acronym"
SIMILAR = "similar spelling"
PARTIAL = "partial name"


@dataclass(frozen=True)
class Candidate:
    """An entity proposed for a name: its score, the name that matched and how, auto-match."""

    entry: Entry
    score: float
    label: str
    how: str
    match: bool = False

    @property
    def reason(self) -> str:
        """A human reading of why the candidate was proposed."""
        types = ", ".join(sorted(self.entry.direct_types)) or "untyped"
        return f'{self.how} "{self.label}" ({types})'


class Matcher:
    """Lookup tables over one label index: exact keys, fuzzy choices and a word index."""

    def __init__(self, index: LabelIndex) -> None:
        self.index = index
        self.names: list[tuple[Entry, Name]] = [
            (entry, name) for entry in index.entries.values() for name in entry.names
        ]
        self._exact = _key_table(self.names, lambda keys: (keys.folded,))
        self._spelling = _key_table(
            self.names, lambda keys: (keys.phonetic, keys.phonetic_sorted, keys.compact)
        )
        self._skeleton = _key_table(self.names, _skeleton_keys)
        self._words = _key_table(self.names, lambda keys: keys.phonetic_tokens)
        # Short names (ISIL, LAF) are left out of fuzzy matching: one letter changes them.
        self._sorted_choices = [_long(name.keys.phonetic_sorted) for _entry, name in self.names]
        self._compact_choices = [_long(name.keys.compact) for _entry, name in self.names]
        self._vocabulary = sorted(self._words)
        self._weights = _word_weights(index)

    def search(
        self,
        query: str,
        *,
        types: Sequence[str] = (),
        type_strict: str = "any",
        limit: int = 10,
    ) -> list[Candidate]:
        """The best candidates for a name, best first, with `match` set on an auto-match."""
        text = query.strip()
        if not text:
            return []
        best = self._score_all(text)
        ranked = _filter_types(best.values(), types, type_strict)
        ranked = sorted(ranked, key=lambda c: (-c.score, c.entry.name, c.entry.id))
        return decide_match(ranked)[: max(limit, 0)]

    def _score_all(self, text: str) -> dict[str, Candidate]:
        """Every entity that scores at least MIN_SCORE, keyed by id.

        "Arsal, Lebanon": the part before a comma is also tried alone, a little lower.
        """
        best: dict[str, Candidate] = {}
        head = text.split(",", 1)[0].strip()
        tries = [(text, 0.0)] + ([(head, QUALIFIER_PENALTY)] if head and head != text else [])
        for variant, penalty in tries:
            for found in self._candidates(variant, name_keys(variant)):
                candidate = replace(found, score=found.score - penalty)
                current = best.get(candidate.entry.id)
                if candidate.score >= MIN_SCORE and (
                    current is None or candidate.score > current.score
                ):
                    best[candidate.entry.id] = candidate
        return best

    def _candidates(self, text: str, keys: NameKeys) -> Iterable[Candidate]:
        """Candidates from each way of matching, strictest first."""
        for entry, name in self._exact.get(keys.folded, ()):
            yield Candidate(entry, 100.0 if name.preferred else 98.0, name.text, _exact_how(name))
        for key in {keys.phonetic, keys.phonetic_sorted, keys.compact}:
            for entry, name in self._spelling.get(key, ()):
                yield Candidate(entry, 95.0 if name.preferred else 94.0, name.text, SPELLING)
        for key in _skeleton_keys(keys):
            for entry, name in self._skeleton.get(key, ()):
                yield Candidate(entry, 90.0, name.text, CONSONANTS)
        yield from self._acronyms(text, keys)
        yield from self._similar(keys)
        yield from self._partial(keys)

    def _acronyms(self, text: str, keys: NameKeys) -> Iterable[Candidate]:
        """Entities whose name has the query's letters as initials (only for acronym queries)."""
        if not looks_like_acronym(text):
            return
        letters = keys.folded.replace(" ", "")
        for entry in self.index.entries.values():
            if letters in entry.acronyms:
                yield Candidate(entry, 88.0, text, ACRONYM)

    def _similar(self, keys: NameKeys) -> Iterable[Candidate]:
        """Names whose spelling keys are close in edit distance (long enough names only)."""
        if _long(keys.compact) is None:
            return
        for key, choices in (
            (keys.phonetic_sorted, self._sorted_choices),
            (keys.compact, self._compact_choices),
        ):
            hits = process.extract(
                key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
            )
            for _choice, similarity, position in hits:
                entry, name = self.names[position]
                yield Candidate(entry, round(similarity * 0.9, 1), name.text, SIMILAR)

    def _partial(self, keys: NameKeys) -> Iterable[Candidate]:
        """Names sharing words with the query, scored by the rarity-weighted overlap."""
        query_words = self._query_words(keys)
        seen: set[int] = set()
        for matched in query_words.values():
            for word in matched:
                for entry, name in self._words.get(word, ()):
                    if id(name) not in seen:
                        seen.add(id(name))
                        yield from self._overlap(entry, name, query_words)

    def _query_words(self, keys: NameKeys) -> dict[str, set[str]]:
        """Each query word with the index words it stands for (itself, or close spellings)."""
        found: dict[str, set[str]] = {}
        for word in keys.phonetic_tokens:
            found[word] = {word} if word in self._words else set()
            if len(word) >= 5:
                close = process.extract(
                    word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF, limit=5
                )
                found[word].update(choice for choice, _score, _pos in close)
        return found

    def _overlap(
        self, entry: Entry, name: Name, query_words: dict[str, set[str]]
    ) -> Iterable[Candidate]:
        """A partial-name candidate when the query and the name share rare enough words."""
        name_words = set(name.keys.phonetic_tokens)
        hit_query = [word for word, forms in query_words.items() if forms & name_words]
        hit_name = {word for forms in query_words.values() for word in forms & name_words}
        query_share = self._share(hit_query, query_words)
        name_share = self._share(hit_name, name_words)
        if query_share and name_share:
            score = 30.0 + 55.0 * math.sqrt(query_share * name_share)
            yield Candidate(entry, round(score, 1), name.text, PARTIAL)

    def _share(self, hits: Iterable[str], words: Iterable[str]) -> float:
        """The weighted fraction of the words that are hits."""
        total = sum(self._weight(word) for word in words)
        return sum(self._weight(word) for word in hits) / total if total else 0.0

    def _weight(self, word: str) -> float:
        """How telling a word is: rare words weigh more (inverse document frequency)."""
        return self._weights.get(word, self._weights.get("", 1.0))


def decide_match(ranked: list[Candidate]) -> list[Candidate]:
    """Set `match` on the first candidate when it is good enough and clearly ahead."""
    if not ranked:
        return ranked
    top = ranked[0]
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    if top.score >= MATCH_SCORE and top.score - runner_up >= MATCH_MARGIN:
        return [replace(top, match=True), *ranked[1:]]
    return ranked


def _long(key: str) -> str | None:
    """The key if it is long enough for fuzzy matching (None is skipped by rapidfuzz)."""
    return key if len(key.replace(" ", "")) >= MIN_FUZZY_LENGTH else None


def _exact_how(name: Name) -> str:
    """The reason for an exact match on this kind of name."""
    return EXACT_LABEL if name.preferred else EXACT_ALT


def _skeleton_keys(keys: NameKeys) -> tuple[str, ...]:
    """The consonant skeleton of a Latin-script name when it is telling (three letters or more)."""
    if keys.arabic or len(keys.skeleton) < 3:
        return ()
    return (keys.skeleton,)


def _key_table(
    names: list[tuple[Entry, Name]], keys_of: KeysOf
) -> dict[str, list[tuple[Entry, Name]]]:
    """A table from each key of each name to the (entry, name) pairs that have it."""
    table: dict[str, list[tuple[Entry, Name]]] = {}
    for entry, name in names:
        for key in set(keys_of(name.keys)):
            if key:
                table.setdefault(key, []).append((entry, name))
    return table


def _word_weights(index: LabelIndex) -> dict[str, float]:
    """Inverse document frequency of each word; "" holds the weight of an unseen word."""
    total = max(len(index.entries), 1)
    weights = {word: math.log(1 + total / count) for word, count in index.word_counts.items()}
    weights[""] = math.log(1 + total)
    return weights


def _filter_types(
    candidates: Iterable[Candidate], types: Sequence[str], strict: str
) -> list[Candidate]:
    """Keep candidates of the wanted types (`any`, `all`); `should` only lowers the others."""
    wanted = set(types)
    if not wanted:
        return list(candidates)
    kept: list[Candidate] = []
    for candidate in candidates:
        have = candidate.entry.all_types
        fits = wanted <= have if strict == "all" else bool(wanted & have)
        if fits:
            kept.append(candidate)
        elif strict == "should":
            kept.append(replace(candidate, score=max(candidate.score - 20.0, 0.0)))
    return kept


_MATCHERS: weakref.WeakKeyDictionary[LabelIndex, Matcher] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def matcher_for(index: LabelIndex) -> Matcher:
    """The matcher of an index, built once."""
    with _LOCK:
        matcher = _MATCHERS.get(index)
        if matcher is None:
            matcher = _MATCHERS[index] = Matcher(index)
        return matcher
