"""Building the app for the web-UI tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from qalamoun_kg.store import Store
from qalamoun_kg.web import ServerConfig, create_app

COMPETENCY = Path(__file__).parent.parent / "competency"


def make_app(store: Store, config: dict[str, Any] | None = None) -> Flask:
    """The project's app over a store, with the gallery read from tests/competency."""
    app = create_app(store, ServerConfig(workers=1))
    app.config.update({"TESTING": True, "QKG_EXAMPLES": str(COMPETENCY), **(config or {})})
    return app
