"""Where the W3C test suites are: $QKG_W3C_DIR, else shared/w3c beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = [
    *([Path(os.environ["QKG_W3C_DIR"])] if os.environ.get("QKG_W3C_DIR") else []),
    ROOT.parent / "shared" / "w3c",
]
W3C = next((path for path in CANDIDATES if path.is_dir()), CANDIDATES[0])
MISSING = (
    f"W3C test suites not found (looked in {', '.join(map(str, CANDIDATES))}); "
    "set QKG_W3C_DIR to the folder holding them"
)
