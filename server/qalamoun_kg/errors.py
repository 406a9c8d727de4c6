"""Project exceptions: user errors the CLI and web layer turn into messages, never tracebacks."""

from __future__ import annotations

import re

_POSITION = re.compile(r"error at (\d+):(\d+):?\s*")


class QkgError(Exception):
    """Base class of every error the project reports to users."""


class InputError(QkgError):
    """Bad input: a missing file or folder, malformed RDF, an unsupported option."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where += f"{':' if where else 'line '}{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}" if where else self.message


class QueryError(QkgError):
    """A SPARQL query or update that does not parse or cannot be evaluated."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    @classmethod
    def from_parser(cls, error: Exception, *, what: str = "query") -> QueryError:
        """Build from an Oxigraph parser error, whose text reads `error at L:C: message`."""
        text = str(error.args[0]) if error.args else str(error)
        match = _POSITION.search(text)
        if match is None:
            return cls(f"{what}: {text}")
        message = text[match.end() :] or text
        line, column = int(match.group(1)), int(match.group(2))
        return cls(f"{what} line {line}, column {column}: {message}", line=line, column=column)

    def __str__(self) -> str:
        return self.message


class ValidationFailed(QkgError):
    """Data that parses but does not conform to the SHACL shapes (exit status 1)."""

    def __init__(self, message: str, report: object | None = None) -> None:
        super().__init__(message)
        self.report = report
