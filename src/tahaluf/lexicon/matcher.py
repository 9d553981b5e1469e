"""Clitic-aware, longest-match dictionary matching over folded text.

One Aho-Corasick automaton holds every folded surface form of every actor and place.
A hit counts when it sits on token boundaries, allowing only a valid proclitic sequence
before it (و ف ب ل ك and their combinations; ``لل`` = ل + ال before names with the
article). Overlapping hits are resolved longest first. Offsets are mapped back to the
original text through :class:`~tahaluf.text.normalize.Normalized`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import ahocorasick

from tahaluf.resources import load_yaml
from tahaluf.text.normalize import Normalized, fold

EntityKind = Literal["actor", "place"]
#: full: safe anywhere; short: only after the document named the entity in full;
#: ambiguous: shared by several entities, resolved to the one the document named in full;
#: context: a place name that is also a common word, needs a cue (مدينة، في، ريف ...)
Flag = Literal["full", "short", "ambiguous", "context"]


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    entity: str
    kind: EntityKind
    flag: Flag = "full"


@dataclass(frozen=True, slots=True)
class Hit:
    """A dictionary hit in folded coordinates (``start`` excludes proclitics)."""

    start: int
    end: int
    word_start: int  # where the token begins, proclitics included
    entries: tuple[Entry, ...]
    contracted: bool  # لل + name: the article's alef was absorbed


@functools.cache
def _clitics() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    spec = load_yaml("clitics.yaml")
    before_article = frozenset(fold(c) for c in spec["before_article"]) | {""}
    before_bare = frozenset(fold(c) for c in spec["before_bare"]) | {""}
    contraction = frozenset(fold(c)[:-1] for c in spec["lam_contraction"])  # لل → ل
    return before_article, before_bare, contraction


def _is_word(ch: str) -> bool:
    return ch.isalnum()


class Matcher:
    """Finds dictionary entries in folded text."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        table: dict[str, list[Entry]] = {}
        for e in entries:
            key = fold(e.key).strip()
            if len(key) < 2:
                continue
            table.setdefault(key, []).append(e)
        self._automaton = ahocorasick.Automaton()
        for key, group in table.items():
            self._automaton.add_word(key, (key, tuple(group), False))
        # ل + ال contraction: "للجبهه" holds the key "الجبهه" without its alef
        for key, group in table.items():
            if key.startswith("ال") and len(key) > 3:
                short = key[1:]
                if short not in table:
                    self._automaton.add_word(short, (short, tuple(group), True))
        self.size = len(table)
        if self.size:
            self._automaton.make_automaton()

    def hits(self, text: str) -> list[Hit]:
        """Every boundary-valid hit in folded ``text`` (overlaps not yet resolved)."""
        if not self.size:
            return []
        before_article, before_bare, contraction = _clitics()
        n = len(text)
        out: list[Hit] = []
        for end_idx, (key, group, contracted) in self._automaton.iter(text):
            end = end_idx + 1
            if end < n and _is_word(text[end]):
                continue
            start = end - len(key)
            ws = start
            while ws > 0 and _is_word(text[ws - 1]):
                ws -= 1
            prefix = text[ws:start]
            if contracted:
                if prefix not in contraction:
                    continue
            elif key.startswith("ال"):
                if prefix not in before_article:
                    continue
            elif prefix not in before_bare:
                continue
            out.append(Hit(start, end, ws, group, contracted))
        return out

    @staticmethod
    def longest(hits: list[Hit]) -> list[Hit]:
        """Non-overlapping hits, longer first, then leftmost; returned in text order."""
        chosen: list[Hit] = []
        taken: list[tuple[int, int]] = []
        for h in sorted(hits, key=lambda h: (-(h.end - h.word_start), h.start)):
            s = h.word_start if h.contracted else h.start
            if any(s < e and a < h.end for a, e in taken):
                continue
            chosen.append(h)
            taken.append((s, h.end))
        return sorted(chosen, key=lambda h: h.start)


def span_of(nz: Normalized, hit: Hit) -> tuple[int, int]:
    """Original offsets of a hit: the name without proclitics, or the whole word for لل."""
    start = hit.word_start if hit.contracted else hit.start
    return nz.to_original(start, hit.end)
