"""Read-only checkpoints of the store, one per committed write, for the query workers.

Each generation has a whole checkpoint (`gen-N`: a hard-linked backup of the on-disk store, or
a copy of the in-memory store), made before the write is acknowledged, and later a data-only
one (`data-N`: the graphs queries see by default, compacted), built in a child process so that
writes do not wait for it. Until it is ready, queries read the whole checkpoint.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph

from qalamoun_kg.store.base import Store, union_graphs
from qalamoun_kg.store.oxigraph import OxigraphStore

log = logging.getLogger(__name__)
PREFIX = ".qkg-checkpoints-"
_FINISHED = re.compile(r"(?:gen|data)-(\d+)")
# Starts the data-only checkpoint's builder (a child process) and returns at once.
Builder = Callable[[Path, Path], None]


@runtime_checkable
class Backupable(Protocol):
    """A store that can write a consistent copy of itself into a new directory."""

    def backup(self, target: Path) -> None:
        """Copy the store into target (which must not exist)."""
        ...


def can_checkpoint(store: Store) -> bool:
    """Whether the store can be copied for readers: Oxigraph on disk or in memory."""
    return isinstance(store, Backupable | OxigraphStore)


def backup(store: Store, target: Path) -> None:
    """Write a consistent copy of the store into target (hard links where the disk allows)."""
    if isinstance(store, Backupable):
        store.backup(target)
        return
    # OxigraphStore has no public backup() yet (requested of the foundation); until then use
    # pyoxigraph's Store.backup on its handle, or copy an in-memory store's quads.
    assert isinstance(store, OxigraphStore)
    if store.path is not None:
        store._store.backup(str(target))
        return
    copy = pyoxigraph.Store(str(target))
    copy.bulk_extend(store._store)
    copy.flush()


def build_data_only(whole: Path, target: Path) -> None:
    """Copy the default graph's graphs of a checkpoint into a new compacted store at target."""
    source = pyoxigraph.Store.read_only(str(whole))
    partial = target.with_name(target.name + ".tmp")
    copy = pyoxigraph.Store(str(partial))
    for graph in union_graphs(source.named_graphs(), infer=False):
        copy.bulk_extend(source.quads_for_pattern(None, None, None, graph))
    copy.optimize()
    copy.flush()
    del copy
    partial.rename(target)


class Checkpoints:
    """Numbered checkpoints of one store in a private folder beside it; the newest is current."""

    def __init__(self, store: Store, near: Path | None, builder: Builder | None = None) -> None:
        self._store = store
        if near is None:
            self.root = Path(tempfile.mkdtemp(prefix=PREFIX + "memory-"))
        else:
            remove_stale(near)
            self.root = Path(tempfile.mkdtemp(prefix=PREFIX + near.name + "-", dir=near.parent))
        self._lock = threading.Lock()
        self._builder = builder
        self.generation = -1
        self.path = self.root / "none"
        self._pending = self.root / "none"
        self._ready: Path | None = None

    def make(self) -> tuple[int, Path]:
        """Copy the store as it is now into a new checkpoint and make it current."""
        with self._lock:
            generation = self.generation + 1
            path = self.root / f"gen-{generation}"
            backup(self._store, path)
            self.generation, self.path = generation, path
            self._pending, self._ready = self.data_only(generation), None
        if self._builder is not None:
            self._builder(path, self.data_only(generation))
        return generation, path

    def data_only(self, generation: int) -> Path:
        """Where the data-only checkpoint of a generation is (once built)."""
        return self.root / f"data-{generation}"

    def current(self) -> tuple[int, Path, Path | None]:
        """The newest checkpoint, and its data-only copy when it is ready."""
        with self._lock:
            return self.generation, self.path, self._ready

    def built(self, target: Path) -> None:
        """A data-only checkpoint is complete: jobs read it if it is still the newest."""
        with self._lock:
            if target == self._pending and target.is_dir():
                self._ready = target
                log.info("queries of the default graph now read %s", target.name)

    def prune(self, in_use: Iterable[int]) -> None:
        """Delete the checkpoints older than the current one that no reader has open."""
        keep = set(in_use)
        with self._lock:
            current = self.generation
        for folder in self.root.iterdir():
            # Only finished checkpoints: a backup in progress writes `gen-N.tmp` first.
            found = _FINISHED.fullmatch(folder.name)
            if found is None:
                continue
            generation = int(found.group(1))
            if generation < current and generation not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        """Delete every checkpoint."""
        shutil.rmtree(self.root, ignore_errors=True)


def remove_stale(near: Path) -> None:
    """Delete checkpoint folders a killed server left beside the store (we hold its lock now)."""
    for folder in near.parent.glob(PREFIX + near.name + "-*"):
        log.info("removing stale checkpoints %s", folder)
        shutil.rmtree(folder, ignore_errors=True)
