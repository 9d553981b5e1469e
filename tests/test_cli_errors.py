"""What a new user hits: each mistake gets a coded message and exit status 2 from
``tahaluf.cli:main`` — never a traceback, never a folder made behind their back."""

from __future__ import annotations

import csv
import io
import json
import socket
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tahaluf import cli
from tahaluf.kb.testing import toy

TOY = ["--analyzer", "tahaluf.kb.testing:toy_analyze"]


def run_main(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
             *args: str) -> tuple[int, str]:
    """Run the installed entry point (``tahaluf.cli:main``) as the shell would."""
    monkeypatch.setattr(sys, "argv", ["tahaluf", *args])
    with pytest.raises(SystemExit) as done:
        cli.main()
    got = capsys.readouterr()
    text = " ".join((got.out + got.err).split())  # rich wraps long lines
    assert "Traceback" not in text
    code = done.value.code
    return (code if isinstance(code, int) else 1), text


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import tahaluf.kb
    from tahaluf.kb.testing import toy_lexicon

    path = tmp_path / "kb.sqlite"
    monkeypatch.setenv("TAHALUF_DB", str(path))
    monkeypatch.setenv("COLUMNS", "200")
    kb = tahaluf.kb.open(str(path), lexicon=toy_lexicon())  # type: ignore[arg-type]
    kb.store_analysis(toy(["FORM arnor-brigade gondor-room 2015-03-24",
                           "CAPTURE gondor-room minas-tirith 2015-04-02 negated",
                           "CAPTURE rohan-corps minas-tirith 2015-05-02",
                           "JOIN dale-battalions gondor-room 2015-06 hypothetical"],
                          outlet="Dale Herald", published="2016-01-03"))
    kb.close()
    return path


# --- export --out ---------------------------------------------------------------------------
def test_export_into_an_existing_folder_writes_the_default_name(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    code, text = run_main(capsys, monkeypatch, "export", "--format", "csv", "--out", str(folder))
    assert code == 0, text
    assert (folder / "tahaluf.csv").read_text(encoding="utf-8").startswith("event_id_cnty,")
    assert f"to {folder / 'tahaluf.csv'}" in text
    code, text = run_main(capsys, monkeypatch, "export", "-f", "ftm", "-o", str(folder))
    assert code == 0 and (folder / "tahaluf.ftm.jsonl").stat().st_size > 0


def test_export_into_a_missing_folder_is_a_clear_error(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, text = run_main(capsys, monkeypatch, "export", "--format", "csv", "--out",
                          "missing/dir/x.csv")
    assert code == 2
    assert "[T500] folder missing/dir does not exist" in text
    assert not (tmp_path / "missing").exists()


def test_all_modalities_only_for_csv_and_geojson(
        db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, text = run_main(capsys, monkeypatch, "export", "-f", "graphml", "--all-modalities")
    assert code == 2 and "--all-modalities applies to csv and geojson" in text


def test_export_leaves_out_denied_and_hoped_for_events_unless_asked(db: Path) -> None:
    run = CliRunner().invoke
    r = run(cli.app, ["export", "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert sorted((x["tahaluf_type"], x["actor1"], x["modality"]) for x in rows) == [
        ("CAPTURE", "Rohan Corps", "asserted"), ("FORM", "Arnor Brigade", "asserted")]
    r = run(cli.app, ["export", "--format", "csv", "--all-modalities"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert sorted((x["tahaluf_type"], x["modality"]) for x in rows) == [
        ("CAPTURE", "asserted"), ("CAPTURE", "negated"), ("FORM", "asserted"),
        ("JOIN", "hypothetical")]

    def events(*extra: str) -> list[tuple[str, str]]:
        r = run(cli.app, ["export", "--format", "geojson", *extra])
        assert r.exit_code == 0, r.output
        return sorted((f["properties"]["actor_id"], f["properties"]["modality"])
                      for f in json.loads(r.stdout)["features"]
                      if f["properties"]["feature"] == "event")

    assert events() == [("rohan-corps", "asserted")]
    assert events("--all-modalities") == [("gondor-room", "negated"),
                                          ("rohan-corps", "asserted")]


# --- --db in a folder that does not exist ---------------------------------------------------
@pytest.mark.parametrize("command", [["members", "x"], ["export", "-f", "csv"],
                                     ["ingest", "nothing.txt"]])
def test_db_in_a_missing_folder_is_an_error_and_no_folder_is_made(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TAHALUF_DB", raising=False)
    url = f"sqlite:///{tmp_path}/nonexistent/dir/x.sqlite"
    code, text = run_main(capsys, monkeypatch, *command, "--db", url)
    assert code == 2
    assert f"[T400] folder {tmp_path}/nonexistent/dir does not exist" in text
    assert not (tmp_path / "nonexistent").exists()


def test_the_default_database_folder_is_still_made(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tahaluf.kb

    monkeypatch.delenv("TAHALUF_DB", raising=False)
    monkeypatch.setenv("TAHALUF_HOME", str(tmp_path / "home" / "tahaluf"))
    tahaluf.kb.open().close()
    assert (tmp_path / "home" / "tahaluf" / "tahaluf.sqlite").exists()


# --- eval --texts ---------------------------------------------------------------------------
@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"r{i}", "events": []}) for i in range(3))
                    + "\n", encoding="utf-8")
    return path


def test_eval_with_a_missing_texts_folder(gold: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    code, text = run_main(capsys, monkeypatch, "eval", str(gold), "--texts", "/nonexistent")
    assert code == 2 and "[T100] /nonexistent: --texts must be a folder" in text


def test_eval_when_no_record_text_is_found(gold: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "other.txt").write_text("نص", encoding="utf-8")
    code, text = run_main(capsys, monkeypatch, "eval", str(gold), "--texts", str(texts))
    assert code == 2
    assert f"{texts}: no text found for any of the 3 record(s)" in text
    code, text = run_main(capsys, monkeypatch, "eval", str(gold))
    assert code == 2 and "give --texts FOLDER" in text


# --- serve on a busy port -------------------------------------------------------------------
def test_serve_on_a_busy_port(capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    def never(*_a: object, **_k: object) -> None:
        raise AssertionError("the server must not start")

    monkeypatch.setattr(uvicorn, "run", never)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, text = run_main(capsys, monkeypatch, "serve", "--port", str(port))
    assert code == 2 and f"[T000] port {port} is in use" in text
    assert "http://" not in text  # the URL is not announced


# --- unknown file types in an ingested folder -----------------------------------------------
def test_unknown_file_types_are_named_one_line_each(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAHALUF_DB", str(tmp_path / "kb.sqlite"))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "2016-01-03_a.txt").write_text("JOIN x gondor-room 2016", encoding="utf-8")
    (folder / "table.xyz").write_text("1,2", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    code, text = run_main(capsys, monkeypatch, "ingest", str(folder), *TOY)
    assert code == 0, text
    assert f"{folder / 'table.xyz'}: skipped, unknown file type .xyz" in text
    assert f"{folder / 'scan.pdf'}: skipped, unknown file type .pdf" in text
    assert "1 read, 1 stored" in text
