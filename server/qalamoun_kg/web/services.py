"""What the blueprints share: the store, the settings, the query executor and the writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask

from qalamoun_kg.execution import Executor
from qalamoun_kg.execution.fetch import FetchPolicy
from qalamoun_kg.store.base import Store
from qalamoun_kg.updates.writer import Writer
from qalamoun_kg.web.admission import Admission
from qalamoun_kg.web.config import DEFAULT_QUEUE, ServerConfig

EXTENSION = "qkg"


@dataclass
class Services:
    """The server's parts, built once by `create_app`."""

    store: Store
    config: ServerConfig
    executor: Executor
    writer: Writer
    fetch: FetchPolicy
    memo: dict[str, Any] = field(default_factory=dict)
    admission: Admission = field(default_factory=lambda: Admission(DEFAULT_QUEUE))

    def close(self) -> None:
        """Stop the query workers and delete their checkpoints."""
        self.executor.close()


def services_of(app: Flask) -> Services:
    """The services of an app made by `create_app`."""
    found: Services = app.extensions[EXTENSION]
    return found
