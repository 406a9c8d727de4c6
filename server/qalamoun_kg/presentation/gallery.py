"""The example-query gallery: `.rq` files whose `# Question:` line is the title."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

_QUESTION = re.compile(r"^#\s*Question:\s*(.+?)\s*$", re.MULTILINE)


@dataclasses.dataclass(frozen=True)
class Example:
    """One example query: its title (the question it answers), file name and text."""

    slug: str
    title: str
    query: str


def load_examples(folder: Path) -> list[Example]:
    """Every readable `*.rq` file of the folder, by file name; none when the folder is absent."""
    if not folder.is_dir():
        return []
    examples: list[Example] = []
    for path in sorted(folder.glob("*.rq")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        match = _QUESTION.search(text)
        title = match.group(1) if match else path.stem.replace("-", " ")
        examples.append(Example(path.stem, title, text))
    return examples
