"""The --allow-fetch policy on its own, with no name server needed: IP literals and the
reserved `.invalid` names (RFC 2606) decide every case, so each assertion checks the same thing
on a machine with or without DNS."""

from __future__ import annotations

import pytest

from qalamoun_kg.execution.fetch import FetchPolicy, FetchRefused

PUBLIC = "93.184.216.34"  # a global unicast address, written as an IP literal (no lookup)


def refusal(policy: FetchPolicy, iri: str | None) -> str:
    """The message of the refusal the policy gives for a SERVICE target."""
    with pytest.raises(FetchRefused) as caught:
        policy.check("SERVICE", iri)
    return str(caught.value)


def test_nothing_is_allowed_by_default() -> None:
    assert "not on the --allow-fetch list (allowed: none)" in refusal(
        FetchPolicy(), f"http://{PUBLIC}/sparql"
    )


def test_a_public_address_not_on_the_list_is_refused_before_any_lookup() -> None:
    policy = FetchPolicy.of(["example.org"])
    assert "not on the --allow-fetch list" in refusal(policy, f"http://{PUBLIC}/sparql")
    # A name that can never resolve: the list is checked first, so the reason is the list.
    message = refusal(policy, "https://query.wikidata.invalid/sparql")
    assert "query.wikidata.invalid" in message and "not on the --allow-fetch list" in message


def test_a_listed_public_address_is_allowed() -> None:
    FetchPolicy.of([PUBLIC, "example.org"]).check("SERVICE", f"http://{PUBLIC}:8080/sparql")
    FetchPolicy.of([f" {PUBLIC.upper()}. "]).check("LOAD", f"https://{PUBLIC}/data.ttl")


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "fe80::1"]
)
def test_a_listed_non_public_address_is_refused(address: str) -> None:
    host = f"[{address}]" if ":" in address else address
    message = refusal(FetchPolicy.of([address]), f"http://{host}/sparql")
    assert "non-public address" in message


def test_a_listed_name_that_does_not_resolve_is_refused() -> None:
    message = refusal(FetchPolicy.of(["nothing.invalid"]), "http://nothing.invalid/sparql")
    assert "cannot resolve nothing.invalid" in message


@pytest.mark.parametrize(
    "iri", [None, "file:///etc/passwd", f"ftp://{PUBLIC}/x", "http:///no-host", "urn:x:y"]
)
def test_variables_and_other_schemes_are_refused(iri: str | None) -> None:
    refusal(FetchPolicy.of([PUBLIC]), iri)
