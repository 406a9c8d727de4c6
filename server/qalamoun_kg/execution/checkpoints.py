"""Read-only checkpoints of the on-disk store, one per committed write, for the query workers."""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, runtime_checkable

from qalamoun_kg.store.base import Store
from qalamoun_kg.store.oxigraph import OxigraphStore

log = logging.getLogger(__name__)
PREFIX = ".qkg-checkpoints-"
_FINISHED = re.compile(r"gen-(\d+)")


@runtime_checkable
class Backupable(Protocol):
    """A store that can write a consistent copy of itself into a new directory."""

    def backup(self, target: Path) -> None:
        """Copy the store into target (which must not exist)."""
        ...


def can_checkpoint(store: Store) -> bool:
    """Whether the store is on disk and can be copied for readers."""
    if isinstance(store, Backupable):
        return True
    return isinstance(store, OxigraphStore) and store.path is not None


def backup(store: Store, target: Path) -> None:
    """Write a consistent copy of the store into target (hard links where the disk allows)."""
    if isinstance(store, Backupable):
        store.backup(target)
        return
    # OxigraphStore has no public backup() yet (requested of the foundation); until then use
    # pyoxigraph's Store.backup on its handle.
    assert isinstance(store, OxigraphStore)
    store._store.backup(str(target))


class Checkpoints:
    """Numbered checkpoints of one store in a private folder beside it; the newest is current."""

    def __init__(self, store: Store, near: Path) -> None:
        self._store = store
        remove_stale(near)
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX + near.name + "-", dir=near.parent))
        self._lock = threading.Lock()
        self.generation = -1
        self.path = self.root / "none"

    def make(self) -> tuple[int, Path]:
        """Copy the store as it is now into a new checkpoint and make it current."""
        with self._lock:
            generation = self.generation + 1
            path = self.root / f"gen-{generation}"
            backup(self._store, path)
            self.generation, self.path = generation, path
            return generation, path

    def current(self) -> tuple[int, Path]:
        """The newest checkpoint."""
        with self._lock:
            return self.generation, self.path

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
