"""Settings of the SPARQL server, as `qkg serve` reads them from its options."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_BODY = 16 * 1024 * 1024
DEFAULT_WORKERS = 2
DEFAULT_QUEUE = 8


@dataclass(frozen=True)
class ServerConfig:
    """What the server allows: writes (with a token), time, rows, body size, remote fetches."""

    writable: bool = False
    token: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_body: int = DEFAULT_MAX_BODY
    allow_fetch: tuple[str, ...] = ()
    workers: int = DEFAULT_WORKERS
    base_url: str | None = None
    trusted_hosts: tuple[str, ...] = ()
    queue: int = DEFAULT_QUEUE

    def __post_init__(self) -> None:
        if self.writable and not self.token:
            raise ValueError("a writable server needs a token")
