"""Bulk loading of large RDF files: streamed, fast, validated with the whole store, with progress.

`bulk_load(store, paths)` loads files into one named graph with the store's bulk loader when
it has one (see `BulkLoadable`), else in streamed chunks, validates the whole store with the new
triples in it (the native engine; pySHACL validates them chunk by chunk), and takes everything
back out if they bring a violation.
"""

from qalamoun_kg.loading.bulk import BulkLoadable, LoadResult, bulk_load
from qalamoun_kg.loading.progress import Progress, progress_for

__all__ = ["BulkLoadable", "LoadResult", "Progress", "bulk_load", "progress_for"]
