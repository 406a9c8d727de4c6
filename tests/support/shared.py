"""Where the shared material lives: an environment variable, else `shared/` beside the checkout.

Tests that need it skip with a message naming both places; no machine's absolute path is assumed.
"""

from __future__ import annotations

import os
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]


def shared_folder(env: str, *parts: str) -> Path:
    """The folder named by $env if set, else `../shared/<parts>` beside the checkout."""
    value = os.environ.get(env)
    return Path(value) if value else CHECKOUT.parent.joinpath("shared", *parts)


def missing_message(env: str, folder: Path, what: str) -> str:
    """The skip reason of a test that needs shared material which is absent."""
    return f"{what} not found at {folder}: put shared/ beside the checkout or set ${env}"
