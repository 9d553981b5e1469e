from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tahaluf.cli import app
from tahaluf.types import Document, text_id

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
    assert "nope.txt: reading failed: no such file or folder" in result.stderr


def _three_files(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in (("a.txt", "أعلن لواء الحق انضمامه إلى جيش الفتح."),
                       ("boom.txt", "أعلن فيلق الشام انسحابه من جيش الفتح."),
                       ("c.txt", "أعلنت حركة نور الدين الزنكي انضمامها إلى هيئة تحرير الشام.")):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def _analyze_breaks_on_boom(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    import importlib

    from tahaluf.pipeline import analyze as real

    def analyze(doc: Document, **kw: Any) -> Any:
        if doc.source.endswith("boom.txt"):
            raise ValueError("could not convert string to float: '4,5,6,7'")
        return real(doc, **kw)

    monkeypatch.setattr(importlib.import_module(module), "analyze", analyze)


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_a_failing_analysis_is_reported_and_the_others_go_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    _analyze_breaks_on_boom(monkeypatch, "tahaluf.cli")
    result = runner.invoke(app, ["extract", *map(str, _three_files(tmp_path)), "--format", fmt])
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    boom = tmp_path / "boom.txt"
    assert (f"{boom}: analysis failed: ValueError: could not convert string to float: "
            "'4,5,6,7'") in result.stderr
    if fmt == "json":
        docs = json.loads(result.stdout)["documents"]
        assert [Path(d["source"]).name for d in docs] == ["a.txt", "c.txt"]


def test_no_failure_exit_status_zero(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", *map(str, _three_files(tmp_path)), "-f", "json"])
    assert result.exit_code == 0 and result.stderr == ""
    assert len(json.loads(result.stdout)["documents"]) == 3


def test_a_crashing_reader_is_reported_and_the_others_go_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tahaluf.ingest.readers as readers

    real = readers.read_path

    def read_path(path: Path, **kw: Any) -> Any:
        if path.name == "boom.txt":
            raise RuntimeError("reader bug")
        return real(path, **kw)

    monkeypatch.setattr(readers, "read_path", read_path)
    result = runner.invoke(app, ["extract", *map(str, _three_files(tmp_path)), "-f", "json"])
    assert result.exit_code == 1
    assert f"{tmp_path / 'boom.txt'}: reading failed: RuntimeError: reader bug" in result.stderr
    assert len(json.loads(result.stdout)["documents"]) == 2


def test_the_issue_9_excerpt_no_longer_crashes(tmp_path: Path) -> None:
    p = tmp_path / "r1.txt"
    p.write_text("قتل 4,5,6,7 عناصر من جيش الفتح في 3 آذار 2016", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(p), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["documents"][0]["text"].startswith("قتل 4,5,6,7")


def test_main_reports_an_unexpected_error_on_one_line(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from tahaluf import cli

    def broken() -> None:
        raise KeyError("lost")

    monkeypatch.delenv("TAHALUF_TRACEBACK", raising=False)
    monkeypatch.setattr(cli, "app", broken)
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "unexpected KeyError: 'lost'" in err and "Traceback" not in err
