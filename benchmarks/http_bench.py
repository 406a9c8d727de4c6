"""SPARQL over HTTP, measured: server processes, the query mix, and concurrent clients.

A cell sends the mix from N client threads (each with its own keep-alive connection) for a
fixed time, and reports throughput and latency percentiles. Every server is asked the same
way: SPARQL protocol POST, form-encoded, JSON results. Loopback only. Given a reference
(`answers.Reference`), every answer is checked against it: a wrong answer is not a success.
`python benchmarks/http_bench.py URL [--reference URL] [--clients 1 4 16] [--seconds 5]`
measures one endpoint.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from answers import Reference

ROOT = Path(__file__).resolve().parent.parent
COMPETENCY_DIR = ROOT / "tests" / "competency"
AGGREGATES_DIR = Path(__file__).resolve().parent / "queries"
ACCEPT = "application/sparql-results+json"
START_TIMEOUT = 600.0


@dataclass(frozen=True)
class Query:
    """One query of the mix: its name, its text and its group (competency or aggregate)."""

    name: str
    text: str
    group: str


def query_mix(groups: Sequence[str] = ("competency", "aggregate")) -> list[Query]:
    """The fixed mix: the competency questions and the aggregates of `benchmarks/queries/`."""
    mix: list[Query] = []
    if "competency" in groups:
        mix.extend(_queries(COMPETENCY_DIR, "[0-9][0-9]-*.rq", "competency"))
    if "aggregate" in groups:
        mix.extend(_queries(AGGREGATES_DIR, "*.rq", "aggregate"))
    return mix


def _queries(folder: Path, pattern: str, group: str) -> list[Query]:
    """The queries of one folder, sorted by file name."""
    return [
        Query(path.stem, path.read_text(encoding="utf-8"), group)
        for path in sorted(folder.glob(pattern))
    ]


@dataclass(frozen=True)
class Sample:
    """One request: which query, how long it took, whether it succeeded with the right answer."""

    query: str
    seconds: float
    ok: bool
    wrong: bool = False


@dataclass
class Cell:
    """The outcome of one (server, data, mix, clients) measurement."""

    server: str
    dataset: str
    mix: str
    clients: int
    wall: float
    samples: list[Sample] = field(default_factory=list)

    @property
    def succeeded(self) -> list[float]:
        """Latencies of the successful requests."""
        return [s.seconds for s in self.samples if s.ok]

    @property
    def errors(self) -> int:
        """Failed, timed-out or wrongly answered requests."""
        return sum(1 for s in self.samples if not s.ok)

    @property
    def wrong(self) -> int:
        """Requests answered 200 with an answer that differs from the reference."""
        return sum(1 for s in self.samples if s.wrong)

    @property
    def throughput(self) -> float:
        """Successful requests per second of wall time."""
        return len(self.succeeded) / self.wall if self.wall > 0 else 0.0

    def percentile(self, fraction: float) -> float | None:
        """A latency percentile in seconds (None without successful requests)."""
        values = sorted(self.succeeded)
        if not values:
            return None
        index = min(len(values) - 1, max(0, round(fraction * (len(values) - 1))))
        return values[index]

    def per_query_median(self) -> dict[str, float]:
        """Median latency of each query, in seconds."""
        by_query: dict[str, list[float]] = {}
        for sample in self.samples:
            if sample.ok:
                by_query.setdefault(sample.query, []).append(sample.seconds)
        return {name: statistics.median(values) for name, values in by_query.items()}

    def summary(self) -> dict[str, object]:
        """A JSON-ready summary (no raw samples)."""
        return {
            "server": self.server,
            "dataset": self.dataset,
            "mix": self.mix,
            "clients": self.clients,
            "requests": len(self.samples),
            "errors": self.errors,
            "wrong_answers": self.wrong,
            "wall_s": round(self.wall, 3),
            "throughput_rps": round(self.throughput, 3),
            "p50_ms": _ms(self.percentile(0.5)),
            "p99_ms": _ms(self.percentile(0.99)),
            "per_query_p50_ms": {k: _ms(v) for k, v in sorted(self.per_query_median().items())},
        }


def _ms(seconds: float | None) -> float | None:
    """Seconds as milliseconds rounded to 0.01."""
    return None if seconds is None else round(seconds * 1000, 2)


def run_cell(
    url: str,
    mix: Sequence[Query],
    clients: int,
    *,
    seconds: float,
    timeout: float = 120.0,
    max_requests: int | None = None,
    labels: tuple[str, str, str] = ("server", "data", "mix"),
    reference: Reference | None = None,
) -> Cell:
    """Send the mix from `clients` threads for `seconds` (a request under way finishes); each
    answer is checked against the reference when there is one."""
    cell = Cell(labels[0], labels[1], labels[2], clients, 0.0)
    lock = threading.Lock()
    budget = [max_requests if max_requests is not None else sys.maxsize]
    deadline = time.perf_counter() + seconds
    threads = [
        threading.Thread(
            target=_client,
            args=(url, mix, offset, deadline, timeout, cell.samples, lock, budget, reference),
            daemon=True,
        )
        for offset in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cell.wall = time.perf_counter() - started
    return cell


def _client(
    url: str,
    mix: Sequence[Query],
    offset: int,
    deadline: float,
    timeout: float,
    samples: list[Sample],
    lock: threading.Lock,
    budget: list[int],
    reference: Reference | None,
) -> None:
    """One client: cycle through the mix from its own starting point until the deadline."""
    parts = urlsplit(url)
    path = parts.path or "/"
    connection = _connect(parts.hostname or "127.0.0.1", parts.port or 80, timeout)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT}
    index = offset * max(1, len(mix) // 4)
    while time.perf_counter() < deadline:
        with lock:
            if budget[0] <= 0:
                break
            budget[0] -= 1
        query = mix[index % len(mix)]
        index += 1
        started = time.perf_counter()
        wrong = False
        try:
            connection.request("POST", path, urlencode({"query": query.text}), headers)
            response = connection.getresponse()
            body = response.read()
            seconds = time.perf_counter() - started
            ok = response.status == 200
            if ok and reference is not None and not reference.check(query.name, body):
                ok, wrong = False, True
        except (OSError, http.client.HTTPException):
            ok, seconds = False, time.perf_counter() - started
            connection.close()
            connection = _connect(parts.hostname or "127.0.0.1", parts.port or 80, timeout)
        with lock:
            samples.append(Sample(query.name, seconds, ok, wrong))
    connection.close()


def _connect(host: str, port: int, timeout: float) -> http.client.HTTPConnection:
    """A keep-alive connection (opened on first use)."""
    return http.client.HTTPConnection(host, port, timeout=timeout)


# -- server processes ------------------------------------------------------------------------


@dataclass
class Server:
    """A server process we started, its query URL and how long it took to answer first."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    first_answer_s: float = 0.0


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(
    name: str,
    command: Sequence[str],
    url: str,
    log: Path,
    *,
    env: dict[str, str] | None = None,
    timeout: float = START_TIMEOUT,
) -> Server:
    """Start a server and wait until it answers `ASK {}`; time from start to that answer."""
    handle = log.open("wb")
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        stdout=handle,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )
    handle.close()
    server = Server(name, url, process, log)
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{name} exited with {process.returncode}:\n{tail}")
        if ask(url):
            server.first_answer_s = time.perf_counter() - started
            return server
        time.sleep(0.02)
    stop_server(server)
    raise RuntimeError(f"{name} did not answer within {timeout:.0f} s (log: {log})")


def ask(url: str, query: str = "ASK {}", timeout: float = 5.0) -> bool:
    """Whether the endpoint answers a query with 200 right now."""
    return answer(url, query, timeout) is not None


def answer(url: str, query: str, timeout: float = 5.0) -> bytes | None:
    """The body of the endpoint's 200 answer to a query, or None when it fails."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT}
        connection.request("POST", parts.path or "/", urlencode({"query": query}), headers)
        response = connection.getresponse()
        body = response.read()
        return body if response.status == 200 else None
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


def reference_answers(url: str, mix: Sequence[Query], timeout: float = 300.0) -> Reference:
    """Every query's answer from a reference endpoint (raises when it fails one)."""
    reference = Reference()
    for query in mix:
        body = answer(url, query.text, timeout)
        if body is None:
            raise RuntimeError(f"the reference {url} failed {query.name}")
        reference.set(query.name, query.text, body)
    return reference


def timed_query(url: str, query: str, timeout: float = 600.0) -> float:
    """Seconds one query takes (raises if it fails)."""
    started = time.perf_counter()
    if not ask(url, query, timeout):
        raise RuntimeError(f"query failed at {url}")
    return time.perf_counter() - started


def stop_server(server: Server) -> None:
    """Stop a server we started (its process only) and wait for it."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def main(argv: list[str] | None = None) -> None:
    """Measure one running endpoint with the mix."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url", help="SPARQL query endpoint, e.g. http://127.0.0.1:7878/query")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--aggregates", action="store_true", help="only the aggregate queries")
    parser.add_argument("--reference", help="endpoint whose answers every answer must equal")
    args = parser.parse_args(argv)
    mix = query_mix(("aggregate",) if args.aggregates else ("competency", "aggregate"))
    reference = reference_answers(args.reference, mix) if args.reference else None
    for clients in args.clients:
        cell = run_cell(args.url, mix, clients, seconds=args.seconds, reference=reference)
        summary = cell.summary()
        print(
            f"{clients:3d} clients: {summary['throughput_rps']} req/s, "
            f"p50 {summary['p50_ms']} ms, p99 {summary['p99_ms']} ms, "
            f"{summary['errors']} errors ({summary['wrong_answers']} wrong answers) "
            f"of {summary['requests']}"
        )


if __name__ == "__main__":
    main()
