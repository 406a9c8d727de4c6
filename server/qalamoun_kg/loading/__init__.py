"""Bulk loading of large RDF files: streamed, fast, validated in chunks, with progress.

`bulk_load(store, paths)` loads files into one named graph with the store's bulk loader when
it has one (see `BulkLoadable`), else in streamed chunks, validates the new triples chunk by
chunk in the context of the whole store, and takes everything back out if a chunk fails.
"""

from qalamoun_kg.loading.bulk import BulkLoadable, LoadResult, bulk_load
from qalamoun_kg.loading.progress import Progress, progress_for

__all__ = ["BulkLoadable", "LoadResult", "Progress", "bulk_load", "progress_for"]
