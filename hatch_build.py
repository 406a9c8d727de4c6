"""Hatch build hook: the web UI's assets built (or the build fails), and ontology/, data/ and
shapes/ bundled in the wheel under qalamoun_kg/bundled/."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

FOLDERS = ("ontology", "data", "shapes")
STATIC = Path("server", "qalamoun_kg", "web", "static")
UI_ASSETS = (STATIC / "vendor" / "yasgui" / "yasgui.min.js", STATIC / "gallery")
YASGUI_PACKAGE = Path("ui", "node_modules", "@triply", "yasgui")
NO_UI = (
    "the web UI's assets (the YASGUI query editor, the example gallery) are not built and "
    "cannot be built here ({reason}): install Node.js with npm and run `make ui`, then build again"
)


class BundleSourcesHook(BuildHookInterface):  # type: ignore[misc]
    """Build the UI assets for the sdist and the wheel; force-include the Turtle folders in
    regular wheels only.

    A static `force-include` table also applies to editable installs and fails there while a
    folder does not exist yet; an editable install reads the checkout in place anyway.
    """

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Build the UI if needed; add each folder to the wheel (a missing one fails it)."""
        if version == "editable":
            return
        root = Path(self.root)
        ensure_ui(root)
        if self.target_name != "wheel":
            return
        for folder in FOLDERS:
            build_data["force_include"][str(root / folder)] = f"qalamoun_kg/bundled/{folder}"


def ensure_ui(root: Path) -> None:
    """Run `npm ci` and ui/build.mjs unless the assets exist; raise with the fix if impossible."""
    if all((root / asset).exists() for asset in UI_ASSETS):
        return
    if shutil.which("node") is None:
        raise RuntimeError(NO_UI.format(reason="no `node` on PATH"))
    if not (root / YASGUI_PACKAGE).is_dir():
        if shutil.which("npm") is None:
            raise RuntimeError(NO_UI.format(reason="no `npm` on PATH"))
        _run(["npm", "ci", "--no-audit", "--no-fund"], root / "ui")
    _run(["node", str(Path("ui", "build.mjs"))], root)
    missing = [str(asset) for asset in UI_ASSETS if not (root / asset).exists()]
    if missing:
        raise RuntimeError(NO_UI.format(reason=f"still missing: {', '.join(missing)}"))


def _run(command: list[str], cwd: Path) -> None:
    """Run a build step; its failure fails the build with the step's output."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()[-2000:]
        raise RuntimeError(NO_UI.format(reason=f"`{' '.join(command)}` failed") + "\n" + output)
