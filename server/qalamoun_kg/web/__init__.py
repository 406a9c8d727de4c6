"""The web layer: `create_app(store, config)` and its blueprints (see `app`)."""

from qalamoun_kg.web.app import close_app, create_app
from qalamoun_kg.web.config import ServerConfig

__all__ = ["ServerConfig", "close_app", "create_app"]
