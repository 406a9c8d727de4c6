"""The conflicting-claims view: figures for the same event and category side by side."""

from __future__ import annotations

import dataclasses

from qalamoun_kg.namespaces import QO
from qalamoun_kg.presentation.claims import ClaimView, claim_order, claims_where, load_claims
from qalamoun_kg.presentation.model import Node
from qalamoun_kg.store import Store


@dataclasses.dataclass(frozen=True)
class ClaimGroup:
    """Figures about one event, of one kind (killed, wounded …) and category of people."""

    event: Node | None
    figure_kind: Node | None
    category: Node | None
    claims: list[ClaimView]

    @property
    def has_conflict(self) -> bool:
        """Whether two figures of the group are stated to conflict."""
        inside = {claim.node.iri for claim in self.claims}
        return any(other.iri in inside for claim in self.claims for other in claim.conflicts)

    @property
    def title(self) -> str:
        """E.g. "soldiers killed — Battle of Arsal"."""
        what = " ".join(n.label for n in (self.category, self.figure_kind) if n) or "figures"
        return f"{what} — {self.event.label}" if self.event else what


@dataclasses.dataclass(frozen=True)
class ConflictPair:
    """Two claims linked by qo:conflictsWith."""

    first: ClaimView
    second: ClaimView


@dataclasses.dataclass(frozen=True)
class Comparison:
    """Groups of comparable figures and the stated conflicts."""

    groups: list[ClaimGroup]
    pairs: list[ConflictPair]
    total: int


def compare_figures(store: Store, *, everything: bool = False) -> Comparison:
    """Figure claims grouped by event, kind and category; lone undisputed ones only if asked."""
    claims = load_claims(store, claims_where(store, f"?claim a <{QO.FigureClaim}> ."))
    grouped: dict[tuple[str, str, str], list[ClaimView]] = {}
    events: dict[str, Node] = {}
    for claim in claims:
        about: list[Node | None] = [*claim.about] or [None]
        for event in about:
            if event is not None:
                events[event.iri] = event
            key = (_iri(event), _iri(claim.figure_kind), _iri(claim.category))
            grouped.setdefault(key, []).append(claim)
    groups = [
        ClaimGroup(
            events.get(key[0]),
            members[0].figure_kind,
            members[0].category,
            sorted(members, key=claim_order),
        )
        for key, members in grouped.items()
    ]
    shown = [g for g in groups if everything or len(g.claims) > 1 or _disputed(g)]
    shown.sort(key=lambda g: (not g.has_conflict, g.title.casefold()))
    return Comparison(shown, _pairs(claims), len(claims))


def _iri(item: Node | None) -> str:
    """An optional node's IRI, "" for none."""
    return item.iri if item else ""


def _pairs(claims: list[ClaimView]) -> list[ConflictPair]:
    """Each conflicting pair once, in claim order."""
    by_iri = {claim.node.iri: claim for claim in claims}
    seen: set[frozenset[str]] = set()
    pairs: list[ConflictPair] = []
    for claim in claims:
        for other in claim.conflicts:
            key = frozenset((claim.node.iri, other.iri))
            if other.iri in by_iri and key not in seen:
                seen.add(key)
                pairs.append(ConflictPair(claim, by_iri[other.iri]))
    return pairs


def _disputed(group: ClaimGroup) -> bool:
    """Whether any figure of the group conflicts with another, in the group or not."""
    return any(claim.conflicts for claim in group.claims)
