"""The /validate page: paste or upload triples, read the report, follow the focus nodes."""

from __future__ import annotations

import io
from pathlib import Path

from flask.testing import FlaskClient

SHAPES = Path(__file__).parent.parent / "fixtures" / "shapes"
BAD = SHAPES / "bad" / "claim-not-before-event.ttl"
GOOD = SHAPES / "good" / "claim-not-before-event.ttl"
HTML = {"Accept": "text/html"}


def submit(client: FlaskClient, **fields: object) -> tuple[int, str]:
    """Send the page's form (multipart, as the browser does) and return status and HTML."""
    form = {"format": "auto", "data": "", **fields}
    response = client.post("/validate", data=form, content_type="multipart/form-data", headers=HTML)
    assert response.content_type.startswith("text/html")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    return response.status_code, response.get_data(as_text=True)


def test_empty_form(client: FlaskClient) -> None:
    response = client.get("/validate")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'method="post"' in page and 'enctype="multipart/form-data"' in page
    assert 'name="data"' in page and 'name="file"' in page and 'name="format"' in page
    assert "Content-Security-Policy" in response.headers


def test_pasted_violation_links_its_focus_node(client: FlaskClient) -> None:
    status, page = submit(client, data=BAD.read_text(encoding="utf-8"))
    assert status == 200
    assert "Does not conform" in page
    assert "1 violation," in page
    assert '<a href="/id/claim/test-figure">qr:claim/test-figure</a>' in page
    assert "<code>qsh:ClaimShape</code>" in page
    assert "correct qo:asOf" in page
    # The pasted text is shown again for correction.
    assert "qr:claim\\/test-figure" in page


def test_uploaded_file_that_conforms(client: FlaskClient) -> None:
    upload = (io.BytesIO(GOOD.read_bytes()), "claim.ttl")
    status, page = submit(client, file=upload)
    assert status == 200
    assert "Conforms" in page and "from claim.ttl" in page
    assert "<table" not in page


def test_upload_in_a_chosen_format(client: FlaskClient) -> None:
    ntriples = (
        b'<https://w3id.org/qalamoun/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n'
    )
    status, page = submit(client, file=(io.BytesIO(ntriples), "data.txt"), format="ntriples")
    assert status == 200, page
    status, page = submit(client, file=(io.BytesIO(ntriples), "data.txt"))
    assert status == 415 and "cannot tell the format of data.txt" in page


def test_bad_syntax_shows_the_error_and_keeps_the_text(client: FlaskClient) -> None:
    status, page = submit(client, data="qr:x qo:y </textarea><script>alert(1)</script>")
    assert status == 400
    assert "were not checked" in page and "pasted text:1:" in page
    assert "<script>alert(1)" not in page
    assert "&lt;/textarea&gt;&lt;script&gt;" in page


def test_nothing_or_both_given_is_400(client: FlaskClient) -> None:
    status, page = submit(client)
    assert status == 400 and "paste some triples or choose a file" in page
    status, page = submit(client, data="<a:b> <a:c> <a:d> .", file=(io.BytesIO(b""), "x.ttl"))
    assert status == 400 and "not both" in page


def test_form_post_asking_for_json(client: FlaskClient) -> None:
    form = {"format": "turtle", "data": BAD.read_text(encoding="utf-8")}
    response = client.post(
        "/validate",
        data=form,
        content_type="application/x-www-form-urlencoded",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    assert response.get_json()["conforms"] is False
