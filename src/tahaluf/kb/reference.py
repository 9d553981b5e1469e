"""A researcher's reference membership table, read for ``tahaluf compare``.

CSV with the header ``coalition,date,member[,source]`` or JSONL with the same keys, one
row per member of a coalition on a day (``YYYY-MM-DD``). Names are as the user writes
them (Arabic, English, an actor id); :mod:`tahaluf.kb.compare` resolves them. Every bad
row is reported with its line, all at once (:class:`~tahaluf.errors.TableError`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from tahaluf.errors import InputError, TableError

REQUIRED = ("coalition", "date", "member")
OPTIONAL = ("source",)
TableFormat = Literal["csv", "jsonl"]
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SUFFIXES: dict[str, TableFormat] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl",
                                     ".json": "jsonl"}
FORMAT_HINT = ("a reference table is CSV with the header 'coalition,date,member[,source]' "
               "or JSONL with those keys; dates are YYYY-MM-DD")


@dataclass(frozen=True, slots=True)
class ReferenceRow:
    """One row: ``member`` belonged to ``coalition`` on ``date``, per ``source``."""

    coalition: str
    date: str
    member: str
    source: str | None
    line: int


def sniff(text: str) -> TableFormat:
    """JSONL when the first non-blank character opens a JSON object or array, else CSV."""
    return "jsonl" if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[") else "csv"


def read_reference(path: str | Path) -> list[ReferenceRow]:
    """The rows of the table at ``path`` (format by suffix, else by content)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(p), "no such file", hint=FORMAT_HINT) from None
    except UnicodeDecodeError as exc:
        raise InputError(str(p), f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                         hint="save the table as UTF-8") from None
    except OSError as exc:
        raise InputError(str(p), exc.strerror or str(exc)) from None
    return parse_reference(text, name=str(p), fmt=_SUFFIXES.get(p.suffix.lower()))


def parse_reference(text: str, *, name: str = "<reference>",
                    fmt: TableFormat | None = None) -> list[ReferenceRow]:
    """The rows of a table given as text; ``name`` is used in error messages."""
    text = text.removeprefix("\ufeff")
    rows, problems = (_jsonl(text) if (fmt or sniff(text)) == "jsonl" else _csv(text))
    if not rows and not problems:
        problems = [(1, "the table has no rows")]
    if problems:
        raise TableError(name, problems, hint=FORMAT_HINT)
    return rows


def _row(values: dict[str, Any], line: int) -> ReferenceRow | str:
    """A row, or the reason it is bad."""
    missing = [k for k in REQUIRED if values.get(k) is None or str(values[k]).strip() == ""]
    if missing:
        return f"missing {', '.join(missing)}"
    for k in (*REQUIRED, *OPTIONAL):
        if values.get(k) is not None and not isinstance(values[k], str):
            return f"{k} must be text, not {type(values[k]).__name__}"
    day = values["date"].strip()
    if not _DAY.match(day):
        return f"date {day!r} is not YYYY-MM-DD"
    try:
        day = date.fromisoformat(day).isoformat()
    except ValueError:
        return f"date {day!r} is not a day of the calendar"
    source = (values.get("source") or "").strip() or None
    return ReferenceRow(" ".join(values["coalition"].split()), day,
                        " ".join(values["member"].split()), source, line)


def _csv(text: str) -> tuple[list[ReferenceRow], list[tuple[int, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], []
    except csv.Error as exc:
        return [], [(1, f"not CSV: {exc}")]
    cols = [h.strip().lower() for h in header]
    absent = [k for k in REQUIRED if k not in cols]
    if absent:
        return [], [(reader.line_num, f"the header lacks {', '.join(absent)} "
                                      f"(it has {', '.join(cols) or 'nothing'})")]
    rows: list[ReferenceRow] = []
    problems: list[tuple[int, str]] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append((reader.line_num, f"not CSV: {exc}"))
            break
        if not any(c.strip() for c in cells):
            continue
        line = reader.line_num
        if len(cells) > len(cols):
            problems.append((line, f"{len(cells)} fields for a header of {len(cols)} "
                                   "(quote names that hold a comma)"))
            continue
        got = _row(dict(zip(cols, cells, strict=False)), line)
        if isinstance(got, str):
            problems.append((line, got))
        else:
            rows.append(got)
    return rows, problems


def _jsonl(text: str) -> tuple[list[ReferenceRow], list[tuple[int, str]]]:
    rows: list[ReferenceRow] = []
    problems: list[tuple[int, str]] = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append((n, f"not JSON: {exc.msg} at column {exc.colno}"))
            continue
        if not isinstance(value, dict):
            problems.append((n, f"a JSON object is needed, not {type(value).__name__}"))
            continue
        got = _row(value, n)
        if isinstance(got, str):
            problems.append((n, got))
        else:
            rows.append(got)
    return rows, problems
