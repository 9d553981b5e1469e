"""Paths → documents. Every problem is reported with its path (and line) and the run goes on.

``iter_documents(paths)`` yields :class:`ReadResult` items, each holding either a
:class:`Document` or an :class:`IngestProblem`; nothing is raised for a bad document, not
even by a bug in a reader (the exception becomes the file's problem).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tahaluf.errors import InputError, describe
from tahaluf.ingest.encoding import decode, is_binary
from tahaluf.ingest.html import parse_html
from tahaluf.ingest.markdown import drop_empty_trailers, looks_like_markdown, reduce_markdown
from tahaluf.types import Document

#: extensions read from folders; a file named explicitly is read whatever its extension
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class IngestProblem:
    path: str
    reason: str
    line: int | None = None
    hint: str | None = None

    @property
    def where(self) -> str:
        return storable(f"{self.path}:{self.line}" if self.line is not None else self.path)

    @property
    def detail(self) -> str:
        """The reason, with the hint when there is one."""
        return storable(f"{self.reason} — {self.hint}" if self.hint else self.reason)

    def __str__(self) -> str:
        """``PATH: reading failed: reason``, as the commands print it."""
        return f"{self.where}: reading failed: {self.detail}"


@dataclass(frozen=True, slots=True)
class ReadResult:
    document: Document | None = None
    problem: IngestProblem | None = None


def clean_text(text: str) -> str:
    """The stored form of a text: line endings unified, outer blank space removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.strip()


def storable(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD. JSON escapes such as ``\\ud800`` and
    undecodable file names give strings that cannot be encoded, hashed or stored."""
    return _SURROGATE.sub("\ufffd", text)


def _opt(text: str | None) -> str | None:
    return None if text is None else storable(text)


def guess_lang(text: str) -> str:
    ar = len(_ARABIC.findall(text, 0, 1000))
    la = len(_LATIN.findall(text, 0, 1000))
    return "ar" if ar >= la else "en"


def iso_date(value: object) -> str | None:
    """The ISO day at the start of ``value`` ("2016-01-02T10:00:00" → "2016-01-02"); ``None``
    when there is none or it is not a day of the calendar ("2016-13-45")."""
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value.strip())
    if not m:
        return None
    day = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    try:
        date.fromisoformat(day)
    except ValueError:
        return None
    return day


def _problem(exc: InputError) -> ReadResult:
    return ReadResult(problem=IngestProblem(exc.path, exc.reason, exc.line, exc.hint))


def _document(text: str, source: str, *, published: str | None = None, url: str | None = None,
              outlet: str | None = None, title: str | None = None,
              lang: str | None = None) -> Document:
    text = storable(clean_text(text))
    return Document.from_text(text, storable(source), url=_opt(url), outlet=_opt(outlet),
                              published=published, lang=_opt(lang) or guess_lang(text),
                              title=_opt(title))


def read_path(path: Path, *, published: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[ReadResult]:
    """Read one file (not a folder). ``published`` is the default publication date."""
    source = str(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield _problem(InputError(source, f"cannot read: {exc.strerror or exc}"))
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, published=published, max_bytes=max_bytes)
        return
    if size > max_bytes:
        yield _problem(InputError(
            source, f"file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB)",
            hint="split it, or raise the limit with --max-bytes"))
        return
    try:
        data = path.read_bytes()
        text, _enc = decode(data, source)
    except InputError as exc:
        yield _problem(exc)
        return
    except OSError as exc:
        yield _problem(InputError(source, f"cannot read: {exc.strerror or exc}"))
        return
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and text.lstrip()[:15].lower()
                                   .startswith(("<!doctype html", "<html"))):
        art = parse_html(text)
        body = clean_text(art.text)
        if not body:
            yield _problem(InputError(source, "HTML page has no article text"))
            return
        yield ReadResult(_document(body, source,
                                   published=iso_date(art.published) or published,
                                   url=art.url, outlet=art.outlet, title=art.title,
                                   lang=art.lang))
        return
    if suffix in (".md", ".markdown") or looks_like_markdown(text):
        text = reduce_markdown(text)
    else:
        text = drop_empty_trailers(text)
    if not clean_text(text):
        yield _problem(InputError(source, "no text left after removing markup"))
        return
    yield ReadResult(_document(text, source, published=published))


def _read_jsonl(path: Path, *, published: str | None, max_bytes: int) -> Iterator[ReadResult]:
    source = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield _problem(InputError(source, f"cannot read: {exc.strerror or exc}"))
        return
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            if len(raw) > max_bytes:
                yield _problem(InputError(source, "line too large", line=lineno,
                                          hint="raise the limit with --max-bytes"))
                continue
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
                rec = json.loads(line)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield _problem(InputError(source, f"malformed JSON line: {exc}", line=lineno))
                continue
            if not isinstance(rec, dict):
                yield _problem(InputError(source, "JSON line is not an object", line=lineno))
                continue
            body = rec.get("text") or rec.get("body") or rec.get("content")
            if not isinstance(body, str) or not body.strip():
                yield _problem(InputError(source, "JSON line has no 'text' field", line=lineno,
                                          hint="each line needs text, and may have title, "
                                               "url, published, outlet"))
                continue
            if looks_like_markdown(body):
                body = reduce_markdown(body)
            title = rec.get("title") if isinstance(rec.get("title"), str) else None
            yield ReadResult(_document(
                body, f"{source}:{lineno}",
                published=iso_date(rec.get("published") or rec.get("date")) or published,
                url=rec.get("url") if isinstance(rec.get("url"), str) else None,
                outlet=rec.get("outlet") if isinstance(rec.get("outlet"), str) else None,
                title=title, lang=rec.get("lang") if isinstance(rec.get("lang"), str) else None))


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            p = Path(root) / name
            if p.suffix.lower() in KNOWN_SUFFIXES:
                yield p


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | IngestProblem]:
    """Files named and files found in folders (recursively), in a stable order."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from _walk(p)
        elif p.exists():
            yield p
        else:
            yield IngestProblem(str(p), "no such file or folder")


def iter_documents(paths: Iterable[str | Path], *, published: str | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[ReadResult]:
    for raw in paths:
        yield from _guarded(str(raw), _read_named(Path(raw), published, max_bytes))


def _guarded(source: str, results: Iterator[ReadResult]) -> Iterator[ReadResult]:
    """``results``, with any exception turned into a problem of ``source``: one bad file (or a
    bug in a reader) never ends the run."""
    try:
        yield from results
    except Exception as exc:  # reported with the path; the other files are still read
        yield ReadResult(problem=IngestProblem(source, describe(exc)))


def _read_named(path: Path, published: str | None, max_bytes: int) -> Iterator[ReadResult]:
    for item in expand_paths([path]):
        if isinstance(item, IngestProblem):
            yield ReadResult(problem=item)
            continue
        yield from _guarded(str(item), _sniff_and_read(item, published, max_bytes))


def _sniff_and_read(item: Path, published: str | None, max_bytes: int) -> Iterator[ReadResult]:
    """A file named with an unknown extension is read only if it is not binary."""
    try:
        if item.is_file() and item.suffix.lower() not in KNOWN_SUFFIXES:
            with item.open("rb") as fh:
                if is_binary(fh.read(8192)):
                    yield ReadResult(problem=IngestProblem(
                        str(item), "binary file, not text",
                        hint="give tahaluf .txt, .md, .html or .jsonl files"))
                    return
    except OSError as exc:
        yield ReadResult(problem=IngestProblem(str(item), f"cannot read: {exc}"))
        return
    yield from read_path(item, published=published, max_bytes=max_bytes)
