"""Exports: ACLED-like CSV, JSON, GraphML read by networkx, GeoJSON, valid FtM entities."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

import tahaluf.kb
from tahaluf.kb import KB
from tahaluf.kb.export import CSV_COLUMNS, export
from tahaluf.kb.testing import toy, toy_lexicon


@pytest.fixture
def kb(tmp_path: Path) -> KB:
    kb = tahaluf.kb.open(f"sqlite:///{tmp_path}/kb.sqlite",
                         lexicon=toy_lexicon())  # type: ignore[arg-type]
    kb.store_analysis(toy(["FORM arnor-brigade gondor-room 2015-03-24 with=rohan-corps",
                           "WITHDRAW rohan-corps gondor-room 2016-01",
                           "CAPTURE gondor-room minas-tirith 2015-04-02",
                           "MEMBER dale-battalions gondor-room 2015-05-05"],
                          outlet="Dale Herald", url="https://dale.example/a",
                          published="2016-01-03"))
    return kb


def _run(kb: KB, fmt: str) -> str:
    buf = io.StringIO()
    export(kb, fmt, buf)
    return buf.getvalue()


def test_csv_has_acled_like_columns(kb: KB) -> None:
    rows = list(csv.DictReader(io.StringIO(_run(kb, "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    by_type = {r["tahaluf_type"]: r for r in rows}
    assert set(by_type) == {"FORM", "WITHDRAW", "CAPTURE"}  # memberships are not events
    form = by_type["FORM"]
    assert form["event_id_cnty"].startswith("TAH") and form["event_date"] == "2015-03-24"
    assert (form["year"], form["time_precision"]) == ("2015", "1")
    assert (form["actor1"], form["actor2"]) == ("Arnor Brigade", "Gondor Operations Room")
    assert form["source"] == "Dale Herald" and "FORM arnor-brigade" in form["notes"]
    assert by_type["WITHDRAW"]["time_precision"] == "3"
    cap = by_type["CAPTURE"]
    assert (cap["event_type"], cap["location"], cap["admin1"]) == (
        "Battles", "Minas Tirith", "Anorien")
    assert float(cap["latitude"]) == pytest.approx(35.93)


def test_json_export(kb: KB) -> None:
    doc = json.loads(_run(kb, "json"))
    assert {a["id"] for a in doc["actors"]} >= {"gondor-room", "rohan-corps"}
    assert len(doc["facts"]) == 4 and doc["facts"][0]["evidence"][0]["outlet"] == "Dale Herald"
    assert {(i["member"], i["end"] is None) for i in doc["intervals"]} == {
        ("arnor-brigade", True), ("rohan-corps", False), ("dale-battalions", True)}


def test_graphml_is_read_by_networkx(kb: KB, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    path.write_text(_run(kb, "graphml"), encoding="utf-8")
    g = nx.read_graphml(path)
    assert g.nodes["gondor-room"]["name_ar"] == "غرفة عمليات غوندور"
    assert g.nodes["gondor-room"]["coalition_kind"] == "operations_room"
    edges = {(u, v): d for u, v, d in g.edges(data=True)}
    rohan = edges[("rohan-corps", "gondor-room")]
    assert (rohan["start"], rohan["end"], rohan["open"]) == ("2015-03-24", "2016-01", False)
    assert edges[("arnor-brigade", "gondor-room")]["open"] is True


def test_geojson_places_and_captures(kb: KB) -> None:
    doc = json.loads(_run(kb, "geojson"))
    assert doc["type"] == "FeatureCollection"
    kinds = sorted(f["properties"]["feature"] for f in doc["features"])
    assert kinds == ["event", "place"]
    event = next(f for f in doc["features"] if f["properties"]["feature"] == "event")
    assert event["geometry"] == {"type": "Point", "coordinates": [36.63, 35.93]}
    assert event["properties"]["type"] == "CAPTURE"
    assert event["properties"]["actor_id"] == "gondor-room"


def test_ftm_entities_are_valid(kb: KB) -> None:
    from followthemoney import model

    entities = [json.loads(line) for line in _run(kb, "ftm").splitlines()]
    proxies = []
    for e in entities:
        model.get(e["schema"]).validate(e)  # raises InvalidData on a bad property or value
        p = model.get_proxy(e, cleaned=False)
        assert p.to_dict()["properties"].keys() == e["properties"].keys()  # nothing dropped
        proxies.append(p)
    by_schema: dict[str, list[object]] = {}
    for p in proxies:
        by_schema.setdefault(p.schema.name, []).append(p)
    assert set(by_schema) == {"Organization", "Membership", "Article"}
    ids = {p.id for p in proxies}
    rohan = next(p for p in by_schema["Membership"]  # type: ignore[attr-defined]
                 if p.first("member") == "tahaluf-actor-rohan-corps")
    assert rohan.first("organization") == "tahaluf-actor-gondor-room"
    assert rohan.get("startDate") == ["2015-03-24"] and rohan.get("endDate") == ["2016-01"]
    assert rohan.get("sourceUrl") == ["https://dale.example/a"]
    assert set(rohan.get("proof")) <= ids
    org = model.make_entity("Organization")  # and a fresh proxy takes the same properties
    org.add("name", "Rohan Corps")
    assert org.schema.is_a("LegalEntity")


@pytest.fixture
def mixed(tmp_path: Path) -> KB:
    """A denied capture, a hoped-for join and a reported withdrawal beside asserted facts."""
    kb = tahaluf.kb.open(f"sqlite:///{tmp_path}/mixed.sqlite",
                         lexicon=toy_lexicon())  # type: ignore[arg-type]
    kb.store_analysis(toy(["FORM arnor-brigade gondor-room 2015-03-24",
                           "CAPTURE gondor-room minas-tirith 2015-04-02 negated",
                           "CAPTURE rohan-corps minas-tirith 2015-05-02",
                           "JOIN dale-battalions gondor-room 2015-06 hypothetical",
                           "WITHDRAW arnor-brigade gondor-room 2016-01 reported"],
                          outlet="Dale Herald", published="2016-01-03"))
    return kb


def _csv_rows(kb: KB, **kw: bool) -> list[dict[str, str]]:
    buf = io.StringIO()
    export(kb, "csv", buf, **kw)
    return list(csv.DictReader(io.StringIO(buf.getvalue())))


def _events(kb: KB, **kw: bool) -> list[dict[str, object]]:
    buf = io.StringIO()
    export(kb, "geojson", buf, **kw)
    return [f["properties"] for f in json.loads(buf.getvalue())["features"]
            if f["properties"]["feature"] == "event"]


def test_csv_and_geojson_hold_only_what_the_store_asserts(mixed: KB) -> None:
    rows = _csv_rows(mixed)
    assert sorted((r["tahaluf_type"], r["modality"]) for r in rows) == [
        ("CAPTURE", "asserted"), ("FORM", "asserted"), ("WITHDRAW", "reported")]
    battles = [r for r in rows if r["event_type"] == "Battles"]
    assert [r["actor1"] for r in battles] == ["Rohan Corps"]  # the denied capture is left out
    assert [(e["type"], e["actor_id"], e["modality"]) for e in _events(mixed)] == [
        ("CAPTURE", "rohan-corps", "asserted")]


def test_all_modalities_adds_them_with_their_modality(mixed: KB) -> None:
    rows = _csv_rows(mixed, all_modalities=True)
    assert sorted((r["tahaluf_type"], r["modality"]) for r in rows) == [
        ("CAPTURE", "asserted"), ("CAPTURE", "negated"), ("FORM", "asserted"),
        ("JOIN", "hypothetical"), ("WITHDRAW", "reported")]
    events = _events(mixed, all_modalities=True)
    assert sorted((e["actor_id"], e["modality"]) for e in events) == [  # type: ignore[type-var]
        ("gondor-room", "negated"), ("rohan-corps", "asserted")]
