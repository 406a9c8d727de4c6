"""The /validate page in headless Chromium: paste, validate, read the report, follow a focus node;
no console errors, nothing fetched elsewhere (the fixtures of test_browser.py)."""

from __future__ import annotations

import pytest

from tests.ui.browser import Browser
from tests.ui.test_browser import base_url, browser, page  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.server]
SECOND_COUNTRY = """@prefix qo: <https://w3id.org/qalamoun/ontology#> .
@prefix qr: <https://w3id.org/qalamoun/id/> .
qr:place\\/arsal qo:inCountry qr:country\\/syria .
"""


def test_paste_validate_and_follow_the_focus_node(page: Browser, base_url: str) -> None:  # noqa: F811
    assert page.goto(f"{base_url}/validate") == 200
    page.call("fill", selector="textarea[name=data]", value=SECOND_COUNTRY)
    url = page.follow("form.validate button[type=submit]")
    assert url.endswith("/validate")
    assert page.text(".outcome h2") == "Does not conform"
    assert page.count('table.results tr.violation a[href="/id/place/arsal"]') == 1
    assert "qo:inCountry" in page.text("table.results")
    # The pasted text is there to correct.
    assert "country\\/syria" in page.evaluate("document.querySelector('textarea').value")
    page.screenshot("validate-report")
    url = page.follow('table.results a[href="/id/place/arsal"]')
    assert url.endswith("/id/place/arsal")
    assert page.text("h1") == "Arsal"
