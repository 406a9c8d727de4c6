"""The competency queries give the article's answers through the remote backend too."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions

from qalamoun_kg.store import Store
from tests import test_competency as competency

pytestmark = pytest.mark.server


@pytest.mark.parametrize("path", competency.QUERY_FILES, ids=competency.query_number)
def test_competency_query_through_remote_store(remote_project_store: Store, path: Path) -> None:
    """The query, sent to `oxigraph serve` through `RemoteStore`, gives the expected answer."""
    solutions = remote_project_store.query(path.read_text(encoding="utf-8"))
    assert isinstance(solutions, QuerySolutions)
    number = competency.query_number(path)
    rows = competency.rows_from_solutions(solutions)
    assert competency.ANSWERS[number](rows) == competency.EXPECTED[number]


def test_remote_store_holds_what_the_embedded_one_does(
    remote_project_store: Store, memory_store: Store
) -> None:
    """Loaded from the same sources, both backends hold the same graphs and counts."""
    assert remote_project_store.graphs() == memory_store.graphs()
    for graph in memory_store.graphs():
        assert remote_project_store.triple_count(graph.value) == memory_store.triple_count(
            graph.value
        )
