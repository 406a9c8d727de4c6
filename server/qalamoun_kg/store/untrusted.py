"""Bodies refused before a parser sees them, because parsing them could take the process down
or run away: RDF/XML with a DTD (entity expansion, "billion laughs"), and any serialization
nested deeper than MAX_NESTING (quoted triples in the Turtle family, arrays and objects in
JSON-LD, elements in RDF/XML), which Oxigraph's parsers handle by recursion or too slowly."""

from __future__ import annotations

import re

from pyoxigraph import RdfFormat

from qalamoun_kg.errors import InputError

_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")
# Comments, CDATA and processing instructions first: a tag inside them is no element.
_XML_NOT_MARKUP = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)
_XML_TAG = re.compile(r"<(/)?[^\s/>!?][^>]*?(/)?>")


def check_untrusted(data: bytes, format: RdfFormat) -> None:
    """Raise `InputError` when the body is one of those refused."""
    # Imported here: the execution package imports the store package.
    from qalamoun_kg.execution.lexical import MAX_NESTING, quoted_nesting

    if format == RdfFormat.RDF_XML:
        # Also in UTF-16, whose NUL bytes are dropped before looking.
        markup = data.replace(b"\x00", b"")
        if _DTD.search(markup):
            raise InputError("RDF/XML with a DTD or entity declarations is not accepted")
        depth = xml_depth(markup.decode("latin-1"))
    elif format == RdfFormat.JSON_LD:
        depth = json_depth(data.decode("utf-8", "replace"))
    else:
        text = data.decode("utf-8", "replace")
        depth = quoted_nesting(text) if "<<" in text else 0
    if depth > MAX_NESTING:
        raise InputError(f"the body nests {depth} levels deep; at most {MAX_NESTING}")


def json_depth(text: str) -> int:
    """How deep arrays and objects nest in a JSON text."""
    depth = deepest = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub('""', text)):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def xml_depth(text: str) -> int:
    """How deep elements nest in an XML text."""
    depth = deepest = 0
    for match in _XML_TAG.finditer(_XML_NOT_MARKUP.sub("", text)):
        if match.group(1):
            depth -= 1
        elif not match.group(2):
            depth += 1
            deepest = max(deepest, depth)
    return deepest
