"""`qkg link NAME|FILE [--write] [--online]` and `qkg link --verify --online`.

Proposes Wikidata IDs for a name, or for every actor, place, event and conflict of a file of
new triples that has no Wikidata link; `--write` adds the auto-matched links (with the file's
triples) through the validated load path. `--verify` checks the graph's links against Wikidata.
Exit status: 0 done; 1 `--write` refused by the shapes, or `--verify` found a mismatch;
2 usage or input errors, including `--verify` without `--online` (nothing can be checked).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from qalamoun_kg.commands.options import store_option
from qalamoun_kg.errors import InputError
from qalamoun_kg.store import Store

if TYPE_CHECKING:
    from qalamoun_kg.linking.link import Linker, Proposal, Target
    from qalamoun_kg.linking.verify import Check

ONLINE_ENV = "QKG_WIKIDATA_ONLINE"
EXIT_REFUSED = 1


@click.command("link")
@click.argument("subject", metavar="NAME|FILE", required=False)
@click.option("--write", is_flag=True, help="Add the auto-matched owl:sameAs links (validated).")
@click.option(
    "--online",
    is_flag=True,
    envvar=ONLINE_ENV,
    help=f"Also ask Wikidata's API ($QKG_WIKIDATA_API; also on with ${ONLINE_ENV}=1).",
)
@click.option("--verify", is_flag=True, help="Check the graph's Wikidata links (needs --online).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True)
@click.option(
    "--column",
    metavar="NAME",
    help="The column of names in a CSV/TSV FILE (default: 'name', else the first).",
)
@store_option
def command(
    subject: str | None,
    write: bool,
    online: bool,
    verify: bool,
    fmt: str,
    limit: int,
    column: str | None,
    store: Store,
) -> None:
    """Propose Wikidata IDs for NAME, for the unlinked entities of an RDF FILE, or for the names
    of a CSV/TSV FILE (printed back with id, name, score, match and wikidata columns added);
    or --verify the graph's links."""
    if verify:
        if subject or write:
            raise InputError("--verify takes no NAME|FILE and no --write")
        _verify(store, online, fmt)
        return
    if not subject:
        raise InputError("give a NAME or a FILE of triples (or --verify)")
    from qalamoun_kg.linking.index import index_for
    from qalamoun_kg.linking.link import Linker

    linker = Linker(index_for(store), _client() if online else None)
    path = _file(subject)
    if path is None:
        _link_name(store, linker, subject, write, fmt, limit)
    elif _is_table(path):
        if write:
            raise InputError("--write needs a name or a file of triples, not a table of names")
        _link_table(linker, path, column, fmt, limit)
    else:
        _link_file(store, linker, path, write, fmt, limit)


def _client() -> Any:
    """A Wikidata client configured from the environment."""
    from qalamoun_kg.linking.wikidata import WikidataClient

    return WikidataClient()


def _file(subject: str) -> Path | None:
    """The argument as a file if one exists by that name; a folder is an input error."""
    path = Path(subject)
    if path.is_dir():
        raise InputError("give a file of triples or a name, not a folder", path=subject)
    return path if path.is_file() else None


def _link_name(store: Store, linker: Linker, name: str, write: bool, fmt: str, limit: int) -> None:
    """Proposals for one name; with --write, link the graph entity the name auto-matches."""
    target = linker.target_for_name(name)
    proposals = linker.propose(target)
    _show([(target, proposals)], fmt, limit)
    if write:
        if target.iri is None:
            raise InputError(f"no entity of the graph auto-matches {name!r}; nothing written")
        if target.linked:
            click.echo(f"{target.label} is already linked to {', '.join(target.linked)}", err=True)
            return
        _write(store, [], [(target, proposals)])


def _is_table(path: Path) -> bool:
    """Whether FILE is a CSV/TSV of names."""
    from qalamoun_kg.linking.table import is_table

    return is_table(path)


def _link_table(linker: Linker, path: Path, column: str | None, fmt: str, limit: int) -> None:
    """The table with the added columns (same delimiter), or every name's proposals as JSON."""
    from qalamoun_kg.linking.table import link_table, read_table, write_table

    table = read_table(path, column)
    if fmt == "json":
        names = [row[table.column] for row in table.rows if row[table.column].strip()]
        _show([(t, linker.propose(t)) for t in map(linker.target_for_name, names)], fmt, limit)
        return
    header, rows = link_table(linker, table)
    click.echo(write_table(header, rows, table.delimiter), nl=False)


def _link_file(store: Store, linker: Linker, path: Path, write: bool, fmt: str, limit: int) -> None:
    """Proposals for every unlinked entity of a file; with --write, load it with the links."""
    from qalamoun_kg.linking.link import file_targets
    from qalamoun_kg.linking.table import TABLE_SUFFIXES
    from qalamoun_kg.validation.inputs import EXTENSIONS, read_triples

    if path.suffix.lower() not in EXTENSIONS:
        known = ", ".join(sorted({*EXTENSIONS, *TABLE_SUFFIXES}))
        raise InputError(
            f"cannot tell what the file holds from its extension; use one of {known} "
            "(a table of names, or triples)",
            path=str(path),
        )
    triples = read_triples([path])
    targets = [t for t in file_targets(triples, linker.index) if not t.linked]
    results = [(target, linker.propose(target)) for target in targets]
    _show(results, fmt, limit)
    if write:
        _write(store, triples, results)


def _write(store: Store, triples: list[Any], results: list[tuple[Target, list[Proposal]]]) -> None:
    """Validate and add the chosen links (with the file's triples); exit 1 if refused."""
    from qalamoun_kg.commands.validate import render
    from qalamoun_kg.linking.link import link_triples, write_links

    chosen = [(t.iri, p[0].qid) for t, p in results if t.iri and p and p[0].match]
    additions = triples + link_triples(chosen)
    if not additions:
        click.echo("no auto-matched link to write; nothing written", err=True)
        return
    report = write_links(store, additions)
    if not report.passes():
        click.echo(render(report, "text"), nl=False)
        click.echo("nothing was written", err=True)
        raise click.exceptions.Exit(EXIT_REFUSED)
    click.echo(f"wrote {len(chosen)} owl:sameAs link(s), {len(additions)} triples", err=True)


def _show(results: list[tuple[Target, list[Proposal]]], fmt: str, limit: int) -> None:
    """Print proposals as text or JSON."""
    if fmt == "json":
        rows = [_target_json(target, proposals[:limit]) for target, proposals in results]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not results:
        click.echo("no unlinked actor, place, event or conflict found")
    for target, proposals in results:
        click.echo(_target_text(target, proposals[:limit]))


def _target_text(target: Target, proposals: list[Proposal]) -> str:
    """A target and its proposals as text lines."""
    from qalamoun_kg.linking.link import kind_name

    head = f"{target.label} ({kind_name(target)})"
    if not proposals:
        return f"{head}: no proposal\n"
    lines = [f"{head}:"]
    for proposal in proposals:
        flag = "  auto-match" if proposal.match else ""
        lines.append(f"  {proposal.qid:<10} {proposal.score:5.1f}  {proposal.label}{flag}")
        lines.extend(f"             {reason}" for reason in proposal.reasons)
    return "\n".join(lines) + "\n"


def _target_json(target: Target, proposals: list[Proposal]) -> dict[str, Any]:
    """A target and its proposals as JSON."""
    return {
        "entity": target.iri,
        "names": list(target.names),
        "types": sorted(target.types),
        "proposals": [
            {
                "qid": p.qid,
                "label": p.label,
                "score": p.score,
                "match": p.match,
                "sources": list(p.sources),
                "reasons": list(p.reasons),
            }
            for p in proposals
        ],
    }


def _verify(store: Store, online: bool, fmt: str) -> None:
    """Check every Wikidata link; exit 1 on a mismatch, 2 when offline."""
    from qalamoun_kg.linking.verify import graph_links, verify_links

    if not online:
        count = len(graph_links(store))
        raise InputError(
            f"cannot check the graph's {count} Wikidata link(s) offline: run "
            f"`qkg link --verify --online` (or set {ONLINE_ENV}=1)"
        )
    checks = verify_links(store, _client())
    _show_checks(checks, fmt)
    if any(not check.ok for check in checks):
        raise click.exceptions.Exit(EXIT_REFUSED)


def _show_checks(checks: list[Check], fmt: str) -> None:
    """Print the verdicts as text or JSON."""
    if fmt == "json":
        rows = [
            {
                "entity": c.entity,
                "name": c.name,
                "qid": c.qid,
                "wikidata_label": c.wikidata_label,
                "ok": c.ok,
                "problems": list(c.problems),
                "notes": list(c.notes),
            }
            for c in checks
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for check in checks:
        verdict = "ok      " if check.ok else "MISMATCH"
        click.echo(
            f"{verdict} {check.entity} ({check.name}) = {check.qid} ({check.wikidata_label})"
        )
        for line in (*check.problems, *check.notes):
            click.echo(f"         {line}")
    bad = sum(1 for check in checks if not check.ok)
    click.echo(f"{len(checks)} link(s) checked, {bad} mismatch(es)")
