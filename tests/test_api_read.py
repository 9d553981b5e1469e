"""REST API, read side: every GET endpoint on the bundled sample corpus, good and bad
parameters, and the JSON error shape (status, code, message, hint)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tahaluf.api import Settings, create_app
from tahaluf.api.testing import sample_kb
from tahaluf.kb import KB

JF = "jaish-al-fatah"


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KB]:
    kb = sample_kb(tmp_path_factory.mktemp("api-read") / "kb.sqlite")
    yield kb
    kb.close()


@pytest.fixture(scope="module")
def client(kb: KB, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    tokens = tmp_path_factory.mktemp("tokens") / "tokens.json"
    return TestClient(create_app(Settings(token_store=tokens), kb=kb))


def get(client: TestClient, url: str, expect: int = 200, **params: Any) -> Any:
    r = client.get(url, params=params or None)
    assert r.status_code == expect, r.text
    return r.json()


def error(client: TestClient, url: str, expect: int, **params: Any) -> dict[str, Any]:
    body = get(client, url, expect, **params)
    err = body["error"]
    assert err["status"] == expect and err["code"].startswith("T") and err["message"]
    return err  # type: ignore[no-any-return]


# --- search and names ------------------------------------------------------------------
@pytest.mark.parametrize("q", ["جيش الفتح", "Jaish al-Fatah", "Jaysh al-Fath", "وجيش الفتح",
                               "jaish-al-fatah", "Army of Conquest"])
def test_search_resolves_arabic_english_clitics_and_variants(client: TestClient, q: str) -> None:
    body = get(client, "/api/search", q=q)
    assert body["resolved"]["id"] == JF
    assert body["matches"][0]["actor"]["id"] == JF


def test_search_lists_fuzzy_matches_for_a_misspelling(client: TestClient) -> None:
    body = get(client, "/api/search", q="Faylak al Sham")
    ids = [m["actor"]["id"] for m in body["matches"]]
    assert "failaq-al-sham" in ids[:3]
    assert all(0 < m["score"] <= 100 for m in body["matches"])


def test_search_of_nonsense_resolves_nothing(client: TestClient) -> None:
    body = get(client, "/api/search", q="zzzzqqqq xxyy")
    assert body["resolved"] is None


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x" * 201}, {"q": "a", "limit": 0},
                                    {"q": "a", "limit": "many"}])
def test_search_bad_parameters_are_422(client: TestClient, params: dict[str, Any]) -> None:
    error(client, "/api/search", 422, **params)


def test_actor_list_and_kind_filter(client: TestClient) -> None:
    every = get(client, "/api/actors", limit=500)
    coalitions = get(client, "/api/actors", kind="coalition", limit=500)
    assert coalitions["total"] < every["total"]
    assert {a["kind"] for a in coalitions["items"]} == {"coalition"}
    page = get(client, "/api/actors", limit=5, offset=5)
    assert len(page["items"]) == 5 and page["items"][0] == every["items"][5]
    error(client, "/api/actors", 422, limit=501)
    error(client, "/api/actors", 422, offset=-1)


def test_actor_detail_by_arabic_name(client: TestClient) -> None:
    body = get(client, "/api/actors/فيلق الشام")
    assert body["actor"]["id"] == "failaq-al-sham"
    assert body["n_facts"] > 0 and "فيلق الشام" in body["names"]


def test_unknown_actor_is_404_with_close_matches(client: TestClient) -> None:
    err = error(client, "/api/actors/جيش الفتخ", 404)
    assert any(m["actor"]["id"] == JF for m in err["close_matches"])
    assert "close matches" in err["hint"]
    err = error(client, "/api/coalitions/جيش الفتخ/members", 404, on="2016-01-01")
    assert JF in [m["actor"]["id"] for m in err["close_matches"]]


# --- coalitions --------------------------------------------------------------------------
def test_members_on_a_date(client: TestClient) -> None:
    body = get(client, f"/api/coalitions/{JF}/members", on="2015-06-01")
    assert body["coalition"]["id"] == JF and body["on"] == "2015-06-01"
    members = {m["member"]["id"] for m in body["members"]}
    assert {"ahrar-al-sham", "failaq-al-sham", "jund-al-aqsa"} <= members
    for m in body["members"]:
        assert m["start"]["earliest"] is None or m["start"]["earliest"] <= "2015-06-01"
        for ev in m["evidence"]:
            assert ev["quote"] in ev["sentence"]
    later = get(client, "/api/coalitions/جيش الفتح/members", on="2016-06-01")
    assert "failaq-al-sham" not in {m["member"]["id"] for m in later["members"]}


def test_members_evidence_limit(client: TestClient) -> None:
    body = get(client, f"/api/coalitions/{JF}/members", on="2015-06-01", evidence=0)
    assert all(m["evidence"] == [] for m in body["members"])
    error(client, f"/api/coalitions/{JF}/members", 422, on="2015-06-01", evidence=99)


@pytest.mark.parametrize("param", ["on", "as_known_on"])
@pytest.mark.parametrize("bad", ["2016-13-01", "01/03/2016", "2016-3-1", "yesterday", "20160301"])
def test_malformed_dates_say_how_to_write_them(client: TestClient, param: str, bad: str) -> None:
    err = error(client, f"/api/coalitions/{JF}/members", 422, **{param: bad})
    assert err["hint"] == "write it as YYYY-MM-DD" and err["param"] == param


def test_as_known_on_hides_later_reports(client: TestClient) -> None:
    now = get(client, f"/api/coalitions/{JF}/members", on="2015-06-01")
    before = get(client, f"/api/coalitions/{JF}/members", on="2015-06-01",
                 as_known_on="2000-01-01")
    assert now["members"] and before["members"] == []
    assert before["as_known_on"] == "2000-01-01"


def test_coalition_detail_has_every_interval(client: TestClient) -> None:
    body = get(client, f"/api/coalitions/{JF}")
    ivs = body["intervals"]
    assert len(ivs) >= 4 and all(iv["coalition"]["id"] == JF for iv in ivs)
    for iv in ivs:
        assert iv["lo"] <= iv["hi"] and iv["fact_ids"]
        assert set(iv["start"]) == {"value", "precision", "earliest", "latest"}


def test_history_and_timeline(client: TestClient) -> None:
    hist = get(client, "/api/actors/Faylaq al-Sham/history")
    assert hist["actor"]["id"] == "failaq-al-sham"
    assert JF in {iv["coalition"]["id"] for iv in hist["intervals"]}
    assert all(f["id"] > 0 for f in hist["facts"])
    error(client, "/api/actors/failaq-al-sham/history", 422, as_known_on="2016/01/01")
    tl = get(client, f"/api/coalitions/{JF}/timeline")
    types = [f["type"] for f in tl["facts"]]
    assert "FORM" in types and "WITHDRAW" in types
    days = [f["date"]["earliest"] or "" for f in tl["facts"]]
    assert days == sorted(days, key=lambda d: d or "0")
    get(client, f"/api/coalitions/{JF}/timeline", include_rejected="true")
    error(client, f"/api/coalitions/{JF}/timeline", 422, include_rejected="maybe")


def test_network_changes_with_the_date(client: TestClient) -> None:
    def certain(day: str) -> set[tuple[str, str]]:
        net = get(client, "/api/network", on=day)
        return {(e["source"], e["target"]) for e in net["edges"] if e["certain"]}

    early, mid = certain("2013-01-01"), certain("2015-06-01")
    assert ("failaq-al-sham", JF) in mid and ("failaq-al-sham", JF) not in early
    assert len(mid) > len(early)
    net = get(client, "/api/network", on="2015-06-01")
    ids = {n["id"] for n in net["nodes"]}
    for e in net["edges"]:
        assert e["source"] in ids and e["target"] in ids
        assert e["start"]["earliest"] is None or e["start"]["earliest"] <= "2015-06-01"
    assert [n for n in net["nodes"] if "coalition" in n["roles"]]
    only = get(client, "/api/network", on="2015-06-01", certain="true")
    assert {(e["source"], e["target"]) for e in only["edges"]} == mid
    assert all(e["certain"] for e in only["edges"])
    room = get(client, "/api/network", on="2015-06-01", coalition="جيش الفتح")
    assert {e["target"] for e in room["edges"]} == {JF}


def test_network_needs_a_good_date(client: TestClient) -> None:
    assert error(client, "/api/network", 422)["hint"] == "write it as YYYY-MM-DD"
    error(client, "/api/network", 422, on="2015-02-30")
    error(client, "/api/network", 404, on="2015-01-01", coalition="no such room")


# --- map ---------------------------------------------------------------------------------
def test_places_and_gazetteer_are_geojson(client: TestClient) -> None:
    places = get(client, "/api/places")
    assert places["type"] == "FeatureCollection" and places["features"]
    for f in places["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert 30 < lat < 40 and 33 < lon < 45, f
    gov = get(client, "/api/gazetteer", level="governorate")
    assert len(gov["features"]) == 14
    assert {f["properties"]["level"] for f in gov["features"]} == {"governorate"}
    assert get(client, "/api/gazetteer", level="nothing")["features"] == []


def test_events_filter_by_date_range_and_actor(client: TestClient) -> None:
    every = get(client, "/api/events")["features"]
    assert every and all(f["properties"]["feature"] == "event" for f in every)
    in_2015 = get(client, "/api/events", start="2015-01-01", end="2015-12-31")["features"]
    assert 0 < len(in_2015) < len(every)
    for f in in_2015:
        d = f["properties"]["date"]
        assert (d["latest"] or "9999") >= "2015-01-01" and (d["earliest"] or "") <= "2015-12-31"
    by_actor = get(client, "/api/events", actor="جيش الفتح")["features"]
    assert by_actor and all(f["properties"]["actor"]["id"] == JF for f in by_actor)
    assert len(get(client, "/api/events", limit=1)["features"]) == 1


@pytest.mark.parametrize("params", [{"start": "2015"}, {"end": "31-12-2015"},
                                    {"start": "2016-01-01", "end": "2015-01-01"},
                                    {"limit": 0}])
def test_events_bad_parameters(client: TestClient, params: dict[str, Any]) -> None:
    error(client, "/api/events", 422, **params)


def test_events_unknown_actor(client: TestClient) -> None:
    error(client, "/api/events", 404, actor="Gondor")


# --- documents and facts -----------------------------------------------------------------
def test_documents_and_evidence_offsets(client: TestClient) -> None:
    page = get(client, "/api/documents", limit=100)
    assert page["total"] == len(page["items"]) >= 40
    assert all("text" not in d for d in page["items"])
    assert all(d["date_basis"] in (None, "cli", "metadata", "sidecar", "dates.csv",
                                   "filename", "dateline") for d in page["items"])
    assert any(d["published"] and d["date_basis"] for d in page["items"])
    checked = 0
    for meta in page["items"][:15]:
        doc = get(client, "/api/documents/" + meta["id"])
        chars = doc["text"]
        for e in doc["evidence"]:
            s, t = e["sentence"], e["span"]
            assert 0 <= s["start"] <= t["start"] <= t["end"] <= s["end"] <= len(chars)
            checked += 1
    assert checked > 5


def test_document_evidence_matches_the_fact_sources(client: TestClient) -> None:
    fact = get(client, "/api/facts", type="WITHDRAW", limit=1)["items"][0]
    src = get(client, f"/api/facts/{fact['id']}")
    ev = src["evidence"][0]
    doc = get(client, "/api/documents/" + ev["document_id"])
    mine = [e for e in doc["evidence"] if e["fact_id"] == fact["id"]]
    assert mine
    span = mine[0]["span"]
    assert doc["text"][span["start"]:span["end"]] == ev["quote"]
    sent = mine[0]["sentence"]
    assert doc["text"][sent["start"]:sent["end"]] == ev["sentence"]


def test_unknown_document_is_404(client: TestClient) -> None:
    error(client, "/api/documents/sha256:" + "0" * 64, 404)
    error(client, "/api/documents/" + "x" * 81, 422)


def test_fact_list_filters_and_pages(client: TestClient) -> None:
    every = get(client, "/api/facts", limit=500)
    assert every["total"] == len(every["items"])
    ids = [f["id"] for f in every["items"]]
    assert ids == sorted(ids, reverse=True)
    w = get(client, "/api/facts", type="withdraw", limit=500)
    assert w["items"] and {f["type"] for f in w["items"]} == {"WITHDRAW"}
    c = get(client, "/api/facts", coalition="جيش الفتح", limit=500)
    assert c["items"] and {f["coalition"]["id"] for f in c["items"]} == {JF}
    u = get(client, "/api/facts", status="unreviewed", limit=2, offset=1)
    assert [f["id"] for f in u["items"]] == ids[1:3]
    error(client, "/api/facts", 422, status="maybe")
    error(client, "/api/facts", 404, coalition="nowhere at all")


def test_fact_with_sources_and_contradictions(client: TestClient) -> None:
    contra = get(client, "/api/contradictions")
    assert contra
    c = contra[0]
    assert c["kind"] in ("date", "exit_reason", "denial") and len(c["facts"]) >= 2
    fid = c["facts"][0]["id"]
    body = get(client, f"/api/facts/{fid}")
    assert body["fact"]["id"] == fid
    assert body["evidence"] and body["evidence"][0]["sentence"]
    assert any(fid in [f["id"] for f in x["facts"]] for x in body["contradictions"])
    assert body["reviews"] == []


@pytest.mark.parametrize(("path", "status"), [("/api/facts/999999", 404), ("/api/facts/0", 422),
                                              ("/api/facts/abc", 422),
                                              ("/api/facts/" + "9" * 30, 422)])
def test_bad_fact_ids(client: TestClient, path: str, status: int) -> None:
    error(client, path, status)


def test_contradictions_by_coalition_and_known_on(client: TestClient) -> None:
    jf = get(client, "/api/contradictions", coalition="جيش الفتح")
    assert jf and {c["coalition"]["id"] for c in jf} == {JF}
    assert get(client, "/api/contradictions", as_known_on="2000-01-01") == []
    error(client, "/api/contradictions", 422, as_known_on="soon")


def test_stats_durability_and_review_log(client: TestClient) -> None:
    stats = get(client, "/api/stats")
    assert stats["documents"] >= 40 and stats["facts"] > 0
    kinds = {d["coalition_kind"] for d in get(client, "/api/durability")}
    assert "operations_room" in kinds
    assert isinstance(get(client, "/api/review/log"), list)
    error(client, "/api/review/log", 422, fact_id="x")


# --- exports -----------------------------------------------------------------------------
@pytest.mark.parametrize(("fmt", "media"), [("csv", "text/csv"), ("json", "application/json"),
                                            ("graphml", "application/xml"),
                                            ("geojson", "application/geo+json"),
                                            ("ftm", "application/x-ndjson")])
def test_exports(client: TestClient, fmt: str, media: str) -> None:
    r = client.get(f"/api/export/{fmt}")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media)
    assert "attachment" in r.headers["content-disposition"]
    body = r.text
    if fmt == "json":
        assert json.loads(body)["facts"]
    elif fmt == "geojson":
        assert json.loads(body)["type"] == "FeatureCollection"
    elif fmt == "ftm":
        assert json.loads(body.splitlines()[0])["schema"]
    elif fmt == "csv":
        assert body.startswith("event_id_cnty,")
    else:
        assert "<graphml" in body


def test_unknown_export_format(client: TestClient) -> None:
    error(client, "/api/export/xlsx", 422)


# --- plumbing ----------------------------------------------------------------------------
def test_unknown_path_and_method_are_json(client: TestClient) -> None:
    error(client, "/api/nothing-here", 404)
    r = client.delete("/api/stats")
    assert r.status_code == 405 and r.json()["error"]["status"] == 405


def test_openapi_and_offline_docs(client: TestClient) -> None:
    spec = get(client, "/openapi.json")
    paths = set(spec["paths"])
    for p in ("/api/search", "/api/network", "/api/coalitions/{name}/members",
              "/api/facts/{fact_id}/accept", "/api/export/{fmt}", "/api/events"):
        assert p in paths
    html = client.get("/docs")
    assert html.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html.text
    assert "cdn" not in html.text.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_web_ui_is_served_with_vendored_libraries(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for src in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/cytoscape/cytoscape.min.js",
                "/static/js/core.js", "/static/js/views.js", "/static/js/viz.js",
                "/static/js/compare.js"):
        assert src in r.text
        assert client.get(src).status_code == 200
    for lic in ("leaflet/LICENSE", "cytoscape/LICENSE", "swagger-ui/LICENSE"):
        assert client.get("/static/vendor/" + lic).status_code == 200
    assert "http://" not in r.text and "https://" not in r.text
    syria = client.get("/static/syria.geojson").json()
    ring = syria["features"][0]["geometry"]["coordinates"][0]
    assert len(ring) > 20 and ring[0] == ring[-1]


def test_security_headers_and_no_cors_by_default(client: TestClient) -> None:
    r = client.get("/api/stats", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert r.headers["x-content-type-options"] == "nosniff"
    pre = client.options("/api/stats", headers={"Origin": "https://evil.example",
                                                "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in pre.headers


def test_cors_only_for_configured_origins(kb: KB, tmp_path: Path) -> None:
    app = create_app(Settings(token_store=tmp_path / "t.json",
                              cors_origins=("http://localhost:3000",)), kb=kb)
    c = TestClient(app)
    ok = c.get("/api/stats", headers={"Origin": "http://localhost:3000"})
    assert ok.headers["access-control-allow-origin"] == "http://localhost:3000"
    other = c.get("/api/stats", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_api_json_is_the_kb_answer_to_json(client: TestClient, kb: KB) -> None:
    """The API writes the KB's result dataclasses with orjson: the same JSON as to_json()."""
    fid = get(client, "/api/facts", limit=1)["items"][0]["id"]
    pairs = [
        (f"/api/coalitions/{JF}/members?on=2015-06-01&evidence=2",
         kb.members(JF, on="2015-06-01", evidence=2).to_json()),
        ("/api/actors/failaq-al-sham/history", kb.history("failaq-al-sham").to_json()),
        (f"/api/coalitions/{JF}/timeline", kb.timeline(JF).to_json()),
        (f"/api/facts/{fid}", kb.sources(fid).to_json()),
        ("/api/contradictions", [c.to_json() for c in kb.contradictions()]),
        ("/api/durability", [d.to_json() for d in kb.durability()]),
    ]
    for url, expected in pairs:
        assert get(client, url) == json.loads(json.dumps(expected)), url


def test_csv_export_modalities(client: TestClient) -> None:
    import csv
    import io

    def modalities(url: str) -> set[str]:
        r = client.get(url)
        assert r.status_code == 200, r.text
        return {row["modality"] for row in csv.DictReader(io.StringIO(r.text))}

    asserted = modalities("/api/export/csv")
    assert asserted and asserted <= {"asserted", "reported", "hedged"}
    every = modalities("/api/export/csv?all_modalities=true")
    assert every >= asserted
    facts = json.loads(client.get("/api/export/json").text)["facts"]
    denied = {f["modality"] for f in facts if f["kind"] != "membership"} - asserted
    assert every == asserted | denied
