"""Kinds of entity, to tell whether a Wikidata item's "instance of" (P31) fits one of our classes.

Wikidata's classes are compared by their English labels (fetched with the item), not by
hard-coded class IDs: "sovereign state" fits a country, "militant group" an armed group.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Classes shared by unrelated kinds (a person and a party are both actors).
TOO_GENERAL = frozenset({"qo:Actor", "qo:Place", "qo:Event"})


@dataclass(frozen=True)
class Kind:
    """A kind: the classes it covers (most specific first wins) and words of fitting P31 labels."""

    name: str
    classes: tuple[str, ...]
    words: tuple[str, ...]


def _words(text: str) -> tuple[str, ...]:
    """Comma-separated words and phrases."""
    return tuple(word.strip() for word in text.split(",") if word.strip())


_ORGANIZATIONS = "organization, organisation, group, party, movement, agency"
KINDS: tuple[Kind, ...] = (
    Kind("person", ("qo:Person",), _words("human, person")),
    Kind("country", ("qo:Country", "qo:State"), _words("country, state")),
    Kind(
        "settlement",
        ("qo:Settlement",),
        _words("city, town, village, settlement, capital, municipality, metropolis"),
    ),
    Kind(
        "armed force",
        ("qo:ArmedForce",),
        _words(f"army, armed forces, military, air force, military branch, {_ORGANIZATIONS}"),
    ),
    Kind(
        "security force",
        ("qo:SecurityForce",),
        _words(f"police, security, law enforcement, {_ORGANIZATIONS}"),
    ),
    Kind(
        "armed group",
        ("qo:ArmedGroup",),
        _words(f"militant, militia, armed, rebel, terrorist, insurgent, {_ORGANIZATIONS}"),
    ),
    Kind(
        "media",
        ("qo:MediaOrganization",),
        _words(
            "newspaper, news, broadcaster, television, channel, media, publisher, wiki, "
            f"company, website, {_ORGANIZATIONS}"
        ),
    ),
    Kind("organization", ("qo:Organization",), _words(f"company, force, {_ORGANIZATIONS}")),
    Kind(
        "place",
        ("qo:Place",),
        _words(
            "mountain, range, region, district, border, hill, plain, building, area, location, "
            "geographic, city, town, village, checkpoint, country"
        ),
    ),
    Kind(
        "conflict or event",
        ("qo:Conflict", "qo:Event"),
        _words(
            "war, conflict, battle, offensive, operation, siege, clash, attack, campaign, event, "
            "spillover, insurgency, ambush, ceasefire"
        ),
    ),
)


def kind_of(types: Iterable[str]) -> Kind | None:
    """The most specific kind among an entity's classes (closed over superclasses)."""
    have = set(types)
    return next((kind for kind in KINDS if have & set(kind.classes)), None)


def fits(kind: Kind, class_labels: Iterable[str]) -> bool:
    """Whether any P31 class label contains a word of the kind (as whole words)."""
    text = " | ".join(label.lower() for label in class_labels)
    return any(re.search(rf"\b{re.escape(word)}\b", text) for word in kind.words)


def compatible(types_a: Iterable[str], types_b: Iterable[str]) -> bool:
    """Whether two class sets (closed over superclasses) share a class below the top ones."""
    shared = set(types_a) & set(types_b)
    return bool(shared - TOO_GENERAL)
