"""Document dates: every basis, their precedence, notes on values that are not dates, and
dates that reach the facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tahaluf.cli import app, sample_dir
from tahaluf.ingest import iter_documents
from tahaluf.ingest.docdates import dateline_date, filename_date, parse_date
from tahaluf.types import Document

ARTICLE = "أعلن فيلق الشام انضمامه إلى جيش الفتح في بيان رسمي."
TOY = ["--analyzer", "tahaluf.kb.testing:toy_analyze"]


def _read(*paths: Path, published: str | None = None) -> tuple[list[Document], list[str]]:
    docs: list[Document] = []
    notes: list[str] = []
    for r in iter_documents(list(paths), published=published):
        notes.extend(r.notes)
        if r.document is not None:
            docs.append(r.document)
    return docs, notes


def _dated(*paths: Path, published: str | None = None) -> list[tuple[str | None, str | None]]:
    return [(d.published, d.date_basis) for d in _read(*paths, published=published)[0]]


@pytest.mark.parametrize(("value", "day"), [
    ("2016-01-03", "2016-01-03"),
    ("2016-01-03T10:00:00+03:00", "2016-01-03"),
    ("2016-01-03 10:00", "2016-01-03"),
    ("2016/1/3", "2016-01-03"),
    ("20160103", "2016-01-03"),
    ("٢٠١٦-٠١-٠٣", "2016-01-03"),
    ("2016-02-30", None),
    ("yesterday", None),
    ("2016", None),
    ("", None),
    (20160103, None),
])
def test_parse_date(value: object, day: str | None) -> None:
    assert parse_date(value) == day


@pytest.mark.parametrize(("name", "day"), [
    ("2016-01-03_outlet.txt", "2016-01-03"),
    ("outlet-20160103.txt", "2016-01-03"),
    ("2016_01_03.txt", "2016-01-03"),
    ("enab.2016.01.03.html", "2016-01-03"),
    ("report-2016.txt", None),
    ("x-2016-13-01.txt", None),
    ("id-1234567890.txt", None),
    ("2016-01_03.txt", None),  # mixed separators are not a date
])
def test_filename_date(name: str, day: str | None) -> None:
    assert filename_date(name) == day


@pytest.mark.parametrize(("text", "day"), [
    ("حلب، 3 آذار 2016 (خاص) - أعلن فيلق الشام انسحابه.", "2016-03-03"),
    ("القاهرة في ١٥ يناير ٢٠١٦ - أعلنت الفصائل تشكيل غرفة عمليات.", "2016-01-15"),
    ("إدلب – شبكة الشمال\n\nأعلن الفيلق، يوم السبت 2 كانون الثاني 2016، انسحابه.", "2016-01-02"),
    ("أعلن الفيلق انسحابه في آذار 2016.", None),  # a month is not a dateline
    ("أعلن الفيلق انسحابه أمس.", None),
    ("كلام " * 80 + "في 3 آذار 2016", None),  # too far from the top
])
def test_dateline_date(text: str, day: str | None) -> None:
    assert dateline_date(text) == day


def test_each_basis(tmp_path: Path) -> None:
    (tmp_path / "side.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "side.json").write_text('{"published": "2015-05-01"}', encoding="utf-8")
    (tmp_path / "listed.txt").write_text(ARTICLE + " ١", encoding="utf-8")
    (tmp_path / "dates.csv").write_text("path,date\nlisted.txt,2015-06-01\n", encoding="utf-8")
    (tmp_path / "2015-07-01_named.txt").write_text(ARTICLE + " ٢", encoding="utf-8")
    (tmp_path / "lined.txt").write_text("حلب، 3 آب 2015 - " + ARTICLE, encoding="utf-8")
    (tmp_path / "bare.txt").write_text(ARTICLE + " ٣", encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"text": ARTICLE + " ٤", "date": "2015-09-01"}) + "\n", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        '<html><head><meta name="date" content="2015/10/01"></head>'
        f"<body><p>{ARTICLE} ٥</p></body></html>", encoding="utf-8")
    got = {Path(d.source.split(":")[0]).name: (d.published, d.date_basis)
           for d in _read(tmp_path)[0]}
    assert got == {
        "side.txt": ("2015-05-01", "sidecar"),
        "listed.txt": ("2015-06-01", "dates.csv"),
        "2015-07-01_named.txt": ("2015-07-01", "filename"),
        "lined.txt": ("2015-08-03", "dateline"),
        "bare.txt": (None, None),
        "feed.jsonl": ("2015-09-01", "metadata"),
        "page.html": ("2015-10-01", "metadata"),
    }
    assert _dated(tmp_path / "bare.txt", published="2014-01-01") == [("2014-01-01", "cli")]


def test_precedence(tmp_path: Path) -> None:
    """Every basis present at once; take them away from the top one by one."""
    name = "2015-04-01_outlet.txt"
    doc = tmp_path / name
    doc.write_text("حلب، 3 آب 2015 - " + ARTICLE, encoding="utf-8")
    side = tmp_path / "2015-04-01_outlet.json"
    side.write_text('{"date": "2015-02-01"}', encoding="utf-8")
    listing = tmp_path / "dates.csv"
    listing.write_text(f"path,date\n./{name},2015-03-01\n", encoding="utf-8")
    jsonl = tmp_path / "2015-04-01_feed.jsonl"
    jsonl.write_text(json.dumps({"text": ARTICLE, "published": "2015-01-01"}) + "\n",
                     encoding="utf-8")
    assert _dated(doc, published="2014-12-01") == [("2014-12-01", "cli")]
    assert _dated(jsonl, published="2014-12-01") == [("2014-12-01", "cli")]
    assert _dated(jsonl) == [("2015-01-01", "metadata")]
    assert _dated(doc) == [("2015-02-01", "sidecar")]
    side.unlink()
    assert _dated(doc) == [("2015-03-01", "dates.csv")]
    listing.unlink()
    assert _dated(doc) == [("2015-04-01", "filename")]
    renamed = doc.rename(tmp_path / "outlet.txt")
    assert _dated(renamed) == [("2015-08-03", "dateline")]


def test_values_that_are_not_dates_are_reported_and_the_next_basis_used(tmp_path: Path) -> None:
    feed = tmp_path / "2016-01-03_feed.jsonl"
    feed.write_text(json.dumps({"text": ARTICLE, "published": "xyz"}) + "\n"
                    + json.dumps({"text": ARTICLE + " ١", "published": "2016-02-30"}) + "\n",
                    encoding="utf-8")
    docs, notes = _read(feed)
    assert [(d.published, d.date_basis) for d in docs] == [("2016-01-03", "filename")] * 2
    assert notes == [f"{feed}:1: published 'xyz' is not a date; ignored",
                     f"{feed}:2: published '2016-02-30' is not a date; ignored"]

    txt = tmp_path / "a.txt"
    txt.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"published": "last week"}', encoding="utf-8")
    (tmp_path / "dates.csv").write_text("path,date\na.txt,2016-05-01\nb.txt,soon\n",
                                        encoding="utf-8")
    docs, notes = _read(txt)
    assert [(d.published, d.date_basis) for d in docs] == [("2016-05-01", "dates.csv")]
    assert notes == [f"{tmp_path / 'a.json'}: published 'last week' is not a date; ignored",
                     f"{tmp_path / 'dates.csv'}:3: date 'soon' is not a date; ignored"]

    (tmp_path / "web").mkdir()
    page = tmp_path / "web" / "p.html"
    page.write_text('<html><head><meta property="article:published_time" content="أمس">'
                    f"</head><body><p>{ARTICLE}</p></body></html>", encoding="utf-8")
    docs, notes = _read(page)
    assert docs[0].published is None
    assert notes == [f"{page}: published 'أمس' is not a date; ignored"]


def test_unknown_file_types_in_a_folder_are_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"published": "2016-01-03"}', encoding="utf-8")
    (tmp_path / "dates.csv").write_text("path,date\n", encoding="utf-8")
    (tmp_path / "photo.xyz").write_bytes(b"\x00\x01")
    (tmp_path / "README").write_text("notes", encoding="utf-8")
    (tmp_path / "other.json").write_text("{}", encoding="utf-8")
    docs, notes = _read(tmp_path)
    assert [d.date_basis for d in docs] == ["sidecar"]
    assert sorted(notes) == sorted([
        f"{tmp_path / 'README'}: skipped, unknown file type (no extension)",
        f"{tmp_path / 'other.json'}: skipped, unknown file type .json",
        f"{tmp_path / 'photo.xyz'}: skipped, unknown file type .xyz"])


def test_bundled_sample_gets_its_date() -> None:
    [sample] = sorted(sample_dir().glob("2016-01-03_*.txt"))
    assert _dated(sample) == [("2016-01-03", "filename")]
    r = CliRunner().invoke(app, ["extract", str(sample), "--format", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)["documents"][0]
    assert (doc["published"], doc["date_basis"]) == ("2016-01-03", "filename")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "kb.sqlite"
    monkeypatch.setenv("TAHALUF_DB", str(path))
    monkeypatch.setenv("COLUMNS", "200")
    return path


def test_ingest_lists_undated_documents_and_notes(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(23):
        (folder / f"undated-{i:02d}.txt").write_text(f"JOIN a{i} gondor-room 2016", "utf-8")
    (folder / "2016-01-03_dated.txt").write_text("JOIN x gondor-room 2016", encoding="utf-8")
    (folder / "feed.jsonl").write_text(
        json.dumps({"text": "JOIN y gondor-room 2016", "published": "xyz"}) + "\n", "utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF")
    r = CliRunner().invoke(app, ["ingest", str(folder), *TOY])
    assert r.exit_code == 0, r.output
    assert "25 stored" in r.output
    assert f"{folder / 'scan.pdf'}: skipped, unknown file type .pdf" in r.output
    assert f"{folder / 'feed.jsonl'}:1: published 'xyz' is not a date; ignored" in r.output
    assert "24 of 25 stored document(s) have no date" in r.output
    assert str(folder / "undated-00.txt") in r.output
    assert str(folder / "undated-19.txt") not in r.output  # first 20 paths only
    assert "… and 4 more" in r.output
    assert "2016-01-03_dated.txt" not in r.output

    import tahaluf.kb

    kb = tahaluf.kb.open(str(db))
    bases = {Path(d.source).name: (d.published, d.date_basis) for d in kb.documents()}
    kb.close()
    assert bases["2016-01-03_dated.txt"] == ("2016-01-03", "filename")
    assert bases["undated-00.txt"] == (None, None)


def test_reextract_with_a_date_updates_stored_documents(db: Path, tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("JOIN arnor-brigade gondor-room -", encoding="utf-8")
    assert CliRunner().invoke(app, ["ingest", str(doc), *TOY]).exit_code == 0
    r = CliRunner().invoke(app, ["ingest", str(doc), *TOY, "--reextract", "--date",
                                 "2016-02-01"])
    assert r.exit_code == 0, r.output
    import tahaluf.kb

    kb = tahaluf.kb.open(str(db))
    [stored] = list(kb.documents())
    kb.close()
    assert (stored.published, stored.date_basis) == ("2016-02-01", "cli")


def test_dated_text_files_date_the_facts(db: Path, tmp_path: Path) -> None:
    """A folder of .txt files dated only by their names: members --on tells the days apart."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "2015-03-24_enab.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "shamal-20160103.txt").write_text(
        "أعلن فيلق الشام انسحابه من جيش الفتح في بيان رسمي.", encoding="utf-8")
    r = CliRunner().invoke(app, ["ingest", str(folder)])
    assert r.exit_code == 0, r.output
    assert "have no date" not in r.output

    def members(on: str) -> list[str]:
        r = CliRunner().invoke(app, ["members", "جيش الفتح", "--on", on, "-f", "json"])
        assert r.exit_code == 0, r.output
        return [m["member"]["id"] for m in json.loads(r.stdout)["members"]]

    assert members("2015-06-01") == ["failaq-al-sham"]
    assert members("2016-06-01") == []
    assert members("2015-01-01") == []


def test_jsonl_date_field_when_published_is_not_a_date(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": ARTICLE, "published": "xyz", "date": "2016-01-03"})
                    + "\n", encoding="utf-8")
    docs, notes = _read(feed)
    assert [(d.published, d.date_basis) for d in docs] == [("2016-01-03", "metadata")]
    assert notes == [f"{feed}:1: published 'xyz' is not a date; ignored"]


def test_dates_csv_in_a_folder_above(tmp_path: Path) -> None:
    top = tmp_path / "articles"
    (top / "2016" / "jan").mkdir(parents=True)
    deep = top / "2016" / "jan" / "a.txt"
    deep.write_text(ARTICLE, encoding="utf-8")
    mid = top / "2016" / "b.txt"
    mid.write_text(ARTICLE + " ١", encoding="utf-8")
    (top / "dates.csv").write_text("path,date\n2016/jan/a.txt,2016-01-05\n"
                                   "2016/b.txt,2016-02-01\n", encoding="utf-8")
    (top / "2016" / "dates.csv").write_text("path,date\nb.txt,2016-02-02\n", encoding="utf-8")
    got = {Path(d.source).name: (d.published, d.date_basis) for d in _read(top)[0]}
    assert got == {"a.txt": ("2016-01-05", "dates.csv"),
                   "b.txt": ("2016-02-02", "dates.csv")}  # the nearest dates.csv wins
    # a file named on its own reads only the dates.csv of its folder
    assert _dated(deep) == [(None, None)]
    assert _dated(mid) == [("2016-02-02", "dates.csv")]
