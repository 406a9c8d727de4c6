"""The access log: one line per request, without the Authorization header."""

from __future__ import annotations

import logging
import sys

import pytest
from flask import Flask
from werkzeug.test import Client

from qalamoun_kg.web.access_log import LOGGER, with_access_log

SECRET = "s3cret-token-value-0123456789"


def app() -> Flask:
    """A tiny app answering every path."""
    flask_app = Flask(__name__)

    @flask_app.route("/sparql")
    def sparql() -> str:
        return "ok"

    return flask_app


@pytest.mark.parametrize("paste", [True, False], ids=["translogger", "built-in"])
def test_one_line_per_request_without_the_token(
    paste: bool, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    if not paste:
        monkeypatch.setitem(sys.modules, "paste.translogger", None)
    client = Client(with_access_log(app()))
    with caplog.at_level(logging.INFO, logger=LOGGER):
        response = client.get(
            "/sparql?query=ASK%7B%7D", headers={"Authorization": f"Bearer {SECRET}"}
        )
        assert response.status_code == 200
        response.close()
        client.get("/missing").close()
    lines = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert len(lines) == 2
    assert '"GET /sparql?query=ASK%7B%7D HTTP/1.1" 200' in lines[0]
    assert '"GET /missing HTTP/1.1" 404' in lines[1]
    assert all(SECRET not in line for line in lines)
