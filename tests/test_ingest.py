from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tahaluf.ingest import iter_documents
from tahaluf.ingest.readers import ReadResult
from tahaluf.types import text_id

ARTICLE = "أعلن فيلق الشام انسحابه من جيش الفتح.\n\nوقالت مصادر إن القرار نهائي."


def docs(results: list[ReadResult]):  # type: ignore[no-untyped-def]
    return [r.document for r in results if r.document is not None]


def problems(results: list[ReadResult]):  # type: ignore[no-untyped-def]
    return [r.problem for r in results if r.problem is not None]


def read(*paths: Path, **kw: object) -> list[ReadResult]:
    return list(iter_documents(list(paths), **kw))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("utf-16-le", b""),
     ("utf-16-be", b""), ("cp1256", b"")],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(prefix + ARTICLE.encode(encoding))
    [doc] = docs(read(p))
    assert doc.text == ARTICLE
    assert doc.id == text_id(ARTICLE)
    assert doc.lang == "ar"


def test_crlf_and_outer_space_are_cleaned(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(("\r\n\r\n" + ARTICLE.replace("\n", "\r\n") + "\r\n").encode())
    [doc] = docs(read(p))
    assert doc.text == ARTICLE


def test_markdown_links_placeholders_and_trailers(tmp_path: Path) -> None:
    p = tmp_path / "col.md"
    p.write_text("# عنوان المقال\n\nقرأت [تقرير المرصد](https://example.org/r) عن "
                 "**جيش الفتح** ![صورة القافلة](img.png).\n\n[صفحة الكاتب على فيسبوك](#)\n\n"
                 "المصادر:\n", encoding="utf-8")
    [doc] = docs(read(p))
    assert doc.text == "عنوان المقال\n\nقرأت تقرير المرصد عن جيش الفتح صورة القافلة."


def test_html_boilerplate_removed(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(
        '<html lang="ar"><head><title>خبر</title><meta property="og:site_name" content="شبكة الشمال">'
        '<meta property="article:published_time" content="2016-01-02T08:00:00+03:00">'
        '<style>p{color:red}</style><script>var x = "جيش الفتح";</script></head>'
        '<body><nav class="main-menu"><a>الرئيسية</a></nav>'
        '<article><h1>انسحاب فيلق الشام</h1><p>أعلن <b>فيلق الشام</b> انسحابه.</p>'
        '<div class="share-buttons">شارك على تويتر</div><p>وجاء ذلك في بيان.</p></article>'
        '<footer>جميع الحقوق محفوظة</footer></body></html>', encoding="utf-8")
    [doc] = docs(read(p))
    assert doc.text == "انسحاب فيلق الشام\n\nأعلن فيلق الشام انسحابه.\n\nوجاء ذلك في بيان."
    assert doc.published == "2016-01-02"
    assert doc.outlet == "شبكة الشمال"
    assert doc.title == "خبر"


def test_jsonl_articles_and_malformed_line(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": ARTICLE, "title": "ت", "url": "https://x.org/1",
                    "published": "2016-01-02T10:00:00", "outlet": "مرصد"}, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"text": "نص ثان عن جيش الإسلام."}, ensure_ascii=False),
    ]
    p.write_text("\n".join(lines), encoding="utf-8")
    results = read(p)
    got = docs(results)
    assert [d.published for d in got] == ["2016-01-02", None]
    assert got[0].url == "https://x.org/1" and got[0].outlet == "مرصد"
    assert got[0].source.endswith("feed.jsonl:1")
    probs = problems(results)
    assert [(pr.line, "malformed" in pr.reason or "no 'text'" in pr.reason) for pr in probs] == [
        (2, True), (3, True)]


def test_bad_inputs_reported_and_run_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"   \n")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    latin = tmp_path / "garbage.txt"
    latin.write_bytes(bytes([0xC3, 0x28, 0xA0, 0xA1, 0xFF, 0xFE, 0xFD]) * 3)
    missing = tmp_path / "missing.txt"
    results = read(good, empty, binary, latin, missing)
    assert len(docs(results)) == 1
    reasons = {Path(pr.path).name: pr.reason for pr in problems(results)}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["photo.txt"]
    assert "undecodable" in reasons["garbage.txt"] or "binary" in reasons["garbage.txt"]
    assert "no such file" in reasons["missing.txt"]


def test_large_file_refused_with_hint(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        chunk = ("جملة طويلة عن المعارك في ريف حلب الجنوبي. " * 1000).encode()
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    [result] = read(big)
    assert result.problem is not None
    assert "too large" in result.problem.reason and "--max-bytes" in (result.problem.hint or "")
    [ok] = read(big, max_bytes=60 * 1024 * 1024)
    assert ok.document is not None and len(ok.document.text) > 20_000_000


def test_folder_of_thousand_files_with_one_broken(tmp_path: Path) -> None:
    for i in range(1000):
        sub = tmp_path / f"d{i % 7}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:04d}.txt").write_text(f"خبر رقم {i}: انضم لواء {i} إلى الجبهة.", encoding="utf-8")
    (tmp_path / "d3" / "0500.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "d1" / "notes.docx").write_bytes(b"PK\x03\x04")  # unknown suffix in a folder: skipped
    (tmp_path / ".hidden.txt").write_text("مخفي", encoding="utf-8")
    results = read(tmp_path)
    assert len(docs(results)) == 999
    [prob] = problems(results)
    assert prob.path.endswith("0500.txt") and "binary" in prob.reason


def test_same_text_same_id(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.md"
    a.write_text(ARTICLE, encoding="utf-8")
    b.write_text(ARTICLE, encoding="utf-16")
    d1, d2 = docs(read(a, b))
    assert d1.id == d2.id


def test_jsonl_lone_surrogate_escapes_are_replaced(tmp_path: Path) -> None:
    # found by tests/test_fuzz.py: json.loads turns "\ud800" into a string utf-8 cannot encode
    p = tmp_path / "feed.jsonl"
    p.write_text('{"text": "\\ud800 جيش الفتح", "title": "\\udfff"}\n', encoding="utf-8")
    (doc,) = docs(read(p))
    assert doc.text == "\ufffd جيش الفتح" and doc.title == "\ufffd"
    assert doc.id == text_id(doc.text)


def _ingest(*args: str) -> Any:
    from typer.testing import CliRunner

    from tahaluf.cli import app

    return CliRunner().invoke(app, ["ingest", *args])


def test_ingest_cli_reports_a_failing_analysis_and_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tahaluf.pipeline

    real = tahaluf.pipeline.analyze

    def analyze(doc: Any, **kw: Any) -> Any:
        if doc.source.endswith("boom.txt"):
            raise ValueError("could not convert string to float: '4,5,6,7'")
        return real(doc, **kw)

    monkeypatch.setattr(tahaluf.pipeline, "analyze", analyze)
    for name, text in (("a.txt", ARTICLE), ("boom.txt", "نص ينهار. " + ARTICLE),
                       ("c.txt", "أعلن لواء الحق انضمامه إلى جيش الفتح.")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    blob = tmp_path / "blob.dat"
    blob.write_bytes(b"\x00\x01\x02\xff\x00\xfe" * 100)
    db = tmp_path / "kb.sqlite"
    result = _ingest(str(tmp_path), str(blob), "--db", str(db))
    out = result.output + result.stderr
    assert result.exit_code == 1
    assert "Traceback" not in out
    assert (f"{tmp_path / 'boom.txt'}: analysis failed: ValueError: could not convert string "
            "to float: '4,5,6,7'") in result.stderr
    assert f"{blob}: reading failed: binary file, not text" in result.stderr
    assert "2 stored" in result.stderr and "2 failed" in result.stderr

    monkeypatch.setattr(tahaluf.pipeline, "analyze", real)
    blob.unlink()
    again = _ingest(str(tmp_path), "--db", str(db))
    assert again.exit_code == 0, again.stderr
    assert "1 stored" in again.stderr and "2 already stored" in again.stderr


@pytest.mark.parametrize("published", ["2016-13-45", "0000-01-01", "2015-02-29"])
def test_a_date_that_is_not_a_calendar_day_is_dropped(tmp_path: Path, published: str) -> None:
    # found by tests/test_fuzz.py: the analysis then raised DateError for the whole document
    p = tmp_path / "feed.jsonl"
    p.write_text(json.dumps({"text": ARTICLE, "published": published}), encoding="utf-8")
    h = tmp_path / "page.html"
    h.write_text(f"<html><head><meta property='article:published_time' content='{published}'>"
                 f"</head><body><article><p>{ARTICLE}</p></article></body></html>",
                 encoding="utf-8")
    docs_ = docs(read(p, h))
    assert [d.published for d in docs_] == [None, None]
    from tahaluf.pipeline import analyze

    for d in docs_:
        analyze(d)
