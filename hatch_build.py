"""Hatch build hook: bundle ontology/, data/ and shapes/ in the wheel under qalamoun_kg/bundled/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

FOLDERS = ("ontology", "data", "shapes")


class BundleSourcesHook(BuildHookInterface):  # type: ignore[misc]
    """Force-include the Turtle folders in regular wheels only.

    A static `force-include` table also applies to editable installs and fails there while a
    folder does not exist yet; an editable install reads the checkout in place anyway.
    """

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Add each folder to the wheel; a missing one fails the build of a regular wheel."""
        if version == "editable":
            return
        for folder in FOLDERS:
            build_data["force_include"][str(Path(self.root) / folder)] = (
                f"qalamoun_kg/bundled/{folder}"
            )
