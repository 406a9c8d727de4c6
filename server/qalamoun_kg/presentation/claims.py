"""Claims as pages show them: the figure in words, who claims it, when, and its footnotes."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from qalamoun_kg.namespaces import QO, RDF, RDFS
from qalamoun_kg.presentation.facts import (
    Term,
    first_text,
    iri_of,
    labels,
    outgoing,
    select,
    text_of,
    values,
)
from qalamoun_kg.presentation.model import Node, node, nodes
from qalamoun_kg.store import Store

FIGURE_CLAIM = str(QO.FigureClaim)
ASSERTION_CLAIM = str(QO.AssertionClaim)
_LINKED = (
    QO.figureKind,
    QO.personCategory,
    QO.concerns,
    QO.claimant,
    QO.about,
    QO.citation,
    QO.assertsEvent,
    QO.includedIn,
)


@dataclasses.dataclass(frozen=True)
class Footnote:
    """A citation shown by its footnote number."""

    number: int | None
    node: Node


@dataclasses.dataclass(frozen=True)
class ClaimView:
    """One reported figure or assertion with everything needed to compare it with others."""

    node: Node
    kind: str  # "figure" or "assertion"
    figure: str | None
    amount: int | None  # the number to sort and chart by: the value or the lower bound
    figure_kind: Node | None
    category: Node | None
    concerns: list[Node]
    claimants: list[Node]
    about: list[Node]
    as_of: str | None
    statement: str | None
    asserts: list[Node]
    included_in: list[Node]
    citations: list[Footnote]
    conflicts: list[Node]

    @property
    def headline(self) -> str:
        """The figure with its kind and category, e.g. "20 soldiers killed"."""
        parts = [self.figure, self.category.label if self.category else None]
        parts.append(self.figure_kind.label if self.figure_kind else None)
        return " ".join(part for part in parts if part) or self.node.label


def claims_where(store: Store, pattern: str) -> list[str]:
    """IRIs of the claims (`?claim`) matching a SPARQL group pattern."""
    sparql = (
        f"SELECT DISTINCT ?claim WHERE {{ {pattern} ?claim a/<{RDFS.subClassOf}>* <{QO.Claim}> }}"
    )
    return [iri for row in select(store, sparql) if (iri := iri_of(row["claim"]))]


def load_claims(store: Store, claim_iris: Iterable[str]) -> list[ClaimView]:
    """The claims with their linked resources labelled, sorted by date and figure."""
    iris = sorted(set(claim_iris))
    facts = outgoing(store, iris)
    linked = {
        target
        for claim in iris
        for predicate in _LINKED
        for term in facts.get(claim, {}).get(str(predicate), [])
        if (target := iri_of(term))
    }
    conflicts = _conflict_pairs(store, iris)
    named = labels(store, [*iris, *linked, *(b for pair in conflicts for b in pair)])
    numbers = footnote_numbers(store, linked)
    views = [_view(iri, facts.get(iri, {}), named, numbers, conflicts) for iri in iris]
    return sorted(views, key=claim_order)


def claim_order(claim: ClaimView) -> tuple[str, int, str]:
    """Claims ordered by date as of which they hold, then by figure, then by label."""
    return (claim.as_of or "", claim.amount if claim.amount is not None else -1, claim.node.label)


def _view(
    iri: str,
    facts: Mapping[str, list[Term]],
    named: Mapping[str, str],
    numbers: Mapping[str, int],
    conflicts: set[tuple[str, str]],
) -> ClaimView:
    """Assemble one claim's view from its triples."""

    def linked(predicate: object) -> list[Node]:
        return nodes((i for t in facts.get(str(predicate), []) if (i := iri_of(t))), named)

    def first(predicate: object) -> Node | None:
        found = linked(predicate)
        return found[0] if found else None

    types = {iri_of(term) for term in facts.get(str(RDF.type), [])}
    citations = [Footnote(numbers.get(n.iri), n) for n in linked(QO.citation)]
    return ClaimView(
        node=node(iri, named),
        kind="assertion" if ASSERTION_CLAIM in types else "figure",
        figure=figure_text(facts),
        amount=_amount(facts),
        figure_kind=first(QO.figureKind),
        category=first(QO.personCategory),
        concerns=linked(QO.concerns),
        claimants=linked(QO.claimant),
        about=linked(QO.about),
        as_of=first_text(facts, QO.asOf),
        statement=first_text(facts, QO.statement),
        asserts=linked(QO.assertsEvent),
        included_in=linked(QO.includedIn),
        citations=sorted(citations, key=lambda f: (f.number or 0, f.node.iri)),
        conflicts=nodes((b for a, b in conflicts if a == iri), named),
    )


def figure_text(facts: Mapping[str, list[Term]]) -> str | None:
    """The figure as the article gives it: 20, 6–7, 930+, more than 100, dozens, unknown."""
    value, low, high = (first_text(facts, p) for p in (QO.value, QO.minValue, QO.maxValue))
    more_than, vague = first_text(facts, QO.moreThan), first_text(facts, QO.vagueQuantity)
    kinds = {iri_of(term) for term in facts.get(str(QO.quantityKind), [])}
    if value is not None:
        return value
    if low is not None and high is not None:
        return f"{low}–{high}"
    if low is not None:
        return f"{low}+"
    if more_than is not None:
        return f"more than {more_than}"
    if vague is not None:
        return vague
    return "unknown" if str(QO.UnknownQuantity) in kinds else None


def _amount(facts: Mapping[str, list[Term]]) -> int | None:
    """The number a figure stands for when sorted or charted: its value or its lower bound."""
    for predicate in (QO.value, QO.minValue, QO.moreThan):
        text = first_text(facts, predicate)
        if text is not None and text.isdigit():
            return int(text)
    return None


def _conflict_pairs(store: Store, iris: list[str]) -> set[tuple[str, str]]:
    """(claim, other) for every qo:conflictsWith link of the claims, in both directions."""
    if not iris:
        return set()
    sparql = (
        f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {values(iris)} }} "
        f"{{ ?a <{QO.conflictsWith}> ?b }} UNION {{ ?b <{QO.conflictsWith}> ?a }} }}"
    )
    rows = select(store, sparql)
    return {(a, b) for row in rows if (a := iri_of(row["a"])) and (b := iri_of(row["b"]))}


def footnote_numbers(store: Store, iris: Iterable[str]) -> dict[str, int]:
    """Citation IRI -> footnote number, for whichever of the IRIs are citations."""
    wanted = values(iris)
    if not wanted:
        return {}
    sparql = f"SELECT ?c ?n WHERE {{ VALUES ?c {{ {wanted} }} ?c <{QO.footnoteNumber}> ?n }}"
    rows = select(store, sparql)
    return {
        iri: int(number)
        for row in rows
        if (iri := iri_of(row["c"])) and (number := text_of(row["n"])) and number.isdigit()
    }
