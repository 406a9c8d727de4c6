"""Every exchange of the W3C SPARQL 1.1 Protocol manifest, one test each."""

from __future__ import annotations

import pytest

from tests.support.live import Server
from tests.support.w3c import MISSING
from tests.w3c.manifest import Case, manifest, read_manifest
from tests.w3c.runner import run

pytestmark = pytest.mark.server
PATH = manifest("protocol-manifest.ttl")
CASES: list[Case] = read_manifest(PATH) if PATH.is_file() else []


@pytest.mark.skipif(not PATH.is_file(), reason=MISSING)
def test_manifest_has_the_34_cases() -> None:
    assert len(CASES) == 34


@pytest.mark.skipif(not PATH.is_file(), reason=MISSING)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_protocol(w3c_server: Server, case: Case) -> None:
    run(w3c_server, case)


@pytest.mark.skipif(not PATH.is_file(), reason=MISSING)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_protocol_on_a_store_that_held_the_article(w3c_article_server: Server, case: Case) -> None:
    run(w3c_article_server, case)
