"""The one-line breaks of the mutation check: each names a line of the package, its broken
form, and the test files that must then fail. Keep `old` unique in its file.

Left out because no change of verdict can follow with the current shapes (equivalent mutants):
walking paths back in the changed graph only (`before_too=False` in validation/incremental.py),
since every removed edge is walked back from on its own; and walking inverse steps back from
the wrong end, since the shapes' only paths with inverse steps read every predicate at their end.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Break:
    """A one-line change to the package that some test must notice."""

    name: str
    path: str  # relative to server/qalamoun_kg/
    old: str
    new: str
    tests: tuple[str, ...]


LINKING = ("tests/linking/test_linking_rules.py", "tests/linking/test_linking_matching.py")
WRITES = ("tests/updates/test_writer_refusals.py",)
SEMANTICS = ("tests/web/test_update_semantics.py",)
WHERE = ("tests/updates/test_where_by_oxigraph.py",)
DATA = ("tests/updates/test_quad_data.py",)
FETCH = ("tests/execution/test_fetch_policy.py",)
INCREMENTAL = ("tests/validation/test_incremental_cases.py",)

BREAKS = [
    Break(
        "reconciliation: auto-match without the margin rule",
        "linking/matching.py",
        "if top.score >= MATCH_SCORE and top.score - runner_up >= MATCH_MARGIN:",
        "if top.score >= MATCH_SCORE:",
        LINKING,
    ),
    Break(
        "Wikidata linking: auto-match without the margin rule",
        "linking/link.py",
        "if ranked[0].score >= MATCH_SCORE and ranked[0].score - runner_up >= MATCH_MARGIN:",
        "if ranked[0].score >= MATCH_SCORE:",
        LINKING,
    ),
    Break(
        "reconciliation: every word weighs the same",
        "linking/matching.py",
        'return self._weights.get(word, self._weights.get("", 1.0))',
        "return 1.0",
        LINKING,
    ),
    Break(
        "reconciliation: word weights from frequency, not rarity",
        "linking/matching.py",
        "math.log(1 + total / count)",
        "float(count)",
        LINKING,
    ),
    Break(
        "writes: a write the shapes refuse is committed before the 422",
        "updates/writer.py",
        'raise Rejected(422, "the change does not conform to the shapes", report)',
        "self.store.update(update_text(self.store, delta)); "
        'raise Rejected(422, "the change does not conform to the shapes", report)',
        WRITES,
    ),
    Break(
        "writes: the shapes are not consulted",
        "updates/writer.py",
        "if not report.conforms:",
        "if False:",
        WRITES,
    ),
    Break(
        "writes: managed graphs are writable",
        "updates/overlay.py",
        "    if is_managed(graph):\n        raise ManagedGraph(graph)",
        "    if False:\n        raise ManagedGraph(graph)",
        WRITES,
    ),
    Break(
        "writes: a DELETE of the default graph reaches every graph",
        "updates/overlay.py",
        "        for quad in list(self.match(None, None, None, graph)):",
        "        for quad in list(self.match(None, None, None, None)):",
        SEMANTICS,
    ),
    Break(
        "writes: Oxigraph's WHERE ignores USING and WITH",
        "updates/evaluate.py",
        "rows = store.select(step.where.text, default, named, base_iri=step.where.base_iri)",
        "rows = store.select(step.where.text, [DEFAULT], named, base_iri=step.where.base_iri)",
        WHERE,
    ),
    Break(
        "writes: DELETE DATA read as TriG keeps blank nodes",
        "updates/quad_data.py",
        "    return insert or not any(_has_blank(quad.triple) for quad in quads)",
        "    return True",
        DATA,
    ),
    Break(
        "fetch policy: the --allow-fetch list is not consulted",
        "execution/fetch.py",
        "if host not in self.hosts:",
        "if False:",
        FETCH,
    ),
    Break(
        "fetch policy: non-public addresses are let through",
        "execution/fetch.py",
        "if not _public(address):",
        "if False:",
        FETCH,
    ),
    Break(
        "incremental validation: nodes reached back along a path are not rechecked",
        "validation/incremental.py",
        "found.update(_reached_back(view, index, triple))",
        "pass",
        INCREMENTAL,
    ),
    Break(
        "incremental validation: a change read at a path's end is not walked back",
        "validation/incremental.py",
        "for dep in index.read_at_end(predicate):",
        "for dep in index.read_at_end(predicate)[:0]:",
        INCREMENTAL,
    ),
    Break(
        "incremental validation: the end of a path is not read",
        "validation/incremental.py",
        "collected.update(_reads_at(view, end, dep))",
        "pass",
        INCREMENTAL,
    ),
]
