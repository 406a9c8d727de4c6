"""Where the W3C test suites are: $QKG_W3C_DIR, else shared/w3c beside the checkout."""

from __future__ import annotations

from tests.support.shared import missing_message, shared_folder

W3C_ENV = "QKG_W3C_DIR"
W3C = shared_folder(W3C_ENV, "w3c")
MISSING = missing_message(W3C_ENV, W3C, "W3C test suites")
