"""The 94 W3C SPARQL 1.1 Update evaluation tests over HTTP, against a writable server whose store
held the project's data (each case starts with DROP ALL), and against an empty store."""

from __future__ import annotations

import pytest

from tests.support.live import Server
from tests.support.w3c import MISSING, W3C
from tests.w3c.update_suite import Endpoints, UpdateCase, play, read_cases

pytestmark = pytest.mark.server
FOLDER = W3C / "update"
CASES: list[UpdateCase] = read_cases(FOLDER) if FOLDER.is_dir() else []


@pytest.mark.skipif(not FOLDER.is_dir(), reason=MISSING)
def test_the_suite_has_94_cases() -> None:
    assert len(CASES) == 94


@pytest.mark.skipif(not FOLDER.is_dir(), reason=MISSING)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_update_on_a_store_that_held_the_article(
    w3c_article_server: Server, case: UpdateCase
) -> None:
    play(Endpoints.of(w3c_article_server), case)
