"""Every exchange of the W3C Graph Store Protocol manifests (direct and indirect), one test each.

Direct identification maps the manifests' /gsp/… onto /rdf-graph-store/…, whose URL is the
graph's name. Cases a manifest defines without listing them in mf:entries run too.
"""

from __future__ import annotations

import pytest

from tests.support.live import Server
from tests.support.w3c import MISSING
from tests.w3c.manifest import Case, manifest, read_manifest
from tests.w3c.runner import run

pytestmark = pytest.mark.server
FILES = [manifest("gsp-manifest-direct.ttl"), manifest("gsp-manifest-indirect.ttl")]
CASES: list[Case] = [case for path in FILES if path.is_file() for case in read_manifest(path)]


@pytest.mark.skipif(not all(path.is_file() for path in FILES), reason=MISSING)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_graph_store(w3c_server: Server, case: Case) -> None:
    run(w3c_server, case)


@pytest.mark.skipif(not all(path.is_file() for path in FILES), reason=MISSING)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_graph_store_on_a_store_that_held_the_article(
    w3c_article_server: Server, case: Case
) -> None:
    run(w3c_article_server, case)
