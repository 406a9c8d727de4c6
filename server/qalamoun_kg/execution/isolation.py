"""Query workers without network: each worker moves into a new, empty network namespace before
its first job, so no SERVICE clause, however it is spelled, can open a connection.

Linux only: `unshare(CLONE_NEWNET)` as root, with `CLONE_NEWUSER` otherwise (needs unprivileged
user namespaces). Where neither works the worker logs it and refuses every query that could
name SERVICE (`guard`), as queries run in the server process always are.
"""

from __future__ import annotations

import logging
import re

from qalamoun_kg.execution.jobs import Job, JobError, QueryJob
from qalamoun_kg.netns import drop_network, network_gone

log = logging.getLogger(__name__)
# SPARQL decodes \u and \U escapes anywhere in a query before parsing it, keywords included.
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def enter() -> bool:
    """Called once at worker start: drop the network; True when even loopback is gone."""
    if drop_network() and network_gone():
        return True
    log.warning("cannot isolate the query worker from the network; SERVICE will be refused")
    return False


def service_mentions(sparql: str) -> int:
    """How often the word "service" occurs in the text, in any case, escapes decoded, strings
    and comments included: at least the number of SERVICE clauses, however spelled."""
    text = sparql
    for _ in range(4):
        decoded = _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
        if decoded == text:
            break
        text = decoded
    return text.casefold().count("service")


def mentions_service(sparql: str) -> bool:
    """Whether the text could hold a SERVICE keyword in any spelling (deliberately coarse)."""
    return service_mentions(sparql) > 0


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
