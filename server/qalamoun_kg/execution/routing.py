"""Which checkpoint a job may read: the data-only one (fast union default graph) or the whole one.

The data-only checkpoint holds just the graphs a query sees by default, so the engine can read
its default graph as the union of all graphs, one index lookup per pattern instead of one per
graph. A job that names graphs, asks for inference or reads a graph goes to the whole store.
"""

from __future__ import annotations

import re

from qalamoun_kg.execution.jobs import Job, QueryJob
from qalamoun_kg.store.base import has_dataset_clause, keywords_only

_GRAPH_KEYWORD = re.compile(r"(?<![\w:?$.\-])GRAPH(?![\w:\-])", re.IGNORECASE)


def reads_default_union_only(job: Job) -> bool:
    """Whether the job's answer is the same over the data graphs alone, read as a union."""
    if not isinstance(job, QueryJob):
        return False
    if job.infer or job.default_graphs is not None or job.named_graphs is not None:
        return False
    if has_dataset_clause(job.sparql):
        return False
    return _GRAPH_KEYWORD.search(keywords_only(job.sparql)) is None
