"""A requests session that checks every connection where it is made: the host is asked of the
fetch policy again, and the socket goes only to the public addresses it approved, so a name
that resolves elsewhere by then (DNS rebinding) reaches nothing. HTTPS still verifies the name."""

from __future__ import annotations

import socket
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from qalamoun_kg.execution.fetch import FetchPolicy


def pinned_session(policy: FetchPolicy) -> requests.Session:
    """A session whose connections obey the policy (and ignore proxy settings)."""
    session = requests.Session()
    session.trust_env = False
    adapter = _PinnedAdapter(policy)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class _PinnedAdapter(HTTPAdapter):
    """Pools whose connections are made through the policy."""

    def __init__(self, policy: FetchPolicy) -> None:
        self.policy = policy
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _pool(HTTPConnectionPool, HTTPConnection, self.policy),
            "https": _pool(HTTPSConnectionPool, HTTPSConnection, self.policy),
        }


def _pool(pool: type[Any], connection: type[Any], policy: FetchPolicy) -> type[Any]:
    """A connection pool class whose connections check the policy when they connect."""

    class Checked(connection):
        def _new_conn(self) -> socket.socket:
            error: OSError | None = None
            for address in policy.connectable(self.host, self.port, "LOAD"):
                try:
                    return socket.create_connection((address, self.port), self.timeout)
                except OSError as failed:
                    error = failed
            raise error or OSError(f"cannot connect to {self.host}")

    return type(f"Checked{pool.__name__}", (pool,), {"ConnectionCls": Checked})
