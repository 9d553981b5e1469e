"""Offset-preserving normalization for matching.

``normalize(text)`` returns a :class:`Normalized` view: the folded string and a map from
every folded character back to the original character range that produced it. Matching
happens on the folded string; evidence spans are always mapped back with
:meth:`Normalized.to_original`, so ``text[start:end]`` is the original evidence.

The folding table lives in ``data/normalize.yaml``; the same function normalizes the
language data files and the documents.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from array import array
from dataclasses import dataclass

from tahaluf.resources import codepoint, load_yaml


@dataclass(frozen=True, slots=True)
class _Tables:
    translate: dict[int, str | None]
    compat: re.Pattern[str]
    changed: re.Pattern[str]  # characters whose folding deletes or expands


@functools.cache
def _tables() -> _Tables:
    spec = load_yaml("normalize.yaml")
    table: dict[int, str | None] = {}
    for rule in spec["fold"]:
        target = codepoint(rule["to"])
        for src in rule["from"]:
            table[ord(codepoint(src))] = target
    deleted: list[str] = []
    for rule in spec["delete"]:
        lo, hi = (ord(codepoint(c)) for c in rule["range"])
        for cp in range(lo, hi + 1):
            table[cp] = None
        deleted.append(f"\\u{lo:04x}-\\u{hi:04x}")
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp + 32)
    compat_parts = []
    for lo_s, hi_s in spec["compatibility_ranges"]:
        lo, hi = ord(codepoint(lo_s)), ord(codepoint(hi_s))
        compat_parts.append(f"\\u{lo:04x}-\\u{hi:04x}")
    compat = re.compile("[" + "".join(compat_parts) + "]")
    changed = re.compile("[" + "".join(deleted + compat_parts) + "]")
    return _Tables(table, compat, changed)


def fold(text: str) -> str:
    """The folded string only (no offset map) — for data files and queries."""
    tables = _tables()
    if tables.compat.search(text):
        text = tables.compat.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return text.translate(tables.translate)


@dataclass(frozen=True, slots=True)
class Normalized:
    """A folded view of ``original`` with a map back to original offsets.

    Folding mostly replaces characters one for one and sometimes deletes (harakat, tatweel,
    direction marks); then the map is stored compactly as the folded positions where the
    count of deleted characters grows (``breaks``). Presentation forms can expand one
    character into several; documents with those keep a full per-character map
    (``starts``/``ends``). With no deletion and no expansion the map is the identity.
    """

    original: str
    text: str
    breaks: array[int] | None = None  # folded index from which one more char was deleted
    starts: array[int] | None = None
    ends: array[int] | None = None

    def _start(self, f: int) -> int:
        if self.starts is not None:
            return self.starts[f] if f < len(self.starts) else len(self.original)
        if self.breaks is None:
            return f
        # folded char f is preceded by bisect_right(breaks, f) deleted characters
        return f + bisect.bisect_right(self.breaks, f)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded ``[start, end)`` range back to the original text.

        The end extends over deleted characters (harakat, tatweel) that follow the range.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"range [{start}, {end}) outside folded text of {len(self.text)}")
        if self.breaks is None and self.starts is None:
            return start, end
        s = self._start(start)
        if end == start:
            return s, s
        stop = self._start(end) if end < len(self.text) else len(self.original)
        if self.ends is not None:
            stop = max(stop, self.ends[end - 1])
        return s, stop

    def to_folded(self, pos: int) -> int:
        """The folded index of the first folded character at or after original ``pos``."""
        if self.breaks is None and self.starts is None:
            return pos
        if self.starts is None and self.breaks is not None:
            # original index of the k-th deleted character is breaks[k] + k
            lo, hi = 0, len(self.breaks)
            while lo < hi:
                mid = (lo + hi) // 2
                if self.breaks[mid] + mid < pos:
                    lo = mid + 1
                else:
                    hi = mid
            return pos - lo
        lo, hi = 0, len(self.text)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._start(mid) < pos:
                lo = mid + 1
            else:
                hi = mid
        return lo


def normalize(text: str) -> Normalized:
    tables = _tables()
    translate = tables.translate
    changes = list(tables.changed.finditer(text))
    if not changes:
        return Normalized(text, text.translate(translate))
    compat = tables.compat
    if not any(compat.match(m.group()) for m in changes):
        # deletions only: a compact map
        breaks: array[int] = array("l")
        deleted = 0
        for m in changes:
            i = m.start()
            breaks.append(i - deleted)
            deleted += 1
        return Normalized(text, text.translate(translate), breaks=breaks)
    starts: array[int] = array("l")
    ends: array[int] = array("l")
    pieces: list[str] = []
    pos = 0
    for m in changes:
        i = m.start()
        if i > pos:
            pieces.append(text[pos:i].translate(translate))
            starts.extend(range(pos, i))
            ends.extend(range(pos + 1, i + 1))
        ch = m.group()
        out = unicodedata.normalize("NFKC", ch) if compat.match(ch) else ch
        out = out.translate(translate)
        if out:
            pieces.append(out)
            starts.extend([i] * len(out))
            ends.extend([i + 1] * len(out))
        pos = i + 1
    if pos < len(text):
        pieces.append(text[pos:].translate(translate))
        starts.extend(range(pos, len(text)))
        ends.extend(range(pos + 1, len(text) + 1))
    folded = "".join(pieces)
    return Normalized(text, folded, starts=starts, ends=ends)
