"""Building the app for the web-UI tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from qalamoun_kg.store import Store

COMPETENCY = Path(__file__).parent.parent / "competency"


def make_app(store: Store, config: dict[str, Any] | None = None) -> Flask:
    """The project's app (`create_app`) once it exists, else one with the UI's own blueprints."""
    settings = {"TESTING": True, "QKG_EXAMPLES": str(COMPETENCY), **(config or {})}
    try:
        from qalamoun_kg.web import create_app  # type: ignore[attr-defined]
    except ImportError:
        from qalamoun_kg.web import resources, ui, views

        app = Flask(__name__)
        app.config.update(settings)
        for module in (ui, resources, views):
            app.register_blueprint(module.create_blueprint(store))
        return app
    made: Flask = create_app(store, settings)
    made.config.update(settings)
    return made
