"""`/validate`: would these triples be accepted? The SHACL report of posted RDF in the context of
the stored graph, the same as `qkg validate` prints, as JSON, Turtle, text or an HTML page.

Nothing is written, so the route is open on read-only servers too; it is bounded by the body
limit (`--max-body`), `MAX_TRIPLES` per request and one validation at a time.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Request, Response, current_app, request
from rdflib import URIRef
from rdflib.term import Node as RdfNode
from werkzeug.datastructures import FileStorage

from qalamoun_kg.errors import InputError
from qalamoun_kg.execution.formats import INPUT_FORMATS
from qalamoun_kg.store import Store
from qalamoun_kg.store.parsing import parse_quads
from qalamoun_kg.validation import (
    Severity,
    ValidationReport,
    ValidationResult,
    validate_addition,
)
from qalamoun_kg.validation.api import SCHEMA_PREDICATES
from qalamoun_kg.validation.inputs import EXTENSIONS, FORMATS
from qalamoun_kg.validation.report import short_path, short_term
from qalamoun_kg.web.errors import HttpError
from qalamoun_kg.web.pages.respond import html, install_helpers, vary
from qalamoun_kg.web.protocol import FORM, MULTIPART
from qalamoun_kg.web.services import EXTENSION

MAX_TRIPLES = 5_000
WAIT_SECONDS = 30.0
HTML, JSON, TURTLE, TEXT = "text/html", "application/json", "text/turtle", "text/plain"
# A program posting RDF gets JSON unless it asks otherwise; a browser's form gets the page.
API_ORDER = (JSON, TURTLE, TEXT, HTML)
PAGE_ORDER = (HTML, JSON, TURTLE, TEXT)
# The RDF media types read from a body: those of the graph store, N3 aside (not in the brief).
BODY_FORMATS = {media: fmt for media, fmt in INPUT_FORMATS.items() if fmt != ox.RdfFormat.N3}
AUTO = "auto"
FORMAT_LABELS = {
    AUTO: "From the file name (Turtle for pasted text)",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "nquads": "N-Quads",
    "trig": "TriG",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF/XML",
}


@dataclass(frozen=True)
class Submission:
    """What the page's form sent back, shown again with the report."""

    data: str = ""
    format: str = AUTO
    filename: str = ""


@dataclass(frozen=True)
class Row:
    """One result as the page shows it: the focus node linked when it is an IRI."""

    severity: str
    focus: str
    focus_iri: str | None
    path: str
    message: str
    value: str
    shape: str


def create_blueprint(store: Store) -> Blueprint:
    """`GET /validate`: the page; `POST /validate`: RDF or the page's form in, a report out."""
    blueprint = Blueprint("validate", __name__, template_folder="templates")
    install_helpers(blueprint)
    gate = threading.BoundedSemaphore(1)

    @blueprint.get("/validate")
    def page() -> Response:
        """The empty form."""
        return _page(Submission())

    @blueprint.post("/validate")
    def check() -> Response:
        """Validate the posted triples as an addition to the store; 200 with the report."""
        is_form = request.mimetype in (FORM, MULTIPART)
        chosen = _chosen_type(request, PAGE_ORDER if is_form else API_ORDER)
        submission = _submission(request) if is_form else None
        try:
            triples = _form_triples(request, submission) if submission else _body_triples(request)
            report = _validate(store, triples, gate)
        except (InputError, HttpError) as error:
            if chosen == HTML and submission is not None:
                return _page(submission, error=_message(error), status=_status(error))
            raise
        return _answer(report, chosen, submission or Submission())

    return blueprint


def _chosen_type(req: Request, order: tuple[str, ...]) -> str:
    """The report's media type by Accept (or `?format=`); 406 when none fits."""
    asked = req.args.get("format")
    if asked:
        names = {"json": JSON, "turtle": TURTLE, "ttl": TURTLE, "text": TEXT, "html": HTML}
        if asked.lower() not in names:
            raise HttpError(400, f"unknown format {asked!r}; use one of {', '.join(names)}")
        return names[asked.lower()]
    accept = req.accept_mimetypes
    if not accept:
        return order[0]
    best = accept.best_match(order)
    if best is None:
        raise HttpError(406, f"not acceptable: the report is {', '.join(order)}")
    return best


def _body_triples(req: Request) -> list[ox.Triple]:
    """The triples of an RDF body, read in the format its Content-Type names."""
    media = req.mimetype
    if not media:
        raise HttpError(415, "the body needs a Content-Type such as text/turtle")
    if media not in BODY_FORMATS:
        raise HttpError(415, f"cannot read {media}; send one of {', '.join(sorted(BODY_FORMATS))}")
    charset = req.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise HttpError(415, f"the body must be UTF-8, not {charset}")
    return _parse(req.get_data(cache=False), BODY_FORMATS[media], "request body")


def _submission(req: Request) -> Submission:
    """The form's fields: pasted text, chosen format, uploaded file name."""
    upload = req.files.get("file")
    return Submission(
        data=req.form.get("data", ""),
        format=req.form.get("format", AUTO),
        filename=(upload.filename or "") if upload else "",
    )


def _form_triples(req: Request, submission: Submission) -> list[ox.Triple]:
    """The triples of the uploaded file or of the pasted text (one of the two)."""
    upload = req.files.get("file")
    has_file = upload is not None and bool(upload.filename)
    if has_file and submission.data.strip():
        raise HttpError(400, "give either pasted triples or a file, not both")
    if submission.format not in FORMAT_LABELS:
        raise HttpError(400, f"unknown format {submission.format!r}")
    if has_file and upload is not None:
        return _upload_triples(upload, submission.format)
    if not submission.data.strip():
        raise HttpError(400, "paste some triples or choose a file")
    name = "turtle" if submission.format == AUTO else submission.format
    return _parse(submission.data.encode("utf-8"), FORMATS[name], "pasted text")


def _upload_triples(upload: FileStorage, chosen: str) -> list[ox.Triple]:
    """The triples of an uploaded file, in the chosen format or the one its name implies."""
    filename = upload.filename or "upload"
    name = chosen
    if chosen == AUTO:
        suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if suffix not in EXTENSIONS:
            known = ", ".join(sorted(EXTENSIONS))
            raise HttpError(415, f"cannot tell the format of {filename} ({known}); choose one")
        name = EXTENSIONS[suffix]
    return _parse(upload.read(), FORMATS[name], filename)


def _parse(data: bytes, fmt: ox.RdfFormat, label: str) -> list[ox.Triple]:
    """Triples of RDF data (graph names dropped, as `qkg validate` does); capped in number."""
    triples = [quad.triple for quad in parse_quads(data, fmt, name=label)]
    if len(triples) > MAX_TRIPLES:
        raise HttpError(
            413, f"{len(triples)} triples; /validate takes at most {MAX_TRIPLES} per request"
        )
    return triples


def _validate(
    store: Store, triples: list[ox.Triple], gate: threading.BoundedSemaphore
) -> ValidationReport:
    """`qkg validate`'s check of the triples, one request at a time; 503 when kept waiting.

    Triples that reshape the class hierarchy are refused (422): they would make the check read
    the whole store, a cost no open route should let a stranger ask for.
    """
    if any(t.predicate.value in SCHEMA_PREDICATES for t in triples):
        raise HttpError(
            422,
            "the triples change the class hierarchy (rdfs:subClassOf), which is checked against "
            "the whole store: run qkg validate on the server instead",
        )
    if not gate.acquire(timeout=_wait_seconds()):
        raise HttpError(503, "busy validating other triples; try again", {"Retry-After": "5"})
    try:
        return validate_addition(store, triples)
    finally:
        gate.release()


def _wait_seconds() -> float:
    """How long a request waits for its turn: the server's time limit."""
    services = current_app.extensions.get(EXTENSION)
    return services.config.timeout if services is not None else WAIT_SECONDS


def _answer(report: ValidationReport, media: str, submission: Submission) -> Response:
    """The report in the chosen media type."""
    if media == JSON:
        response = Response(report.to_json(), 200, content_type=JSON)
    elif media == TURTLE:
        response = Response(report.to_turtle(), 200, content_type="text/turtle; charset=utf-8")
    elif media == TEXT:
        response = Response(report.to_text(), 200, content_type="text/plain; charset=utf-8")
    else:
        return _page(submission, report=report)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return vary(response)


def _page(
    submission: Submission,
    *,
    report: ValidationReport | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    """The form, with the report or the error of the last submission."""
    return vary(
        html(
            "validate.html",
            status,
            submission=submission,
            formats=FORMAT_LABELS,
            report=report,
            rows=_rows(report) if report else [],
            counts={s.value: report.count(s) for s in Severity} if report else {},
            error=error,
            max_triples=MAX_TRIPLES,
        )
    )


def _rows(report: ValidationReport) -> list[Row]:
    """The results in the order of `qkg validate`'s report: violations first."""
    return [_row(r) for r in _ordered(report)]


def _ordered(report: ValidationReport) -> list[ValidationResult]:
    """Violations, then warnings, then infos; each by identity."""
    severities = list(Severity)
    return sorted(report.results, key=lambda r: (severities.index(r.severity), r.key))


def _row(result: ValidationResult) -> Row:
    """One result for the page."""
    focus: RdfNode = result.focus_node
    return Row(
        severity=result.severity.value,
        focus=short_term(focus),
        focus_iri=str(focus) if isinstance(focus, URIRef) else None,
        path=short_path(result.result_path) if result.result_path else "",
        message=result.message,
        value=short_term(result.value) if result.value is not None else "",
        shape=short_term(result.source_shape),
    )


def _message(error: InputError | HttpError) -> str:
    """The text an error shows on the page."""
    return error.message if isinstance(error, HttpError) else str(error)


def _status(error: InputError | HttpError) -> int:
    """The HTTP status of an error: 400 for unreadable input."""
    return error.status if isinstance(error, HttpError) else 400
