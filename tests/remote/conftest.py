"""The remote fixtures for this folder (the root conftest may list them as a plugin instead)."""

from tests.remote.fixtures import (  # noqa: F401
    any_project_store,
    any_store,
    oxigraph_server,
    remote_project_store,
    remote_store,
)
