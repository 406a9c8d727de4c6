"""Find the bundled `ontology/`, `data/` and `shapes/` folders and map each file to its graph."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from qalamoun_kg.errors import InputError
from qalamoun_kg.namespaces import ONTOLOGY_GRAPH, SHAPES_GRAPH, data_graph

HOME_ENV = "QKG_HOME"
STORE_ENV = "QKG_STORE"
FOLDERS = ("ontology", "data", "shapes")
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class SourceFile:
    """One Turtle source file and the named graph it is loaded into."""

    path: Path
    kind: str
    graph: str

    @property
    def name(self) -> str:
        """Path relative to the home folder, e.g. `data/qalamoun.ttl`."""
        return f"{self.kind}/{self.path.name}"

    def sha256(self) -> str:
        """Hex SHA-256 of the file's bytes."""
        return hashlib.sha256(self.read_bytes()).hexdigest()

    def read_bytes(self) -> bytes:
        """The file's content; a vanished or unreadable file is an `InputError`."""
        try:
            return self.path.read_bytes()
        except OSError as error:
            message = f"cannot read source file: {error.strerror}"
            raise InputError(message, path=str(self.path)) from error


def checkout_root() -> Path | None:
    """The source checkout this package runs from, if any (it holds `pyproject.toml`)."""
    root = PACKAGE_DIR.parent.parent
    return root if (root / "pyproject.toml").is_file() else None


def find_home() -> Path:
    """Return the folder holding `ontology/`, `data/`, `shapes/`: $QKG_HOME, bundled, checkout."""
    configured = os.environ.get(HOME_ENV)
    if configured:
        home = Path(configured)
        if not home.is_dir():
            raise InputError(f"{HOME_ENV} is not a folder", path=configured)
        return home
    bundled = PACKAGE_DIR / "bundled"
    if bundled.is_dir():
        return bundled
    root = checkout_root()
    if root is not None:
        return root
    raise InputError(f"no ontology/data/shapes folders found; set {HOME_ENV}")


def _graph_for(kind: str, path: Path) -> str:
    """Named graph IRI of one source file, per docs/ARCHITECTURE.md."""
    if kind == "ontology":
        return str(ONTOLOGY_GRAPH)
    if kind == "shapes":
        return str(SHAPES_GRAPH)
    return str(data_graph(path.stem))


def source_files(home: Path | None = None) -> list[SourceFile]:
    """List every `*.ttl` source under home, in load order; a missing folder is an `InputError`."""
    base = find_home() if home is None else home
    files: list[SourceFile] = []
    for kind in FOLDERS:
        folder = base / kind
        if not folder.is_dir():
            raise InputError(f"missing {kind}/ folder", path=str(folder))
        files.extend(
            SourceFile(path=path, kind=kind, graph=_graph_for(kind, path))
            for path in sorted(folder.glob("*.ttl"))
        )
    return files


def default_store_spec() -> str:
    """The store to use when none is named: $QKG_STORE, else `var/store` in the checkout.

    An installed copy with no checkout keeps its store in the user's data folder.
    """
    configured = os.environ.get(STORE_ENV)
    if configured:
        return configured
    root = checkout_root()
    if root is not None:
        return str(root / "var" / "store")
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data_home) / "qalamoun-kg" / "store")
