"""The map page: every located place drawn (approximate ones marked), the others listed."""

from __future__ import annotations

from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from qalamoun_kg.bootstrap import ensure_loaded
from qalamoun_kg.namespaces import GEO, QR, USER_GRAPH
from qalamoun_kg.store import Store
from qalamoun_kg.web import close_app
from tests.ui.apps import make_app

TFAIL = f"{QR}place/tfail"


def _map(store: Store) -> dict[str, Any]:
    """The map page's JSON over a store."""
    app = make_app(store)
    try:
        return app.test_client().get("/map?format=json").get_json()  # type: ignore[no-any-return]
    finally:
        close_app(app)


def test_every_located_place_is_drawn_and_the_rest_listed(scratch_store: Store) -> None:
    ensure_loaded(scratch_store)
    data = _map(scratch_store)
    marks = {mark["iri"]: mark for mark in data["drawing"]["marks"]}
    located = {place["node"]["iri"] for place in data["places"]}
    assert located == set(marks) | {node["iri"] for node in data["outside"]}
    for place in data["places"]:
        assert marks[place["node"]["iri"]]["approximate"] is (place["via"] is not None)
    unlocated = {node["iri"] for node in data["unlocated"]}
    assert not unlocated & located
    # Tfail has no checked coordinates: it is shown at the place its point is borrowed from
    tfail = next(place for place in data["places"] if place["node"]["iri"] == TFAIL)
    assert tfail["via"] is not None and tfail["source"].startswith("approximate")
    page = make_app(scratch_store).test_client().get("/map").get_data(as_text=True)
    assert 'href="/id/place/tfail"' in page
    assert 'class="mark approximate"' in page


def test_coordinates_added_to_the_store_are_drawn(scratch_store: Store) -> None:
    ensure_loaded(scratch_store)
    graph, geometry = NamedNode(str(USER_GRAPH)), NamedNode(f"{QR}geometry/tfail-test")
    wkt = Literal("POINT(36.36 34.22)", datatype=NamedNode(f"{GEO}wktLiteral"))
    scratch_store.add(
        [
            Quad(NamedNode(TFAIL), NamedNode(str(GEO.hasGeometry)), geometry, graph),
            Quad(geometry, NamedNode(str(GEO.asWKT)), wkt, graph),
        ]
    )
    data = _map(scratch_store)
    tfail = next(mark for mark in data["drawing"]["marks"] if mark["iri"] == TFAIL)
    assert tfail["approximate"] is False and tfail["label"] == "Tfail"
    assert TFAIL not in {node["iri"] for node in data["unlocated"]}
