"""The load test runs only when asked for (`make load-test`, or `pytest -m load`)."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip `load` tests unless the marker expression names them or QKG_LOAD_TEST=1."""
    if "load" in (config.getoption("markexpr") or "") or os.environ.get("QKG_LOAD_TEST") == "1":
        return
    skip = pytest.mark.skip(reason="long load test: run it with `make load-test`")
    for item in items:
        if item.get_closest_marker("load"):
            item.add_marker(skip)
