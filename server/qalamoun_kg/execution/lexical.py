"""The code of a SPARQL text without its strings and comments, read as the grammar reads it;
and the nesting limit that keeps a parser's recursion off the end of its stack."""

from __future__ import annotations

import re

from qalamoun_kg.errors import QueryError

# An IRI or an escaped character of a prefixed name is kept whole (a '#' or a quote inside it
# starts no comment or string); strings and comments (ending at CR as well as LF) are blanked.
_IRIREF = r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>"
_SCAN = re.compile(
    rf"(?P<kept>{_IRIREF}|\\.)"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|#[^\n\r]*",
    re.DOTALL,
)
_BRACKETS = re.compile(r"[{}()\[\]]")
# Oxigraph's parser recurses once per level; about 5,000 levels overflow a thread's stack and
# kill the process. No real query comes near this.
MAX_NESTING = 500


def code(sparql: str) -> str:
    """The text with every string and comment replaced by a space."""
    return _SCAN.sub(lambda match: match.group("kept") or " ", sparql)


def blanked(sparql: str) -> str:
    """The text with every string and comment blanked in place (positions kept)."""
    return _SCAN.sub(lambda match: match.group("kept") or _spaces(match.group()), sparql)


def _spaces(text: str) -> str:
    """As many spaces as text has characters, keeping its line breaks."""
    return re.sub(r"[^\n\r]", " ", text)


def check_nesting(sparql: str, what: str = "query") -> None:
    """Raise `QueryError` when brackets nest deeper than MAX_NESTING."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(code(sparql)):
        depth += 1 if match.group() in "{([" else -1
        deepest = max(deepest, depth)
    if deepest > MAX_NESTING:
        raise QueryError(f"the {what} nests brackets {deepest} deep; at most {MAX_NESTING}")


_DECLARATIONS = re.compile(
    r"(?:\s*(?:PREFIX\s+(?:[A-Za-z][\w\-.]*)?:\s*<[^<>\s]*>|BASE\s*<[^<>\s]*>))*", re.IGNORECASE
)


def split_prologue(sparql: str) -> tuple[str, str]:
    """The leading PREFIX and BASE declarations (comments included), and the rest of the text."""
    end = _DECLARATIONS.match(blanked(sparql))
    position = end.end() if end else 0
    return sparql[:position], sparql[position:]


def outer_blocks(code: str) -> list[tuple[int, int]]:
    """(open, close) positions of each outermost brace pair of blanked code; [] if unbalanced."""
    found: list[tuple[int, int]] = []
    depth = opened = 0
    for match in re.finditer(r"[{}]", code):
        if match.group() == "{":
            opened = match.start() if depth == 0 else opened
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return []
            if depth == 0:
                found.append((opened, match.start()))
    return found if depth == 0 else []
