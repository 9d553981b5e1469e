"""The seed column (../shared/seed): the facts the project was started to extract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tahaluf.cli import app


@pytest.fixture(scope="module")
def seed_doc(seed_path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["extract", str(seed_path), "--date", "2016-01-02",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)["documents"][0]
    return doc


def test_actors_and_places(seed_doc: dict[str, Any]) -> None:
    actors = {a["id"]: a for a in seed_doc["actors"]}
    for aid in ("jaish-al-fatah", "failaq-al-sham", "jund-al-aqsa", "isis", "assad-regime",
                "iranian-militias", "russia", "fath-halab", "al-jabha-al-shamiya",
                "free-syrian-army"):
        assert aid in actors, aid
    assert actors["jaish-al-fatah"]["coalition_kind"] == "operations_room"
    names = {p["name_en"] for p in seed_doc["places"]}
    for place in ("Idlib", "Aleppo", "Hama"):
        assert place in names
    folded = {m["text"] for p in seed_doc["places"] for m in p["mentions"]}
    for ar in ("إدلب", "سهل الغاب", "حلب", "الحاضر", "العيس", "حماة", "ريف حلب الجنوبي"):
        assert ar in folded, ar
    text = seed_doc["text"]
    for a in seed_doc["actors"] + seed_doc["places"]:
        for m in a["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]


def test_failaq_withdraws_asserted_on_publication_date(seed_doc: dict[str, Any]) -> None:
    [e] = [e for e in seed_doc["events"] if e["member"] == "failaq-al-sham"]
    assert (e["type"], e["coalition"], e["modality"]) == ("WITHDRAW", "jaish-al-fatah", "asserted")
    assert e["date"]["value"] == "2016-01-02" and e["date"]["basis"] == "published"


def test_jund_al_aqsa_withdrew_or_was_expelled_months_before(seed_doc: dict[str, Any]) -> None:
    [e] = [e for e in seed_doc["events"] if e["member"] == "jund-al-aqsa"]
    assert (e["type"], e["coalition"], e["modality"]) == ("WITHDRAW", "jaish-al-fatah", "hedged")
    assert e["alternatives"] == ["EXPEL"]
    assert e["date"]["latest"] < "2016-01-02" and e["date"]["basis"] == "relative"


def test_other_events(seed_doc: dict[str, Any]) -> None:
    others = seed_doc["other_events"]
    assert any(o["type"] == "CAPTURE" and o["actor"] == "jaish-al-fatah" and o["place"] == "loc-idlib"
               for o in others)
    assert any(o["type"] == "STANCE" and o["actor"] == "jaish-al-fatah" and o["target"] == "isis"
               for o in others)
    [adv] = [o for o in others if o["type"] == "ADVANCE"]
    assert set(adv["actors"]) == {"assad-regime", "iranian-militias"}
    assert adv["quantity"]["value"] == 400 and adv["quantity"]["approximate"]
    place = next(p for p in seed_doc["places"] if p["id"] == adv["place"])
    assert "ريف حلب الجنوبي" in {m["text"] for m in place["mentions"]}
    assert adv["date"]["earliest"] == "2015-09-30"


def test_closing_wish_is_not_an_event(seed_doc: dict[str, Any]) -> None:
    changing = [e for e in seed_doc["events"]
                if e["modality"] in ("asserted", "reported", "hedged")]
    assert not [e for e in changing if e["type"] in ("FORM", "JOIN")]
    assert not [e for e in seed_doc["events"] if e["coalition"] == "free-syrian-army"
                and e["modality"] != "hypothetical"]


def test_no_other_membership_change_in_the_column(seed_doc: dict[str, Any]) -> None:
    changing = {(e["type"], e["member"], e["coalition"]) for e in seed_doc["events"]
                if e["modality"] in ("asserted", "reported", "hedged")}
    assert changing == {("WITHDRAW", "failaq-al-sham", "jaish-al-fatah"),
                        ("WITHDRAW", "jund-al-aqsa", "jaish-al-fatah")}
