"""Labels and values are rendered as text: markup in the data never becomes markup in a page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.store import Store
from qalamoun_kg.web import close_app
from tests.ui.apps import make_app
from tests.ui.hostile import IMG_ALT, SCRIPT_LABEL, SUBJECT, hostile_quads

PATH = "/id/place/hostile-test-village"


@pytest.fixture
def hostile_client(scratch_store: Store) -> Iterator[FlaskClient]:
    """The app over the project's data plus the hostile village."""
    ensure_loaded(scratch_store)
    scratch_store.add(hostile_quads())
    app = make_app(scratch_store)
    yield app.test_client()
    close_app(app)


def test_label_with_script_is_escaped(hostile_client: FlaskClient) -> None:
    page = hostile_client.get(PATH).get_data(as_text=True)
    assert "&lt;script&gt;window.qkgPwned" in page
    assert "<script>window.qkgPwned" not in page
    assert "&lt;img src=x onerror=" in page
    assert "<img src=x" not in page
    assert "</script><script>" not in page


def test_odd_iri_stays_inside_its_attribute(hostile_client: FlaskClient) -> None:
    page = hostile_client.get(PATH).get_data(as_text=True)
    assert "x&#39;onmouseover=&#39;window.qkgPwned=1" in page
    assert "x'onmouseover" not in page


@pytest.mark.parametrize("path", ["/search?q=script", "/map", "/id/country/lebanon"])
def test_other_pages_escape_it_too(hostile_client: FlaskClient, path: str) -> None:
    page = hostile_client.get(path).get_data(as_text=True)
    assert "<script>window.qkgPwned" not in page
    assert "<img src=x" not in page


def test_json_and_rdf_carry_the_text_unchanged(hostile_client: FlaskClient) -> None:
    data = hostile_client.get(f"{PATH}?format=json").get_json()
    assert data["node"] == {"iri": SUBJECT, "label": SCRIPT_LABEL}
    assert {lit["text"] for lit in data["alt_labels"]} == {IMG_ALT}


def test_config_block_cannot_close_its_script(hostile_client: FlaskClient) -> None:
    page = hostile_client.get("/").get_data(as_text=True)
    block = page.split('id="qkg-config">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block
