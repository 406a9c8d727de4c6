"""Which remote endpoints SERVICE and LOAD may reach: hosts on the `--allow-fetch` list that
resolve only to public addresses. Everything else is refused before any request is made.

LOAD checks again when it connects and connects only to the addresses it checked. A SERVICE
target is checked when the request arrives; the engine resolves the name again when it
connects, so DNS rebinding is not covered there: list only hosts you trust.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from qalamoun_kg.errors import QkgError
from qalamoun_kg.execution.isolation import service_mentions
from qalamoun_kg.execution.lexical import code
from qalamoun_kg.namespaces import PREFIXES

_PREFIX_DECL = re.compile(r"PREFIX\s+([\w\-.]*):\s*(<[^>]*>)", re.IGNORECASE)
# `?o.SERVICE` is a variable, a dot and the keyword; a letter, `:`, `?` or `$` makes it a name.
_SERVICE = re.compile(
    r"(?<![\w:?$\-])SERVICE\s+(?:SILENT\s+)?"
    r"(<[^>]*>|[?$]\w+|[\w\-.]*:(?:[\w\-.:%]|\\[_~.\-!$&'()*+,;=/?#@%])*)",
    re.IGNORECASE,
)
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESCAPE = re.compile(r"\\(.)")


class FetchRefused(QkgError):
    """A SERVICE or LOAD target the server will not contact."""


@dataclass(frozen=True)
class FetchPolicy:
    """The hosts remote requests may go to (none by default)."""

    hosts: frozenset[str] = frozenset()

    @classmethod
    def of(cls, hosts: Iterable[str]) -> FetchPolicy:
        """A policy allowing the given host names."""
        return cls(frozenset(h.strip().lower().rstrip(".") for h in hosts if h.strip()))

    def check(self, what: str, iri: str | None) -> None:
        """Raise `FetchRefused` unless the target may be contacted."""
        if iri is None:
            raise FetchRefused(f"{what} with a variable endpoint is not allowed")
        parts = urlsplit(iri)
        host = (parts.hostname or "").lower().rstrip(".")
        if parts.scheme not in ("http", "https") or not host:
            raise FetchRefused(f"{what} <{iri}>: only http(s) URLs can be fetched")
        self._approved(host, parts.port or (443 if parts.scheme == "https" else 80), what)

    def connectable(self, host: str, port: int, what: str = "a fetch") -> list[str]:
        """The addresses of an allowed host, all public; `FetchRefused` otherwise. Asked again
        when LOAD connects, which then uses only these addresses (no DNS rebinding)."""
        return self._approved(host, port, what)

    def _approved(self, host: str, port: int, what: str) -> list[str]:
        """The public addresses of a listed host, or `FetchRefused`."""
        host = host.lower().rstrip(".")
        if host not in self.hosts:
            allowed = ", ".join(sorted(self.hosts)) or "none"
            raise FetchRefused(
                f"{what} to {host} is not allowed: it is not on the --allow-fetch list "
                f"(allowed: {allowed})"
            )
        addresses = _addresses(host, port)
        for address in addresses:
            if not _public(address):
                raise FetchRefused(
                    f"{what} to {host} is not allowed: it resolves to the non-public "
                    f"address {address}"
                )
        return addresses


def check_service_targets(policy: FetchPolicy, sparql: str, own_host: str) -> None:
    """With an allowlist, query workers have network: refuse a query unless the scan found a
    target for every occurrence of the word "service" (a clause it cannot read is refused, not
    missed), every target is allowed, and none is this server itself."""
    targets = service_targets(sparql)
    if policy.hosts and service_mentions(sparql) != len(targets):
        raise FetchRefused(
            "SERVICE is allowed only as SERVICE <http(s)://host/…> or a prefixed name of such "
            "an IRI; the word 'service' may appear nowhere else in a federated query"
        )
    own = urlsplit(f"//{own_host}").hostname
    for target in targets:
        policy.check("SERVICE", target)
        if target is not None and urlsplit(target).hostname == own:
            raise FetchRefused(f"SERVICE <{target}> is this server itself")


def _addresses(host: str, port: int) -> list[str]:
    """Every address a host name resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise FetchRefused(f"cannot resolve {host}: {error.strerror or error}") from error
    return sorted({str(info[4][0]) for info in infos})


def _public(address: str) -> bool:
    """Whether an address is globally routable (not private, loopback, link-local, reserved)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local)


def service_targets(sparql: str) -> list[str | None]:
    """The endpoints a query's SERVICE clauses name (None for a variable or unresolvable name)."""
    text = code(sparql)
    prefixes = dict(PREFIXES)
    prefixes.update({m.group(1): _iri(m.group(2)) for m in _PREFIX_DECL.finditer(text)})
    targets: list[str | None] = []
    for match in _SERVICE.finditer(text):
        token = match.group(1)
        if token.startswith("<"):
            targets.append(_iri(token))
        elif token[0] in "?$":
            targets.append(None)
        else:
            prefix, _, local = token.partition(":")
            namespace = prefixes.get(prefix)
            local = _LOCAL_ESCAPE.sub(r"\1", local)
            targets.append(None if namespace is None else namespace + local)
    return targets


def _iri(token: str) -> str:
    """The IRI of a `<…>` token, its \\u and \\U escapes decoded."""
    return _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token[1:-1])
