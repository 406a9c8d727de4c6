"""Where the W3C Reconciliation API 0.2 schemas are, and the type of the validating function."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

SPECS_ENV = "QKG_RECONCILIATION_SPECS"
DEFAULT_SPECS = Path(__file__).resolve().parents[3] / "shared" / "reconciliation" / "0.2"

Validate = Callable[[str, Any], None]


def specs_dir() -> Path:
    """The folder of the W3C API 0.2 schemas and examples ($QKG_RECONCILIATION_SPECS or shared/)."""
    return Path(os.environ.get(SPECS_ENV) or DEFAULT_SPECS)
