"""OWL 2 RL inconsistencies in the closure: the clashes `qkg infer --check` reports."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from qalamoun_kg.namespaces import OWL
from qalamoun_kg.reasoning.materialize import closure, datatype_samples, premises, rules_for
from qalamoun_kg.reasoning.policy import SAME_AS, Fact, Term
from qalamoun_kg.reasoning.rules import TYPE, Rules
from qalamoun_kg.store.base import Store

NOTHING = ox.NamedNode(str(OWL.Nothing))
DIFFERENT = ox.NamedNode(str(OWL.differentFrom))


@dataclasses.dataclass(frozen=True, order=True)
class Clash:
    """One inconsistency: the OWL RL rule, the resources involved, and what is wrong."""

    rule: str
    resources: tuple[str, ...]
    message: str


def inconsistencies(store: Store) -> list[Clash]:
    """Every clash in the closure of the store's premises, sorted."""
    schema, data, _ = premises(store)
    rules = rules_for(frozenset(schema), datatype_samples(data))
    return sorted(set(clashes(rules, closure(schema, data))))


def clashes(rules: Rules, facts: set[Fact]) -> Iterator[Clash]:
    """Disjoint classes shared (cax-dw), owl:Nothing (cls-nothing2), sameAs against
    differentFrom (eq-diff1), and two values of a functional property (prp-fp on literals)."""
    types: dict[Term, set[Term]] = {}
    for subject, predicate, obj in facts:
        if predicate == TYPE:
            types.setdefault(subject, set()).add(obj)
    for resource, classes in sorted(types.items(), key=str):
        yield from _disjoint(rules, resource, classes)
    for subject, predicate, obj in facts:
        if predicate == SAME_AS and subject != obj and (subject, DIFFERENT, obj) in facts:
            yield Clash(
                "eq-diff1",
                (subject.value, obj.value),
                f"{subject} is stated both the same as and different from {obj}",
            )
    yield from _functional_literals(rules, facts)


def _disjoint(rules: Rules, resource: Term, classes: set[Term]) -> Iterable[Clash]:
    """cax-dw and cls-nothing2 for one resource."""
    if NOTHING in classes:
        yield Clash("cls-nothing2", (resource.value,), f"{resource} is an instance of owl:Nothing")
    for pair in rules.disjoint:
        if pair <= classes:
            first, second = sorted(pair, key=str)
            yield Clash(
                "cax-dw",
                (resource.value, first.value, second.value),
                f"{resource} is both a {first} and a {second}, which are disjoint classes",
            )


def _functional_literals(rules: Rules, facts: set[Fact]) -> Iterable[Clash]:
    """A functional property with two different literal values for one subject."""
    values: dict[tuple[Term, Term], set[ox.Literal]] = {}
    for subject, predicate, obj in facts:
        if predicate in rules.functional and isinstance(obj, ox.Literal):
            values.setdefault((subject, predicate), set()).add(obj)
    for (owner, prop), found in sorted(values.items(), key=str):
        if len(found) > 1 and not isinstance(owner, ox.Literal):
            shown = ", ".join(sorted(str(value) for value in found))
            yield Clash(
                "prp-fp",
                (owner.value, prop.value),
                f"{owner} has {len(found)} values of the functional property {prop}: {shown}",
            )
