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
from pathlib import Path

from tahaluf.errors import InputError, describe
from tahaluf.ingest.docdates import DATES_CSV, DateResolver, not_a_date, parse_date
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
    #: things the reader ignored and the user should hear of (a date that is not a date,
    #: a file of an unknown type); not failures
    notes: tuple[str, ...] = ()


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
    """The ISO day a metadata value names, or None (see :func:`docdates.parse_date`)."""
    return parse_date(value)


def _problem(exc: InputError) -> ReadResult:
    return ReadResult(problem=IngestProblem(exc.path, exc.reason, exc.line, exc.hint))


def _document(text: str, source: str, *, published: str | None = None, url: str | None = None,
              outlet: str | None = None, title: str | None = None,
              lang: str | None = None) -> Document:
    """A document; ``published`` is the date of its own metadata."""
    text = storable(clean_text(text))
    return Document.from_text(text, storable(source), url=_opt(url), outlet=_opt(outlet),
                              published=published, lang=_opt(lang) or guess_lang(text),
                              title=_opt(title), date_basis="metadata" if published else None)


def _metadata_date(raw: object, where: str, key: str) -> tuple[str | None, tuple[str, ...]]:
    if raw is None or raw == "":
        return None, ()
    value = parse_date(raw)
    return (value, ()) if value else (None, (not_a_date(where, key, raw),))


def _record_date(rec: dict[str, object], where: str) -> tuple[str | None, tuple[str, ...]]:
    """A JSON record's ``published``, else its ``date``; values that are not dates noted."""
    notes: tuple[str, ...] = ()
    for key in ("published", "date"):
        value, told = _metadata_date(rec.get(key), where, key)
        notes += told
        if value:
            return value, notes
    return None, notes


def read_path(path: Path, *, published: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES,
              dates: DateResolver | None = None) -> Iterator[ReadResult]:
    """Read one file (not a folder); each document gets its date and its basis from
    ``dates`` (see :mod:`tahaluf.ingest.docdates`). ``published`` (the ``--date``
    option) overrides every other date."""
    resolver = dates or DateResolver(cli=published)
    for r in _read_file(path, max_bytes=max_bytes):
        if r.document is None:
            yield r
            continue
        doc, notes = resolver.resolve(r.document, path)
        yield ReadResult(doc, notes=r.notes + notes)


def _read_file(path: Path, *, max_bytes: int) -> Iterator[ReadResult]:
    source = str(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield _problem(InputError(source, f"cannot read: {exc.strerror or exc}"))
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, max_bytes=max_bytes)
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
        meta, notes = _metadata_date(art.published or art.published_raw, source,
                                     "published")
        yield ReadResult(_document(body, source, published=meta, url=art.url,
                                   outlet=art.outlet, title=art.title, lang=art.lang),
                         notes=notes)
        return
    if suffix in (".md", ".markdown") or looks_like_markdown(text):
        text = reduce_markdown(text)
    else:
        text = drop_empty_trailers(text)
    if not clean_text(text):
        yield _problem(InputError(source, "no text left after removing markup"))
        return
    yield ReadResult(_document(text, source))


def _read_jsonl(path: Path, *, max_bytes: int) -> Iterator[ReadResult]:
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
            meta, notes = _record_date(rec, f"{source}:{lineno}")
            yield ReadResult(_document(
                body, f"{source}:{lineno}", published=meta,
                url=rec.get("url") if isinstance(rec.get("url"), str) else None,
                outlet=rec.get("outlet") if isinstance(rec.get("outlet"), str) else None,
                title=title, lang=rec.get("lang") if isinstance(rec.get("lang"), str) else None),
                notes=notes)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file in a folder that tahaluf does not read."""

    path: Path

    def __str__(self) -> str:
        suffix = self.path.suffix.lower()
        kind = f"unknown file type {suffix}" if suffix else "unknown file type (no extension)"
        return f"{self.path}: skipped, {kind}"


def _is_date_data(p: Path, names: set[str]) -> bool:
    """A ``dates.csv`` or a ``FILE.json`` sidecar of a document in the same folder."""
    if p.name == DATES_CSV:
        return True
    return p.suffix.lower() == ".json" and any(
        n != p.name and Path(n).stem == p.stem and Path(n).suffix.lower() in KNOWN_SUFFIXES
        for n in names)


def _walk(folder: Path) -> Iterator[Path | Skipped]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        names = {n for n in files if not n.startswith(".")}
        for name in sorted(names):
            p = Path(root) / name
            if p.suffix.lower() in KNOWN_SUFFIXES:
                yield p
            elif not _is_date_data(p, names):
                yield Skipped(p)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | IngestProblem | Skipped]:
    """Files named and files found in folders (recursively), in a stable order; files of
    unknown types in folders come as :class:`Skipped`."""
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
    """Every document in ``paths``, dated (see :mod:`tahaluf.ingest.docdates`);
    ``published`` (``--date``) overrides every other date. A file skipped in a folder
    comes as a result with only a note. Nothing raises: any exception while reading a file
    (a bug in a reader too) becomes that file's problem."""
    paths = list(paths)
    roots = tuple(Path(p).resolve() for p in paths if Path(p).is_dir())
    dates = DateResolver(cli=published, roots=roots)
    for raw in paths:
        yield from _guarded(str(raw), _read_named(Path(raw), max_bytes, dates))


def _guarded(source: str, results: Iterator[ReadResult]) -> Iterator[ReadResult]:
    """``results``, with any exception turned into a problem of ``source``: one bad file (or a
    bug in a reader) never ends the run."""
    try:
        yield from results
    except Exception as exc:  # reported with the path; the other files are still read
        yield ReadResult(problem=IngestProblem(source, describe(exc)))


def _read_named(path: Path, max_bytes: int, dates: DateResolver) -> Iterator[ReadResult]:
    for item in expand_paths([path]):
        if isinstance(item, IngestProblem):
            yield ReadResult(problem=item)
            continue
        if isinstance(item, Skipped):
            yield ReadResult(notes=(str(item),))
            continue
        yield from _guarded(str(item), _sniff_and_read(item, max_bytes, dates))


def _sniff_and_read(item: Path, max_bytes: int, dates: DateResolver) -> Iterator[ReadResult]:
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
    yield from read_path(item, max_bytes=max_bytes, dates=dates)
