"""A document's publication date, and the basis it was taken from.

Precedence, first found wins (``DATE_BASES``):

1. ``cli`` — the ``--date`` option, applied to every document given;
2. ``metadata`` — the document's own ``published``/``date`` (JSONL field, HTML meta tag);
3. ``sidecar`` — ``FILE.json`` next to ``FILE.txt``, key ``published`` or ``date``;
4. ``dates.csv`` — a ``dates.csv`` in the file's folder, columns ``path,date`` (the file
   name, or ``./name``), else one in a folder above it up to the folder given to ingest
   (``path`` relative to that ``dates.csv``: ``2016/a.txt``);
5. ``filename`` — a date in the file name (``2016-01-03_outlet.txt``,
   ``outlet-20160103.txt``, ``2016_01_03.txt``);
6. ``dateline`` — an explicit day in the first ``DATELINE_CHARS`` characters of the text
   (the project's Arabic date grammar: month names, Eastern digits).

A value that is not a date is never dropped silently: it becomes a note
(``PATH: published 'xyz' is not a date; ignored``) and the next basis is tried.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Literal

from tahaluf.types import Document

DocDateBasis = Literal["cli", "metadata", "sidecar", "dates.csv", "filename", "dateline"]
DATE_BASES: tuple[DocDateBasis, ...] = (
    "cli", "metadata", "sidecar", "dates.csv", "filename", "dateline")
#: keys read from a sidecar, in order
SIDECAR_KEYS = ("published", "date")
DATES_CSV = "dates.csv"
#: a dateline sits at the top of an article
DATELINE_CHARS = 300

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_VALUE = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:$|[T\s])")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:$|T)")
#: a date inside a file name: separated by - _ . or written together, not inside a longer number
_IN_NAME = re.compile(r"(?<!\d)(\d{4})([-_.]?)(\d{2})\2(\d{2})(?!\d)")


def parse_date(value: object) -> str | None:
    """An ISO day from ``2016-01-03``, ``2016-01-03T10:00:00+03:00``, ``2016/1/3`` or
    ``20160103`` (Eastern digits too); None when ``value`` is not such a date."""
    if not isinstance(value, str):
        return None
    text = value.strip().translate(_DIGITS)
    m = _VALUE.match(text)
    if m:
        parts = (m.group(1), m.group(3), m.group(4))
    elif (c := _COMPACT.match(text)) is not None:
        parts = (c.group(1), c.group(2), c.group(3))
    else:
        return None
    return _day(*parts)


def _day(y: str, m: str, d: str) -> str | None:
    try:
        day = date(int(y), int(m), int(d))
    except ValueError:
        return None
    return day.isoformat() if 1900 <= day.year <= 2100 else None


def not_a_date(where: str, key: str, value: object) -> str:
    """The note for a value that is not a date."""
    return f"{where}: {key} {value!r} is not a date; ignored"


def filename_date(name: str) -> str | None:
    """The first valid date in a file name (the extension is left out)."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    for m in _IN_NAME.finditer(stem):
        found = _day(m.group(1), m.group(3), m.group(4))
        if found:
            return found
    return None


def dateline_date(text: str) -> str | None:
    """An explicit, day-precise date in the first :data:`DATELINE_CHARS` characters."""
    from tahaluf.extract.dates import find_dates
    from tahaluf.text.normalize import normalize

    head = text[:DATELINE_CHARS]
    for _span, d in find_dates(normalize(head), None):
        if d.basis == "explicit" and d.precision == "day" and d.value:
            return d.value
    return None


@dataclass(frozen=True, slots=True)
class Found:
    value: str | None
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class FolderDates:
    """Sidecars and ``dates.csv`` files, each read once."""

    _csv: dict[Path, tuple[dict[str, str], tuple[str, ...]]] = field(default_factory=dict)

    def sidecar(self, path: Path) -> Found:
        side = path.with_suffix(".json")
        if side == path or not side.is_file():
            return Found(None)
        try:
            data = json.loads(side.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            return Found(None, (f"{side}: not a JSON sidecar ({exc}); ignored",))
        if not isinstance(data, dict):
            return Found(None, (f"{side}: a sidecar must be a JSON object; ignored",))
        for key in SIDECAR_KEYS:
            if data.get(key) not in (None, ""):
                value = parse_date(data[key])
                if value is None:
                    return Found(None, (not_a_date(str(side), key, data[key]),))
                return Found(value)
        return Found(None)

    def dates_csv(self, path: Path, roots: tuple[Path, ...] = ()) -> Found:
        """The date a ``dates.csv`` gives ``path``: the one in its folder (by file name),
        else one in a folder above it, up to the folder given to ingest (by the path
        relative to that ``dates.csv``)."""
        notes: list[str] = []
        for folder in _folders_up(path, roots):
            if folder not in self._csv:
                self._csv[folder] = _read_dates_csv(folder / DATES_CSV)
            table, told = self._csv[folder]
            # the notes of a dates.csv are told once, with the first file that reads it
            self._csv[folder] = (table, ())
            notes.extend(told)
            value = table.get(path.relative_to(folder).as_posix())
            if value:
                return Found(value, tuple(notes))
        return Found(None, tuple(notes))


def _folders_up(path: Path, roots: tuple[Path, ...]) -> list[Path]:
    """``path``'s folder, then each folder above it up to the nearest root holding it."""
    folder = path.parent
    out = [folder]
    absolute = folder.resolve()
    root = max((r for r in roots if absolute.is_relative_to(r)), key=lambda r: len(r.parts),
               default=None)
    if root is None:
        return out
    for _ in range(len(absolute.parts) - len(root.parts)):
        folder = folder.parent
        out.append(folder)
    return out


def _csv_key(raw: str) -> str:
    return Path(raw.strip().replace("\\", "/")).as_posix().removeprefix("./")


def _read_dates_csv(path: Path) -> tuple[dict[str, str], tuple[str, ...]]:
    """``{file name or relative path: ISO day}`` and the notes on bad rows."""
    if not path.is_file():
        return {}, ()
    notes: list[str] = []
    table: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            cols = {c.strip().lower(): c for c in reader.fieldnames or ()}
            if "path" not in cols or "date" not in cols:
                return {}, (f"{path}: needs the columns path,date; ignored",)
            for row in reader:
                where = f"{path}:{reader.line_num}"
                key, raw = _csv_key(row.get(cols["path"]) or ""), row.get(cols["date"]) or ""
                if not key:
                    continue
                value = parse_date(raw)
                if value is None:
                    notes.append(not_a_date(where, "date", raw))
                    continue
                table[key] = value
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return {}, (f"{path}: cannot read ({exc}); ignored",)
    return table, tuple(notes)


@dataclass(slots=True)
class DateResolver:
    """Gives documents their date with the basis it came from (see the module docstring)."""

    cli: str | None = None
    #: the folders given to ingest, resolved: a ``dates.csv`` is looked for up to these
    roots: tuple[Path, ...] = ()
    folders: FolderDates = field(default_factory=FolderDates)

    def resolve(self, doc: Document, path: Path | None) -> tuple[Document, tuple[str, ...]]:
        """``doc`` with ``published`` and ``date_basis`` set, and notes on ignored values.
        ``doc.published`` on entry is the date from the document's own metadata."""
        if self.cli:
            return replace(doc, published=self.cli, date_basis="cli"), ()
        if doc.published:
            return replace(doc, date_basis=doc.date_basis or "metadata"), ()
        notes: list[str] = []
        if path is not None:
            for basis, found in (("sidecar", self.folders.sidecar(path)),
                                 ("dates.csv", self.folders.dates_csv(path, self.roots))):
                notes.extend(found.notes)
                if found.value:
                    return replace(doc, published=found.value, date_basis=basis), tuple(notes)
            value = filename_date(path.name)
            if value:
                return replace(doc, published=value, date_basis="filename"), tuple(notes)
        value = dateline_date(doc.text)
        if value:
            return replace(doc, published=value, date_basis="dateline"), tuple(notes)
        return replace(doc, date_basis=None), tuple(notes)
