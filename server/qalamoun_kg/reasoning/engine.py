"""The fact (ABox) rules of OWL 2 RL over an index, to a fixpoint, one new fact at a time.

Each fact taken from the work list is joined with the facts already known, so every pair of
premises meets exactly once (semi-naive evaluation) whatever order facts arrive in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

import pyoxigraph as ox

from qalamoun_kg.reasoning.policy import SAME_AS, Fact, Term
from qalamoun_kg.reasoning.rules import TYPE, Rules


class Facts(Protocol):
    """What the rules need to know about the facts derived or asserted so far."""

    def __contains__(self, fact: Fact) -> bool:
        """Whether the fact is known."""
        ...

    def add(self, fact: Fact) -> None:
        """Record a fact."""
        ...

    def objects(self, subject: Term, predicate: Term) -> Iterable[Term]:
        """Objects of (subject, predicate, ?)."""
        ...

    def subjects(self, predicate: Term, obj: Term) -> Iterable[Term]:
        """Subjects of (?, predicate, object)."""
        ...

    def about(self, subject: Term) -> Iterable[tuple[ox.NamedNode, Term]]:
        """(predicate, object) of every fact with this subject."""
        ...

    def pointing_at(self, obj: Term) -> Iterable[tuple[Term, ox.NamedNode]]:
        """(subject, predicate) of every fact with this object."""
        ...

    def with_predicate(self, predicate: Term) -> Iterable[tuple[Term, Term]]:
        """(subject, object) of every fact with this predicate."""
        ...


def saturate(
    rules: Rules, facts: Facts, new: Iterable[Fact], revisit: Iterable[Fact] = ()
) -> list[Fact]:
    """Add the new facts and everything they entail to `facts`; return what was added.

    `revisit` are known facts whose consequences are derived again (after a deletion).
    """
    work: list[Fact] = []
    for fact in new:
        if fact not in facts:
            facts.add(fact)
            work.append(fact)
    added = list(work)
    work.extend(revisit)
    while work:
        for derived in consequences(rules, facts, work.pop()):
            if derived not in facts:
                facts.add(derived)
                work.append(derived)
                added.append(derived)
    return added


def consequences(rules: Rules, facts: Facts, fact: Fact) -> Iterator[Fact]:
    """Facts one rule step derives from this fact and the known ones."""
    subject, predicate, obj = fact
    if predicate == TYPE:
        for cls in rules.superclasses.get(obj, ()):
            yield subject, TYPE, cls
    yield from _property_rules(rules, fact)
    yield from _joins(rules, facts, fact)
    yield from _equality(facts, fact)


def _property_rules(rules: Rules, fact: Fact) -> Iterator[Fact]:
    """Subproperties, domains, ranges, inverses and symmetry (prp-spo1/dom/rng/inv/symp)."""
    subject, predicate, obj = fact
    for wider in rules.superproperties.get(predicate, (predicate,)):
        if wider != predicate and isinstance(wider, ox.NamedNode):
            yield subject, wider, obj
        for cls in rules.domains.get(wider, ()):
            yield subject, TYPE, cls
        for cls in rules.ranges.get(wider, ()):
            yield obj, TYPE, cls
    for inverse in rules.inverses.get(predicate, ()):
        if isinstance(inverse, ox.NamedNode):
            yield obj, inverse, subject
    if predicate in rules.symmetric:
        yield obj, predicate, subject


def _joins(rules: Rules, facts: Facts, fact: Fact) -> Iterator[Fact]:
    """Transitivity, two-step chains and (inverse) functional properties (prp-trp/spo2/fp/ifp)."""
    subject, predicate, obj = fact
    if predicate in rules.transitive or predicate == SAME_AS:
        for further in list(facts.objects(obj, predicate)):
            yield subject, predicate, further
        for earlier in list(facts.subjects(predicate, subject)):
            yield earlier, predicate, obj
    for first, second, result in rules.chains:
        if not isinstance(result, ox.NamedNode):
            continue
        if predicate == first:
            for end in list(facts.objects(obj, second)):
                yield subject, result, end
        if predicate == second:
            for start in list(facts.subjects(first, subject)):
                yield start, result, obj
    if predicate in rules.functional:
        for other in list(facts.objects(subject, predicate)):
            if other != obj:
                yield obj, SAME_AS, other
    if predicate in rules.inverse_functional:
        for other in list(facts.subjects(predicate, obj)):
            if other != subject:
                yield subject, SAME_AS, other


def _equality(facts: Facts, fact: Fact) -> Iterator[Fact]:
    """owl:sameAs: symmetry and replacement in every position (eq-sym, eq-rep-s/p/o)."""
    subject, predicate, obj = fact
    if predicate == SAME_AS and subject != obj:
        yield obj, SAME_AS, subject
        for other_predicate, value in list(facts.about(subject)):
            yield obj, other_predicate, value
        for source, other_predicate in list(facts.pointing_at(subject)):
            yield source, other_predicate, obj
        if isinstance(obj, ox.NamedNode):
            for left, right in list(facts.with_predicate(subject)):
                yield left, obj, right
    for twin in _twins(facts, subject):
        yield twin, predicate, obj
    for twin in _twins(facts, obj):
        yield subject, predicate, twin
    for twin in _twins(facts, predicate):
        if isinstance(twin, ox.NamedNode):
            yield subject, twin, obj


def _twins(facts: Facts, term: Term) -> list[Term]:
    """Terms stated the same as this one (other than itself)."""
    return [other for other in facts.objects(term, SAME_AS) if other != term]
