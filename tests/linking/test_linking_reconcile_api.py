"""`/reconcile`: every response validated against the W3C Reconciliation API 0.2 JSON Schemas."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonschema import ValidationError
from werkzeug.test import TestResponse

from tests.linking.schemas import Validate, examples

# Characters that break naive code: lone surrogates, bidi overrides, NUL, markup and JSON syntax.
ODD = st.one_of(
    st.characters(),
    st.sampled_from(["\ud800", "\udc80", "\u202e", "\x00", "<", ">", '"', "&", "{", "}", "ع"]),
)
SCHEMA_OF_EXAMPLES = {
    "manifest": "manifest.json",
    "reconciliation-query-batch": "reconciliation-query-batch.json",
    "reconciliation-result-batch": "reconciliation-result-batch.json",
    "data-extension-query": "data-extension-query.json",
    "data-extension-response": "data-extension-response.json",
    "data-extension-property-proposal": "data-extension-property-proposal.json",
    "suggest-entities-response": "suggest-entities-response.json",
    "suggest-properties-response": "suggest-properties-response.json",
    "suggest-types-response": "suggest-types-response.json",
}


def ok_json(response: TestResponse) -> Any:
    """The JSON body of a 200 response."""
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def batch(client: FlaskClient, queries: dict[str, Any], method: str = "get") -> Any:
    """Send a `queries=` batch by GET or POST form."""
    data = {"queries": json.dumps(queries, ensure_ascii=False)}
    if method == "get":
        return ok_json(client.get("/reconcile", query_string=data))
    return ok_json(client.post("/reconcile", data=data))


@pytest.mark.parametrize("kind", sorted(SCHEMA_OF_EXAMPLES))
def test_schema_harness_accepts_valid_and_rejects_invalid_examples(
    schema_registry: object, validate: Validate, kind: str
) -> None:
    for document in examples(kind, "valid"):
        validate(SCHEMA_OF_EXAMPLES[kind], document)
    for document in examples(kind, "invalid"):
        with pytest.raises(ValidationError):
            validate(SCHEMA_OF_EXAMPLES[kind], document)


def test_manifest(client: FlaskClient, validate: Validate) -> None:
    manifest = ok_json(client.get("/reconcile"))
    validate("manifest.json", manifest)
    assert manifest["identifierSpace"] == "https://w3id.org/qalamoun/id/"
    assert manifest["schemaSpace"] == "https://w3id.org/qalamoun/ontology#"
    assert manifest["view"]["url"] == "http://localhost/id/{{id}}"
    assert "0.2" in manifest["versions"]
    default_types = {t["id"] for t in manifest["defaultTypes"]}
    assert {
        "qo:Person",
        "qo:Organization",
        "qo:ArmedGroup",
        "qo:Place",
        "qo:Event",
    } <= default_types
    assert ok_json(client.post("/reconcile")) == manifest


def test_manifest_urls_answer(client: FlaskClient) -> None:
    manifest = ok_json(client.get("/reconcile"))
    preview = manifest["preview"]["url"].replace("{{id}}", "place/arsal")
    assert client.get(preview.removeprefix("http://localhost")).status_code == 200
    for kind in ("entity", "type", "property"):
        service = manifest["suggest"][kind]
        path = service["service_url"].removeprefix("http://localhost") + service["service_path"]
        assert client.get(path, query_string={"prefix": "a"}).status_code == 200
    propose = manifest["extend"]["propose_properties"]
    path = propose["service_url"].removeprefix("http://localhost") + propose["service_path"]
    assert client.get(path, query_string={"type": "qo:Place"}).status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_batch_queries(client: FlaskClient, validate: Validate, method: str) -> None:
    queries = {
        "q0": {"query": "Arsal"},
        "q1": {"query": "Hizbullah", "type": "qo:Organization", "limit": 2},
        "q2": {"query": "Army"},
        "q3": {"query": "Aleppo"},
        "q4": {"query": "عرسال", "type": ["qo:Town", "qo:Village"], "type_strict": "any"},
    }
    validate("reconciliation-query-batch.json", queries)
    answer = batch(client, queries, method)
    validate("reconciliation-result-batch.json", answer)
    assert set(answer) == set(queries)
    arsal = answer["q0"]["result"][0]
    assert (arsal["id"], arsal["name"], arsal["match"], arsal["score"]) == (
        "place/arsal",
        "Arsal",
        True,
        100.0,
    )
    assert arsal["type"] == [{"id": "qo:Town", "name": "town"}]
    assert [c["id"] for c in answer["q1"]["result"]] == [
        "actor/hezbollah",
        "side/syrian-government-and-hezbollah",
    ]
    assert answer["q1"]["result"][0]["match"] is True
    assert not any(c["match"] for c in answer["q2"]["result"])
    assert {c["id"] for c in answer["q2"]["result"][:2]} == {
        "actor/lebanese-army",
        "actor/syrian-army",
    }
    assert answer["q3"]["result"] == []
    assert answer["q4"]["result"][0]["id"] == "place/arsal"


def test_type_filter_excludes_other_kinds(client: FlaskClient) -> None:
    answer = batch(client, {"q": {"query": "Arsal", "type": "qo:Event"}})
    ids = [c["id"] for c in answer["q"]["result"]]
    assert ids and all(i.startswith("event/") for i in ids)
    assert "place/arsal" not in ids
    bare = batch(client, {"q": {"query": "Arsal", "type": "Place", "limit": 3}})
    assert bare["q"]["result"][0]["id"] == "place/arsal"
    assert len(bare["q"]["result"]) == 3


def test_type_strict_should_keeps_others_lower(client: FlaskClient) -> None:
    answer = batch(client, {"q": {"query": "Arsal", "type": "qo:Event", "type_strict": "should"}})
    scores = {c["id"]: c["score"] for c in answer["q"]["result"]}
    assert scores["place/arsal"] == 80.0


def test_property_constraints(client: FlaskClient, validate: Validate) -> None:
    queries = {
        "lebanon": {"query": "Arsal", "properties": [{"pid": "P17", "v": "Lebanon"}]},
        "syria": {"query": "Arsal", "properties": [{"pid": "qo:inCountry", "v": "Syria"}]},
        "army": {
            "query": "Army",
            "properties": [{"pid": "country", "v": {"id": "country/lebanon"}}],
            "limit": 30,
        },
        "wd": {"query": "Lebanon", "properties": [{"pid": "P17", "v": "Q822"}]},
        "date": {"query": "Battle", "properties": [{"pid": "P580", "v": "2014-08-02"}], "limit": 3},
        "coords": {"query": "Arsal", "properties": [{"pid": "P625", "v": "34.18,36.42"}]},
    }
    validate("reconciliation-query-batch.json", queries)
    answer = batch(client, queries)
    validate("reconciliation-result-batch.json", answer)
    top = {key: value["result"][0] for key, value in answer.items()}
    assert (top["lebanon"]["id"], top["lebanon"]["match"]) == ("place/arsal", True)
    assert top["syria"]["id"] == "place/arsal" and top["syria"]["match"] is False
    assert top["syria"]["score"] == 70.0
    assert top["army"]["id"] == "actor/lebanese-army"
    army = answer["army"]["result"]
    assert army[0]["score"] - next(c for c in army if c["id"] == "actor/syrian-army")["score"] >= 30
    assert (top["wd"]["id"], top["wd"]["match"]) == ("country/lebanon", True)
    assert top["date"]["id"] == "event/battle-of-arsal"
    assert top["coords"]["score"] == 100.0


def test_query_by_properties_alone(client: FlaskClient, validate: Validate) -> None:
    queries = {"q": {"properties": [{"pid": "wikidata", "v": "Q41053"}], "type": "qo:Organization"}}
    validate("reconciliation-query-batch.json", queries)
    answer = batch(client, queries)
    validate("reconciliation-result-batch.json", answer)
    assert answer["q"]["result"][0]["id"] == "actor/hezbollah"


def test_single_query(client: FlaskClient) -> None:
    plain = ok_json(client.get("/reconcile", query_string={"query": "ISIS"}))
    assert plain["result"][0]["id"] == "actor/islamic-state"
    as_json = ok_json(client.get("/reconcile", query_string={"query": '{"query": "LAF"}'}))
    assert as_json["result"][0]["id"] == "actor/lebanese-army"


def test_jsonp(client: FlaskClient) -> None:
    response = client.get("/reconcile", query_string={"query": "Arsal", "callback": "cb_1"})
    assert response.mimetype == "application/javascript"
    text = response.get_data(as_text=True)
    assert text.startswith("/**/cb_1(") and text.endswith(");")
    bad = client.get("/reconcile", query_string={"callback": "alert(1)//"})
    assert bad.status_code == 400


@pytest.mark.parametrize("queries", ["{not json", "[]", '"q"', "[" * 5000 + "]" * 5000])
def test_a_batch_that_is_no_object_of_queries_is_400(client: FlaskClient, queries: str) -> None:
    response = client.post("/reconcile", data={"queries": queries})
    assert response.status_code == 400
    assert response.get_json()["error"]


@pytest.mark.parametrize(
    "bad",
    [
        "Arsal",
        {"query": 5},
        {"query": "Arsal", "limit": "ten"},
        {"query": "Arsal", "type": 3},
        {"query": "Arsal", "type_strict": "maybe"},
        {"query": "Arsal", "properties": [{"pid": "P17"}]},
        {"query": "Arsal", "properties": [{"pid": "P17", "v": {"name": "x"}}]},
        {"query": "Arsal", "extra": 1},
        {},
        {"properties": []},
        {"query": "x" * 2000},
    ],
)
def test_a_bad_query_gets_its_own_error_and_the_batch_runs(
    client: FlaskClient, validate: Validate, bad: Any
) -> None:
    answer = batch(client, {"bad": bad, "good": {"query": "Arsal"}})
    validate("reconciliation-result-batch.json", answer)
    assert answer["bad"]["result"] == [] and answer["bad"]["error"]
    assert answer["good"]["result"][0]["id"] == "place/arsal"


def test_forgiving_queries_are_answered_with_warnings(
    client: FlaskClient, validate: Validate
) -> None:
    queries = {
        "blank": {"query": "   "},
        "zero": {"query": "Arsal", "limit": 0},
        "unknown": {"query": "Arsal", "properties": [{"pid": "P9999", "v": "x"}]},
        "good": {"query": "Hezbollah"},
    }
    answer = batch(client, queries)
    validate("reconciliation-result-batch.json", answer)
    assert answer["blank"]["result"] == [] and answer["blank"]["warnings"]
    assert answer["zero"]["result"][0]["id"] == "place/arsal" and answer["zero"]["warnings"]
    unknown = answer["unknown"]
    assert unknown["result"][0]["match"] is True and "P9999" in unknown["warnings"][0]
    assert "warnings" not in answer["good"]


@pytest.mark.parametrize(
    ("query", "pid", "value"),
    [
        ("Battle of Arsal", "P580", "2 August 2014"),
        ("Battle of Arsal", "P580", "August 2014"),
        ("Arsal", "P625", "POINT(36.42 34.18)"),
        ("Arsal", "P31", "settlement"),
        ("Arsal", "P31", "Town"),
    ],
)
def test_readable_constraint_values_agree(
    client: FlaskClient, query: str, pid: str, value: str
) -> None:
    answer = batch(client, {"q": {"query": query, "properties": [{"pid": pid, "v": value}]}})
    top = answer["q"]["result"][0]
    assert top["match"] is True and top["score"] == 100.0, answer
    assert "warnings" not in answer["q"]


@pytest.mark.parametrize(
    ("pid", "value"),
    [("P580", "sometime in summer"), ("P625", "near the border"), ("P31", "hamlet-ish")],
)
def test_unreadable_constraint_values_are_neutral(
    client: FlaskClient, pid: str, value: str
) -> None:
    query = {"query": "Battle of Arsal", "properties": [{"pid": pid, "v": value}]}
    answer = batch(client, {"q": query})
    top = answer["q"]["result"][0]
    assert (top["id"], top["score"], top["match"]) == ("event/battle-of-arsal", 100.0, True)
    assert value in answer["q"]["warnings"][0]


def test_a_sibling_type_is_a_near_miss_and_another_kind_a_disagreement(
    client: FlaskClient,
) -> None:
    def top(value: str) -> Any:
        query = {"query": "Arsal", "properties": [{"pid": "P31", "v": value}]}
        return batch(client, {"q": query})["q"]["result"][0]

    village = top("village")  # Arsal is a town: both are settlements
    assert (village["id"], village["score"], village["match"]) == ("place/arsal", 100.0, True)
    battle = top("battle")
    assert battle["id"] != "place/arsal" or battle["score"] <= 70.0


def test_a_wikidata_id_alone_is_a_strong_match(client: FlaskClient) -> None:
    answer = batch(client, {"q": {"properties": [{"pid": "P2888", "v": "Q3766"}]}})
    top = answer["q"]["result"][0]
    assert (top["id"], top["score"], top["match"]) == ("place/damascus", 100.0, True)
    assert all(c["score"] < 10 for c in answer["q"]["result"][1:])


@pytest.mark.parametrize("name", ["Dimashq", "Damas", "ash-Sham", "Damaskus", "Liban", "Suriya"])
def test_exonyms_find_their_place(client: FlaskClient, name: str) -> None:
    expected = {"Liban": "country/lebanon", "Suriya": "country/syria"}.get(name, "place/damascus")
    top = batch(client, {"q": {"query": name}})["q"]["result"][0]
    assert (top["id"], top["match"]) == (expected, True)


def test_spec_invalid_query_examples_get_errors(client: FlaskClient) -> None:
    for document in examples("reconciliation-query-batch", "invalid"):
        response = client.post("/reconcile", data={"queries": json.dumps(document)})
        answers = ok_json(response)
        assert all(answers[key]["error"] for key in document), document


def test_spec_valid_query_examples_are_answered(client: FlaskClient, validate: Validate) -> None:
    for document in examples("reconciliation-query-batch", "valid"):
        response = client.post("/reconcile", data={"queries": json.dumps(document)})
        answers = ok_json(response)
        validate("reconciliation-result-batch.json", answers)
        assert not any("error" in answer for answer in answers.values())


def test_suggest_entities(client: FlaskClient, validate: Validate) -> None:
    answer = ok_json(client.get("/reconcile/suggest/entity", query_string={"prefix": "ars"}))
    validate("suggest-entities-response.json", answer)
    assert answer["result"][0]["id"] == "place/arsal"
    typed = ok_json(
        client.get("/reconcile/suggest/entity", query_string={"prefix": "hiz", "type": "qo:Person"})
    )
    assert typed["result"] == []
    variant = ok_json(client.get("/reconcile/suggest/entity", query_string={"prefix": "Hizbullah"}))
    assert variant["result"][0]["id"] == "actor/hezbollah"
    page = ok_json(
        client.get(
            "/reconcile/suggest/entity", query_string={"prefix": "a", "cursor": 2, "limit": 3}
        )
    )
    first = ok_json(
        client.get("/reconcile/suggest/entity", query_string={"prefix": "a", "limit": 5})
    )
    assert page["result"] == first["result"][2:5]


def test_suggest_types_and_properties(client: FlaskClient, validate: Validate) -> None:
    types = ok_json(client.get("/reconcile/suggest/type", query_string={"prefix": "vill"}))
    validate("suggest-types-response.json", types)
    assert [t["id"] for t in types["result"]] == ["qo:Village"]
    group = ok_json(client.get("/reconcile/suggest/type", query_string={"prefix": "group"}))
    assert "qo:ArmedGroup" in [t["id"] for t in group["result"]]
    props = ok_json(client.get("/reconcile/suggest/property", query_string={"prefix": "coun"}))
    validate("suggest-properties-response.json", props)
    assert props["result"][0]["id"] == "qo:inCountry"
    by_pid = ok_json(client.get("/reconcile/suggest/property", query_string={"prefix": "P62"}))
    assert [p["id"] for p in by_pid["result"]] == ["geo:asWKT"]


def test_suggest_needs_a_prefix(client: FlaskClient) -> None:
    for kind in ("entity", "type", "property"):
        response = client.get(f"/reconcile/suggest/{kind}")
        assert response.status_code == 400
        assert "prefix" in response.get_json()["error"]
    assert client.get("/reconcile/suggest/entity?prefix=a&limit=x").status_code == 400


def test_flyout(client: FlaskClient) -> None:
    answer = ok_json(client.get("/reconcile/flyout/entity", query_string={"id": "place/arsal"}))
    assert answer["id"] == "place/arsal"
    assert "Arsal" in answer["html"] and "<script" not in answer["html"]
    assert client.get("/reconcile/flyout/entity", query_string={"id": "nope"}).status_code == 400


def test_preview(client: FlaskClient) -> None:
    response = client.get("/reconcile/preview", query_string={"id": "actor/hezbollah"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<h1>" in page and "Hezbollah" in page and "حزب الله" in page
    assert 'href="https://www.wikidata.org/wiki/Q41053"' in page
    assert 'href="http://localhost/id/actor/hezbollah"' in page
    assert "&#x27;" in client.get("/reconcile/preview?id=place/arsal").get_data(as_text=True)


def test_preview_escapes_unknown_ids(client: FlaskClient) -> None:
    response = client.get("/reconcile/preview", query_string={"id": "<script>alert(1)</script>"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert client.get("/reconcile/preview").status_code == 400


def test_extend(client: FlaskClient, validate: Validate) -> None:
    request: dict[str, Any] = {
        "ids": ["place/arsal", "event/battle-of-arsal", "actor/hezbollah", "nothing/here"],
        "properties": [
            {"id": "P17"},
            {"id": "P625"},
            {"id": "wikidata"},
            {"id": "qo:startDate"},
            {"id": "P582"},
            {"id": "skos:altLabel", "settings": {"limit": 1}},
        ],
    }
    validate("data-extension-query.json", request)
    answer = ok_json(client.post("/reconcile", data={"extend": json.dumps(request)}))
    validate("data-extension-response.json", answer)
    rows = answer["rows"]
    assert set(rows) == set(request["ids"])
    assert rows["place/arsal"]["qo:inCountry"] == [{"id": "country/lebanon", "name": "Lebanon"}]
    assert rows["place/arsal"]["geo:asWKT"] == [{"str": "34.17944,36.42083"}]
    assert rows["actor/hezbollah"]["owl:sameAs"] == [{"str": "Q41053"}]
    assert rows["event/battle-of-arsal"]["qo:startDate"] == [{"date": "2014-08-02T00:00:00Z"}]
    assert rows["event/battle-of-arsal"]["qo:endDate"] == [{"date": "2014-08-07T00:00:00Z"}]
    assert len(rows["place/arsal"]["skos:altLabel"]) == 1
    assert all(values == [] for values in rows["nothing/here"].values())
    assert [m["id"] for m in answer["meta"]][:2] == ["qo:inCountry", "geo:asWKT"]


def test_extend_spec_examples_shape(client: FlaskClient, validate: Validate) -> None:
    for document in examples("data-extension-query", "valid"):
        response = client.post("/reconcile", data={"extend": json.dumps(document)})
        assert response.status_code == 400
        assert "unknown property" in response.get_json()["error"]


@pytest.mark.parametrize(
    "extend",
    [
        "nope",
        '{"ids": "place/arsal", "properties": []}',
        '{"ids": [], "properties": [{"name": "x"}]}',
        '{"ids": [], "properties": [{"id": "P17", "settings": {"limit": -1}}]}',
    ],
)
def test_bad_extend_is_400(client: FlaskClient, extend: str) -> None:
    response = client.get("/reconcile", query_string={"extend": extend})
    assert response.status_code == 400 and response.get_json()["error"]


def test_propose_properties(client: FlaskClient, validate: Validate) -> None:
    answer = ok_json(client.get("/reconcile/propose_properties", query_string={"type": "qo:Town"}))
    validate("data-extension-property-proposal.json", answer)
    ids = [p["id"] for p in answer["properties"]]
    assert {"owl:sameAs", "qo:inCountry", "geo:asWKT"} <= set(ids)
    assert "qo:startDate" not in ids
    events = ok_json(client.get("/reconcile/propose_properties?type=Event&limit=3"))
    validate("data-extension-property-proposal.json", events)
    assert len(events["properties"]) == 3 and events["type"] == "qo:Event"
    assert client.get("/reconcile/propose_properties?type=qo:Nothing").status_code == 400


def test_cors_header(client: FlaskClient) -> None:
    assert client.get("/reconcile").headers["Access-Control-Allow-Origin"] == "*"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(ODD, max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(ODD, max_size=8), inner),
    max_leaves=20,
)
QUERY_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "query": st.text(ODD, max_size=40),
        "type": st.one_of(st.text(ODD, max_size=12), st.lists(st.text(ODD, max_size=12))),
        "limit": st.one_of(st.integers(-5, 10**12), st.floats()),
        "type_strict": st.sampled_from(["any", "all", "should", "?"]),
        "properties": st.lists(
            st.fixed_dictionaries({"pid": st.sampled_from(["P17", "P625", "P580", "wikidata"])})
            .map(dict)
            .flatmap(lambda d: st.just(d) | JSON_VALUES.map(lambda v: {**d, "v": v})),
            max_size=3,
        ),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    where=st.sampled_from(["queries", "extend", "query"]),
    payload=st.one_of(
        JSON_VALUES.map(lambda v: json.dumps(v)),
        st.dictionaries(st.text(ODD, max_size=5), QUERY_FIELDS, max_size=3).map(json.dumps),
        st.text(ODD, max_size=80),
    ),
)
@example(where="queries", payload="\ud800").via("a lone surrogate")
@example(where="extend", payload='{"ids": ["\\udc80"], "properties": [{"id": "P17"}]}')
def test_hostile_reconcile_input_never_fails_the_server(
    client: FlaskClient, where: str, payload: str
) -> None:
    # Sent as a broken client would: lone surrogates as the invalid UTF-8 bytes they become.
    body_bytes = urlencode({where: payload.encode("utf-8", "surrogatepass")})
    response = client.post(
        "/reconcile", data=body_bytes, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (200, 400), response.get_data(as_text=True)
    body = response.get_json()
    assert isinstance(body, dict)
    assert response.status_code == 200 or body["error"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(
        ["/suggest/entity", "/suggest/type", "/suggest/property", "/flyout/entity", "/preview"]
    ),
    value=st.text(ODD, max_size=40),
    extra=st.dictionaries(st.sampled_from(["type", "cursor", "limit", "callback"]), st.text(ODD)),
)
@example(path="/preview", value="<script>\ud800", extra={"callback": "\udc80"})
def test_hostile_suggest_and_preview_input(
    client: FlaskClient, path: str, value: str, extra: dict[str, str]
) -> None:
    params = {"prefix": value, "id": value, **extra}
    query = urlencode({k: v.encode("utf-8", "surrogatepass") for k, v in params.items()})
    response = client.get(f"/reconcile{path}?{query}")
    assert response.status_code in (200, 400, 404), response.get_data(as_text=True)
    if response.mimetype == "text/html":
        assert "<script" not in response.get_data(as_text=True).lower()


@pytest.mark.parametrize(
    ("where", "payload"),
    [
        ("queries", '{"\\ud800": {"query": "Arsal"}}'),
        ("extend", '{"ids": ["\\udc80", "a b>", "place/arsal"], "properties": [{"id": "P17"}]}'),
        ("queries", '{"q": {"query": "A", "properties": [{"pid": "\\ud800", "v": "x"}]}}'),
    ],
)
def test_lone_surrogates_are_echoed_escaped(client: FlaskClient, where: str, payload: str) -> None:
    response = client.post("/reconcile", data={where: payload})
    assert response.status_code in (200, 400)
    assert "\\ud800" in response.get_data(as_text=True) or "\\udc80" in response.get_data(
        as_text=True
    )
