"""Every write is bounded: an update or a Graph Store write that runs past --timeout (parsing,
evaluation, validation, inference) is refused whole with 503, the store is unchanged, and the
write lock is free again for the next writer."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from qalamoun_kg.execution.run import Deadline
from qalamoun_kg.updates.limit import WriteTimeout, bounded, time_limit
from tests.hardening.livekg import start_server
from tests.support.live import Server, store_digest

pytestmark = pytest.mark.server

LIMIT = 2.0
# Generous: time to notice the deadline and answer, on a busy shared machine.
SLACK = 8.0
BIG_VALUES = (
    "INSERT { ?x <urn:p> 1 } WHERE { VALUES ?x { "
    + " ".join(f"<urn:x{i}>" for i in range(100_000))
    + " } }"
)
BIG_BODY = "".join(
    f'<urn:s{i}> <http://www.w3.org/2000/01/rdf-schema#label> "label {i}" .\n'
    for i in range(150_000)
)


@pytest.fixture(scope="module")
def limited(
    loaded_store: Path, frozen_sources: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A writable server whose writes have LIMIT seconds."""
    workdir = tmp_path_factory.mktemp("limited")
    live = start_server(loaded_store, frozen_sources, workdir, "--timeout", f"{LIMIT:g}")
    yield live
    live.stop()
    live.assert_clean_log()


def _small_write(server: Server) -> requests.Response:
    """A tiny valid update, which must not wait for the refused one."""
    return requests.post(
        server.sparql,
        data=b"INSERT DATA { GRAPH <urn:small> { <urn:a> <urn:b> 1 } }",
        headers={"Content-Type": "application/sparql-update", **server.auth},
        timeout=60,
    )


@pytest.mark.parametrize(
    ("name", "method", "path", "media", "body"),
    [
        ("100k-term VALUES update", "POST", "/sparql", "application/sparql-update", BIG_VALUES),
        (
            "150k-triple graph store PUT",
            "PUT",
            "/rdf-graph-store?graph=urn:big",
            "text/turtle",
            BIG_BODY,
        ),
    ],
)
def test_a_write_past_its_limit_is_refused_whole(
    limited: Server, name: str, method: str, path: str, media: str, body: str
) -> None:
    before = store_digest(limited.store)
    started = time.monotonic()
    response = requests.request(
        method,
        limited.url + path,
        data=body.encode(),
        headers={"Content-Type": media, **limited.auth},
        timeout=120,
    )
    seconds = time.monotonic() - started
    assert response.status_code == 503, (name, response.status_code, response.text[:300])
    assert "refused whole" in response.text and response.headers.get("Retry-After")
    assert seconds < LIMIT + SLACK, f"{name} answered after {seconds:.1f} s"
    assert store_digest(limited.store) == before
    started = time.monotonic()
    assert _small_write(limited).status_code == 200
    assert time.monotonic() - started < LIMIT + SLACK


def test_the_interruption_never_escapes_the_block() -> None:
    """The deadline passes at every point around the end of the block (in the body, while an
    exception leaves it, in `__exit__`): the result is the block's own outcome or WriteTimeout,
    and nothing is raised afterwards."""
    outcomes: dict[str, int] = {}

    @bounded
    def block(attempt: int, seconds: float) -> None:
        stop = time.monotonic() + seconds + (attempt % 30 - 15) * 0.0005
        with time_limit(Deadline(seconds)):
            while time.monotonic() < stop:
                pass
            if attempt % 2:
                raise ValueError("the block's own error")

    for attempt in range(300):
        try:
            block(attempt, 0.06)
            outcome = "finished"
        except WriteTimeout:
            outcome = "timeout"
        except ValueError:
            outcome = "own error"
        until = time.monotonic() + 0.01
        while time.monotonic() < until:  # a stray interruption would be raised here
            pass
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert outcomes.get("timeout") and (outcomes.get("finished") or outcomes.get("own error"))
