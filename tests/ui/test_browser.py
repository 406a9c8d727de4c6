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
