"""Query workers without network: each worker moves into a new, empty network namespace before
its first job, so no SERVICE clause, however it is spelled, can open a connection.

Linux only: `unshare(CLONE_NEWNET)` as root, with `CLONE_NEWUSER` otherwise (needs unprivileged
user namespaces). Where neither works the worker logs it and refuses every query that could
name SERVICE (`guard`), as queries run in the server process always are.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import re
import socket
import sys
from contextlib import suppress
from pathlib import Path

from qalamoun_kg.execution.jobs import Job, JobError, QueryJob

log = logging.getLogger(__name__)
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
# SPARQL decodes \u and \U escapes anywhere in a query before parsing it, keywords included.
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def enter() -> bool:
    """Called once at worker start: drop the network; True when even loopback is gone."""
    if drop_network() and network_gone():
        return True
    log.warning("cannot isolate the query worker from the network; SERVICE will be refused")
    return False


def drop_network() -> bool:
    """Move this (single-threaded) process into a new network namespace; False when refused."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    if libc.unshare(CLONE_NEWNET) == 0:
        return True
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        return False
    _map_ids(uid, gid)
    return True


def _map_ids(uid: int, gid: int) -> None:
    """Keep the same user and group ids inside the new user namespace (files stay readable)."""
    maps = (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1"))
    for name, text in maps:
        with suppress(OSError):
            Path("/proc/self", name).write_text(text, encoding="ascii")


def network_gone() -> bool:
    """Whether even loopback is unreachable from this process (the proof isolation took)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        code = probe.connect_ex(("127.0.0.1", 9))
    return code == errno.ENETUNREACH


def mentions_service(sparql: str) -> bool:
    """Whether the text could hold a SERVICE keyword in any spelling: a deliberately coarse
    test on the whole text, escapes decoded, strings and comments included."""
    text = sparql
    for _ in range(4):
        decoded = _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
        if decoded == text:
            break
        text = decoded
    return "service" in text.casefold()


def guard(job: Job, active: bool) -> None:
    """Where no isolation holds (active), refuse a query that could name SERVICE (400)."""
    if active and isinstance(job, QueryJob) and mentions_service(job.sparql):
        raise JobError(
            400,
            "SERVICE is not available on this server: queries run without network isolation "
            "here, so a query containing the word 'service' is refused (run with query "
            "workers on Linux, or list hosts with --allow-fetch)",
        )


def failure(error: Exception, job: Job) -> JobError:
    """The answer to an unexpected error: 502 when a query's SERVICE call failed, else 500."""
    if isinstance(error, OSError) and isinstance(job, QueryJob) and mentions_service(job.sparql):
        return JobError(502, f"a SERVICE call failed: {error}")
    log.error("query failed", exc_info=error)
    return JobError(500, "internal error while answering the query")
