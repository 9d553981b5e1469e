from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tahaluf.cli import app
from tahaluf.types import text_id

runner = CliRunner()


def extract_json(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["extract", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_seed_contract_and_offsets(seed_path: Path) -> None:
    out = extract_json(str(seed_path), "--date", "2016-01-02")
    [doc] = out["documents"]
    text = doc["text"]
    assert doc["id"] == text_id(text)
    assert doc["published"] == "2016-01-02"
    assert doc["source"] == str(seed_path)
    for key in ("sentences", "actors", "places", "events", "other_events", "memberships"):
        assert isinstance(doc[key], list)
    assert len(doc["sentences"]) >= 8
    for s in doc["sentences"]:
        assert 0 <= s["start"] < s["end"] <= len(text)
    for a in doc["actors"] + doc["places"]:
        for m in a["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    for e in doc["events"] + doc["other_events"] + doc["memberships"]:
        ev = e["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]


def test_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    from tahaluf import cli

    p = tmp_path / "a.txt"
    p.write_text("نص", encoding="utf-8")
    import pytest

    with pytest.raises(Exception) as info:
        cli.parse_iso_date("2016-13-01")
    assert "YYYY-MM-DD" in str(info.value)


def test_failed_input_sets_exit_status(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("أعلن لواء الحق انضمامه إلى جيش الفتح.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(good), str(tmp_path / "nope.txt"), "--format", "json"])
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)["documents"]) == 1
    assert "nope.txt: no such file or folder" in result.stderr
