"""The knowledge-base commands: thin, every help ends with an example, JSON output."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tahaluf.cli_kb import make_app, register
from tahaluf.errors import NotFoundError
from tahaluf.kb.testing import toy_corpus

COMMANDS = {"ingest", "members", "history", "timeline", "sources", "contradictions",
            "durability", "compare", "review", "export", "demo"}
TOY = ["--analyzer", "tahaluf.kb.testing:toy_analyze"]
ROOT = Path(__file__).resolve().parents[1]


def _is_group(cmd: Any) -> bool:
    return hasattr(cmd, "commands")  # Typer vendors its own click: no isinstance


def _commands(cmd: Any, prefix: str = "") -> list[tuple[str, Any]]:
    out = [(prefix.strip(), cmd)]
    if _is_group(cmd):
        for name, sub in cmd.commands.items():
            out += _commands(sub, f"{prefix} {name}")
    return out


def test_register_adds_every_command() -> None:
    app = typer.Typer()
    register(app)
    group = typer.main.get_command(app)
    assert set(group.commands) == COMMANDS  # type: ignore[attr-defined]
    review = group.commands["review"]  # type: ignore[attr-defined]
    assert set(review.commands) == {"accept", "reject", "correct", "add", "log"}


def test_every_help_ends_with_an_example() -> None:
    for name, cmd in _commands(typer.main.get_command(make_app())):
        if not name or _is_group(cmd):
            continue
        last = (cmd.help or "").strip().splitlines()[-1]
        assert last.startswith("Example: tahaluf "), name


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "kb.sqlite"
    monkeypatch.setenv("TAHALUF_DB", str(path))
    monkeypatch.setenv("TAHALUF_AUTHOR", "tester")
    monkeypatch.setenv("COLUMNS", "200")
    return path


def test_commands_end_to_end(db: Path, tmp_path: Path) -> None:
    run = CliRunner().invoke
    app = make_app()
    corpus = toy_corpus(tmp_path / "corpus", 30)
    r = run(app, ["ingest", *map(str, corpus), *TOY])
    assert r.exit_code == 1  # three broken inputs
    assert "boom.txt" in r.output and "30 stored" in r.output
    r = run(app, ["ingest", *map(str, corpus), *TOY, "--workers", "2"])
    assert r.exit_code == 1 and "30 already stored" in r.output

    r = run(app, ["members", "Gondor Operations Room", "--on", "2016-06-01", "-f", "json"])
    assert r.exit_code == 0, r.output
    answer = json.loads(r.stdout)
    assert answer["coalition"]["id"] == "gondor-room" and answer["on"] == "2016-06-01"
    r = run(app, ["members", "غرفة عمليات غوندور", "--on", "2016-06-01", "-f", "json"])
    assert json.loads(r.stdout) == answer
    assert run(app, ["members", "gondor-room", "--on", "2016-06-01"]).exit_code == 0

    r = run(app, ["timeline", "gondor-room", "-f", "json"])
    facts = json.loads(r.stdout)["facts"]
    assert facts and all(f["coalition"]["id"] == "gondor-room" for f in facts)
    fid = facts[0]["id"]
    for args in (["history", "Arnor Brigade"], ["sources", str(fid)], ["contradictions"],
                 ["durability"], ["timeline", "gondor-room"],
                 ["members", "gondor-room", "--as-known-on", "2030-01-01"]):
        r = run(app, args)
        assert r.exit_code == 0, (args, r.output)
        r = run(app, [*args, "--format", "json"])
        assert r.exit_code == 0 and json.loads(r.stdout) is not None, args

    assert run(app, ["review", "reject", str(fid), "--note", "wrong"]).exit_code == 0
    r = run(app, ["review", "correct", str(facts[1]["id"]), "--type", "EXPEL",
                  "--date", "2016-05"])
    assert r.exit_code == 0, r.output
    r = run(app, ["review", "add", "--type", "JOIN", "--member", "Rohan Corps",
                  "--coalition", "Eriador Front", "--date", "2014"])
    assert r.exit_code == 0, r.output
    r = run(app, ["review", "log", "-f", "json"])
    log = json.loads(r.stdout)
    assert [(e["action"], e["author"]) for e in log] == [
        ("reject", "tester"), ("correct", "tester"), ("add", "tester")]
    assert "reject" in run(app, ["review", "log"]).stdout

    for fmt in ("csv", "json", "graphml", "geojson", "ftm"):
        out = tmp_path / f"export.{fmt}"
        r = run(app, ["export", "--format", fmt, "--out", str(out)])
        assert r.exit_code == 0 and out.stat().st_size > 0, fmt
    r = run(app, ["export", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows and rows[0]["event_id_cnty"].startswith("TAH")


def test_unknown_names_and_bad_dates(db: Path) -> None:
    app = make_app()
    r = CliRunner().invoke(app, ["history", "Nobody At All"])
    assert isinstance(r.exception, NotFoundError)
    r = CliRunner().invoke(app, ["members", "x", "--on", "March"])
    assert r.exception is not None and "YYYY-MM-DD" in str(r.exception)
    # through main(): a coded message and exit status 2, no traceback
    done = subprocess.run([sys.executable, "-m", "tahaluf.cli_kb", "history", "Nobody"],
                          capture_output=True, text=True, env={"TAHALUF_DB": str(db),
                                                               "PATH": "/usr/bin:/bin",
                                                               "PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 2 and "[T404]" in done.stderr and "Traceback" not in done.stderr


def test_demo(tmp_path: Path) -> None:
    r = CliRunner().invoke(make_app(), ["demo", "--db", str(tmp_path / "demo.sqlite")])
    assert r.exit_code == 0, r.output
    assert "Jaish al-Fatah" in r.output or "جيش الفتح" in r.output
    assert (tmp_path / "demo.sqlite").exists()
