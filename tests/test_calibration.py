"""Calibrated confidence: the table the eval writes is the one the extractor reads."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from tahaluf.cli import app
from tahaluf.extract.calibration import Counts, calibrated


def test_measured_precision_moves_the_default() -> None:
    table = {"join-masdar": Counts(96, 4), "join-masdar:list": Counts(1, 9)}
    assert calibrated("join-masdar", 0.85, table) > 0.93
    assert calibrated("join-masdar:list", 0.7, table) < 0.35
    # a modifier never measured falls back to its rule's figure
    assert calibrated("join-masdar:carried", 0.6, table) == calibrated("join-masdar", 0.6, table)
    # a rule never measured keeps its default
    assert calibrated("split-verb", 0.85, table) == 0.85


def test_few_observations_move_little() -> None:
    assert abs(calibrated("r", 0.8, {"r": Counts(0, 1)}) - 0.64) < 1e-9


def test_eval_writes_a_table_the_loader_reads(tmp_path: Path) -> None:
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({
        "id": "t1", "published": "2016-03-01",
        "text": "أعلن فيلق الشام انسحابه من جيش الفتح يوم الاثنين.",
        "events": [{"type": "WITHDRAW", "member": {"id": "failaq-al-sham"},
                    "coalition": {"id": "jaish-al-fatah"}}]}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    out = tmp_path / "cal.yaml"
    res = CliRunner().invoke(app, ["eval", str(gold), "--write-calibration", str(out)])
    assert res.exit_code == 0, res.output
    spec = yaml.safe_load(out.read_text(encoding="utf-8"))
    rules = spec["rules"]
    assert sum(c["tp"] for c in rules.values()) == 1
    assert all(c["fp"] == 0 for c in rules.values())
