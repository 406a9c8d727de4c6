"""Headless Chromium for the browser tests, driven through `driver.mjs` (playwright-core).

Chromium is Debian's package (`/usr/bin/chromium`, or `$QKG_CHROMIUM`); playwright-core comes
from `ui/node_modules` (`npm ci` in ui/). Nothing is downloaded by the test tool.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("driver.mjs")
PLAYWRIGHT = ROOT / "ui" / "node_modules" / "playwright-core"
CHROMIUM = os.environ.get("QKG_CHROMIUM", "/usr/bin/chromium")


class BrowserError(RuntimeError):
    """A browser command failed (a selector not found in time, a navigation error …)."""


def missing_prerequisite() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium; .ci/run installs it)"
    if not PLAYWRIGHT.is_dir():
        return "playwright-core is not installed: run `make ui` (npm ci in ui/)"
    return None


class Browser:
    """One headless Chromium page; each method is one command to the driver."""

    def __init__(self, screenshots: Path) -> None:
        self.screenshots = screenshots
        self._process = subprocess.Popen(
            ["node", str(DRIVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "QKG_CHROMIUM": CHROMIUM},
        )

    def call(self, name: str, **arguments: Any) -> Any:
        """Send a command; return its value or raise `BrowserError`."""
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(json.dumps({"name": name, **arguments}) + "\n")
        stdin.flush()
        line = stdout.readline()
        if not line:
            raise BrowserError(f"the browser driver stopped (exit status {self._process.poll()})")
        answer = json.loads(line)
        if not answer["ok"]:
            raise BrowserError(answer["error"])
        return answer["value"]

    def goto(self, url: str) -> int:
        """Load a page; return its HTTP status."""
        status: int = self.call("goto", url=url)
        return status

    def follow(self, selector: str) -> str:
        """Click a link and wait for the next page; return its URL."""
        url: str = self.call("clickAndWait", selector=selector)
        return url

    def wait_for(self, selector: str, timeout_ms: int = 15000) -> None:
        """Wait until an element matching the selector is attached and visible."""
        self.call("waitFor", selector=selector, timeout=timeout_ms)

    def count(self, selector: str) -> int:
        """How many elements match."""
        found: int = self.call("count", selector=selector)
        return found

    def text(self, selector: str) -> str:
        """Text content of the first match."""
        return str(self.call("text", selector=selector))

    def evaluate(self, expression: str) -> Any:
        """Evaluate JavaScript in the page."""
        return self.call("evaluate", expression=expression)

    def screenshot(self, name: str) -> Path:
        """A full-page PNG under the screenshots folder."""
        path = self.screenshots / f"{name}.png"
        self.call("screenshot", path=str(path), fullPage=True)
        return path

    def console_errors(self) -> list[str]:
        """Console errors and uncaught exceptions since the last call."""
        errors: list[str] = self.call("consoleErrors")
        return errors

    def requests(self) -> list[dict[str, Any]]:
        """Requests made since the last call: url, method and body."""
        made: list[dict[str, Any]] = self.call("requests")
        return made

    def dialogs(self) -> list[str]:
        """Messages of alert/confirm dialogs since the last call (they are dismissed)."""
        shown: list[str] = self.call("dialogs")
        return shown

    def close(self) -> None:
        """Close the browser and wait for the driver to exit."""
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.write(json.dumps({"name": "close"}) + "\n")
            self._process.stdin.close()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
