"""The pages in headless Chromium against a live `qkg serve`: queries run, links work, nothing
external is fetched, no console errors, no script from the data runs. Screenshots are written
to test-artifacts/screenshots/ for people to look at."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest

from tests.support.live import Server
from tests.ui.browser import ROOT, Browser, missing_prerequisite
from tests.ui.hostile import SCRIPT_LABEL
from tests.ui.live import prepare_store

pytestmark = [pytest.mark.browser, pytest.mark.server]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# Run against an already running server instead of starting one (its store then lacks the
# hostile village, and the escaping test is skipped).
BASE_URL_ENV = "QKG_UI_BASE_URL"
# Set by .ci/run: there, a missing Chromium or playwright-core fails the tests instead of skipping.
REQUIRE_ENV = "QKG_REQUIRE_BROWSER"
ACTIVE = ".tabPanel.active"  # YASGUI keeps the other tabs in the page, hidden


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The server under test."""
    given = os.environ.get(BASE_URL_ENV)
    if given:
        yield given.rstrip("/")
        return
    folder = tmp_path_factory.mktemp("ui-live")
    server = Server(folder, str(prepare_store(folder / "store")), writable=False).start()
    yield server.url
    server.stop()
    server.assert_clean_log()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module; skipped with the reason when it cannot start
    (failed instead when $QKG_REQUIRE_BROWSER is 1, as in CI)."""
    reason = missing_prerequisite()
    if reason and os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"browser tests need headless Chromium ({REQUIRE_ENV}=1): {reason}")
    if reason:
        pytest.skip(f"browser tests need headless Chromium: {reason}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS.parent / ".gitignore").write_text("*\n")
    driver = Browser(SCREENSHOTS)
    yield driver
    driver.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Browser]:
    """The browser, checked after each test: no console errors, nothing fetched elsewhere."""
    browser.console_errors()
    browser.requests()
    yield browser
    assert browser.console_errors() == []
    elsewhere = [
        r["url"] for r in browser.requests() if not r["url"].startswith((base_url, "data:"))
    ]
    assert elsewhere == []


def test_query_page_runs_an_example(page: Browser, base_url: str) -> None:
    assert page.goto(f"{base_url}/") == 200
    page.wait_for(".CodeMirror")
    page.call("click", selector='a.example[data-slug="13-phases"]')
    page.wait_for(f"{ACTIVE} .yasr .dataTable tbody tr td a.iri")
    assert page.count(f"{ACTIVE} .yasr .dataTable tbody tr") == 3
    cells = page.text(f"{ACTIVE} .yasr .dataTable tbody")
    assert "Battle for the hills" in cells
    href = page.evaluate(
        "document.querySelector('.tabPanel.active .yasr .dataTable a.iri').getAttribute('href')"
    )
    assert href.startswith(f"{base_url}/id/event/")
    page.screenshot("query-example")


def test_infer_switch_and_share_link(page: Browser, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.wait_for(".CodeMirror")
    page.call("click", selector='a.example[data-slug="01-offensive-dates"]')
    page.wait_for(f"{ACTIVE} .yasr .dataTable tbody tr td")
    page.call("click", selector="#infer-switch")
    page.requests()
    page.call("click", selector=f"{ACTIVE} .yasqe_queryButton")
    page.wait_for(f"{ACTIVE} .yasr .dataTable tbody tr td")
    sent = [r for r in page.requests() if r["url"].startswith(f"{base_url}/sparql")]
    assert sent and parse_qs(sent[-1]["body"] or "").get("infer") == ["true"]
    page.call("click", selector="#share-button")
    shared = page.evaluate("window.location.href")
    assert "infer=true" in shared and "query=" in shared
    page.goto(shared)
    page.wait_for(f"{ACTIVE} .yasr .dataTable tbody tr td")
    query = page.evaluate("window.qkgYasgui.getTab().getQuery()")
    assert "event:qalamoun-offensive-2014" in query
    assert page.evaluate("document.getElementById('infer-switch').checked") is True


def test_chart_view_draws_bars(page: Browser, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.wait_for(".CodeMirror")
    page.call("click", selector='a.example[data-slug="16-lebanese-soldiers-killed"]')
    page.wait_for(f"{ACTIVE} .yasr .dataTable tbody tr td")
    page.call("click", selector=f"{ACTIVE} .yasr .select_chart")
    page.wait_for(f"{ACTIVE} svg.qkg-chart rect.bar")
    assert page.count(f"{ACTIVE} svg.qkg-chart rect.bar") >= 3
    page.screenshot("query-chart")


def test_resource_page_and_following_a_link(page: Browser, base_url: str) -> None:
    assert page.goto(f"{base_url}/id/event/battle-of-arsal") == 200
    assert page.text("h1") == "Battle of Arsal"
    page.screenshot("resource-battle-of-arsal")
    url = page.follow('.details.event dd a[href="/id/place/arsal"]')
    assert url == f"{base_url}/id/place/arsal"
    assert page.text("h1") == "Arsal"
    assert page.count("svg.map .mark.highlight") == 1
    page.screenshot("resource-arsal")


def test_timeline_bars_open_events(page: Browser, base_url: str) -> None:
    page.goto(f"{base_url}/timeline")
    assert page.count("figure.timeline svg a.bar") > 50
    page.screenshot("timeline")
    url = page.follow('figure.timeline a.bar[href="/id/event/2014-08-02-rebel-capture-of-arsal"]')
    assert url.endswith("/id/event/2014-08-02-rebel-capture-of-arsal")


def test_claims_page_highlights_conflicts(page: Browser, base_url: str) -> None:
    page.goto(f"{base_url}/claims")
    assert page.count("table.pairs tbody tr") >= 10
    assert page.count("tr.conflict") >= 10
    colour = page.evaluate(
        "getComputedStyle(document.querySelector('tr.conflict td')).backgroundColor"
    )
    assert colour != "rgba(0, 0, 0, 0)"
    page.screenshot("claims")


def test_map_draws_the_places_offline(page: Browser, base_url: str) -> None:
    page.goto(f"{base_url}/map")
    assert page.count("svg.map a.mark") >= 7
    assert page.count("svg.map path.lebanon") == 1
    # Every located place (a row of the table) is drawn; the others are listed by name.
    assert page.count("svg.map a.mark") == page.count("table.places tbody tr")
    assert page.count("svg.map a.mark.approximate") >= 1
    assert page.count("ul.unlocated li a") >= 1
    # The zoomable map (Leaflet over world-atlas borders): one marker per located place.
    page.wait_for("#leaflet-map path.qkg-place")
    page.evaluate(
        "new Promise(done => { const check = () => document.querySelector("
        "'#leaflet-map path.qkg-country') ? done(true) : setTimeout(check, 50); check(); })"
    )
    assert page.count("#leaflet-map path.qkg-country") >= 5
    places = page.count("table.places tbody tr")
    assert page.count("#leaflet-map path.qkg-place") == places
    assert page.count("#leaflet-map path.qkg-place.approximate") >= 1
    assert page.evaluate("document.getElementById('svg-map').hidden") is True
    page.screenshot("map-leaflet")
    page.call("click", selector="#leaflet-map .leaflet-control-zoom-in")
    page.screenshot("map")


def test_citations_and_search(page: Browser, base_url: str) -> None:
    page.goto(f"{base_url}/citations")
    assert page.count("table.citations tbody tr") == 53
    page.screenshot("citations")
    page.call("fill", selector="header.site input[name=q]", value="Nusra")
    url = page.follow("header.site form.search button")
    assert "/search?q=Nusra" in url
    assert page.count('table.hits a[href="/id/actor/al-nusra-front"]') == 1
    page.screenshot("search")


def test_markup_in_labels_is_shown_as_text(page: Browser, base_url: str) -> None:
    if os.environ.get(BASE_URL_ENV):
        pytest.skip("the hostile village is only in the store the tests start")
    assert page.goto(f"{base_url}/id/place/hostile-test-village") == 200
    assert page.text("h1") == SCRIPT_LABEL
    page.evaluate(
        "document.querySelector('a[href*=onmouseover]')"
        "?.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))"
    )
    assert page.evaluate("window.qkgPwned === undefined") is True
    assert page.dialogs() == []
    page.screenshot("escaped-label")


def _run_in_new_tab(page: Browser, name: str, query: str) -> None:
    """Open a tab with the query and press the run button."""
    script = (
        "(() => { const tab = window.qkgYasgui.addTab(true, {name: %s}); tab.show();"
        " tab.setQuery(%s); return true; })()"
    )
    page.evaluate(script % (json.dumps(name), json.dumps(query)))
    page.call("click", selector=f"{ACTIVE} .yasqe_queryButton")


def test_construct_results_and_errors_show(page: Browser, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.wait_for(".CodeMirror")
    _run_in_new_tab(page, "construct", "CONSTRUCT WHERE { ?town a qo:Town }")
    page.wait_for(f"{ACTIVE} .yasr .dataTable tbody tr td")
    assert "qr:place/arsal" in page.text(f"{ACTIVE} .yasr .dataTable tbody")
    _run_in_new_tab(page, "broken", "SELEC ?nothing")
    page.wait_for(f"{ACTIVE} .yasr .errorResult")
    assert "line 1" in page.text(f"{ACTIVE} .yasr .errorResult")
    page.screenshot("query-error")
    # The browser and YASGUI log the endpoint's 400 for the broken query: expected here.
    errors = page.console_errors()
    assert all("400" in error or "BAD REQUEST" in error for error in errors), errors


def _type_in_editor(page: Browser, query: str, typed: str) -> None:
    """Open a tab with the query, put the cursor at its end and type the text key by key."""
    script = (
        "(() => { const tab = window.qkgYasgui.addTab(true, {name: 'complete'}); tab.show();"
        " const yasqe = tab.getYasqe(); yasqe.setValue(%s); yasqe.focus();"
        " yasqe.setCursor(yasqe.lastLine(), yasqe.getLine(yasqe.lastLine()).length);"
        " return true; })()"
    )
    page.evaluate(script % json.dumps(query))
    page.call("type", text=typed)


def test_completion_comes_from_our_graph(page: Browser, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.wait_for(".CodeMirror")
    prologue = "PREFIX qo: <https://w3id.org/qalamoun/ontology#>\n"
    prologue += "PREFIX qr: <https://w3id.org/qalamoun/id/>\n"
    _type_in_editor(page, prologue + "SELECT * WHERE { ?s a ", "qo:Tow")
    page.wait_for(".CodeMirror-hints")
    assert "qo:Town" in page.text(".CodeMirror-hints")
    page.screenshot("query-complete-class")
    page.call("press", key="Escape")
    _type_in_editor(page, prologue + "SELECT * WHERE { ?s ", "qo:inCou")
    page.wait_for(".CodeMirror-hints")
    assert "qo:inCountry" in page.text(".CodeMirror-hints")
    page.call("press", key="Escape")
    _type_in_editor(page, prologue + "SELECT * WHERE { ", "qr:ars")
    page.wait_for(".CodeMirror-hints")
    hints = page.text(".CodeMirror-hints")
    assert "qr:place\\/arsal" in hints and "Arsal" in hints
    page.screenshot("query-complete-entity")
    page.call("press", key="Enter")
    line = page.evaluate("window.qkgYasgui.getTab().getYasqe().getValue()")
    assert line.rstrip().endswith("qr:place\\/arsal")
    lov = [r["url"] for r in page.requests() if "lov.linkeddata" in r["url"]]
    assert lov == []


def test_result_cells_show_labels_and_link(page: Browser, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.wait_for(".CodeMirror")
    _run_in_new_tab(page, "towns", "SELECT ?town ?class WHERE { ?town a qo:Town, ?class }")
    page.wait_for(f"{ACTIVE} .yasr .dataTable tbody tr td a.iri.labelled")
    cells = page.text(f"{ACTIVE} .yasr .dataTable tbody")
    assert "Arsal" in cells and "qr:place/arsal" in cells
    hrefs = page.evaluate(
        "[...document.querySelectorAll('.tabPanel.active .yasr .dataTable a.iri')]"
        ".map(a => a.getAttribute('href'))"
    )
    assert f"{base_url}/id/place/arsal" in hrefs
    assert any("/resource?iri=" in href for href in hrefs)
    page.screenshot("query-labels")
    page.call("click", selector="#labels-switch")
    page.wait_for(f"{ACTIVE} .yasr .dataTable tbody tr td a.iri")
    assert page.count(f"{ACTIVE} .yasr .dataTable a.iri.labelled") == 0
    page.call("click", selector="#labels-switch")


@pytest.mark.parametrize(
    "path", ["/claims?all=1", "/citations", "/id/event/battle-of-arsal", "/id/place", "/map"]
)
def test_narrow_screens_scroll_tables_not_pages(page: Browser, base_url: str, path: str) -> None:
    page.call("viewport", width=380, height=800)
    try:
        assert page.goto(f"{base_url}{path}") == 200
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{path} is {overflow}px wider than the screen"
        if path == "/claims?all=1":
            page.screenshot("narrow-claims")
    finally:
        page.call("viewport", width=1280, height=900)


def test_search_suggests_names_as_you_type(page: Browser, base_url: str) -> None:
    page.goto(f"{base_url}/citations")
    page.call("click", selector="header.site input[name=q]")
    page.call("type", text="Hizbol")
    page.evaluate(
        "new Promise(done => { const list = document.getElementById('qkg-suggest-head');"
        " const check = () => list.options.length ? done(true) : setTimeout(check, 50);"
        " check(); })"
    )
    options = page.evaluate(
        "[...document.getElementById('qkg-suggest-head').options].map(o => o.value)"
    )
    assert options[0] == "Hezbollah"
    url = page.follow("header.site form.search button")
    assert "/search?q=Hizbol" in url
    assert page.count('table.hits a[href="/id/actor/hezbollah"]') == 1
    page.screenshot("search-transliteration")


def test_class_page_and_kind_lists(page: Browser, base_url: str) -> None:
    assert page.goto(f"{base_url}/classes/Settlement") == 200
    assert page.count('table.listing a[href="/id/place/arsal"]') == 1
    page.screenshot("class-settlement")
    page.follow('table.listing th a[href^="?sort=type"]')
    assert page.count("table.listing tbody tr") >= 5
    assert page.goto(f"{base_url}/id/") == 200
    url = page.follow('table.listing a[href="/id/place"]')
    assert url.endswith("/id/place") and page.count("table.listing tbody tr") >= 28
    page.screenshot("kind-place")


def test_reconciliation_batch_with_a_bad_query(page: Browser, base_url: str) -> None:
    page.goto(f"{base_url}/")
    answer = page.evaluate(
        "fetch('/reconcile', {method: 'POST', body: new URLSearchParams({queries: JSON.stringify({"
        " good: {query: 'Arsel'}, blank: {query: '  '}, zero: {query: 'Dimashq', limit: 0},"
        " odd: {query: 'Arsal', properties: [{pid: 'P9999', v: 'x'}]}, bad: {query: 5}})})})"
        ".then(r => r.json().then(body => ({status: r.status, body})))"
    )
    assert answer["status"] == 200
    body = answer["body"]
    assert body["good"]["result"][0]["id"] == "place/arsal"
    assert body["blank"]["result"] == [] and body["bad"]["error"]
    assert body["zero"]["result"][0]["id"] == "place/damascus"
    assert body["odd"]["result"][0]["match"] is True and body["odd"]["warnings"]
