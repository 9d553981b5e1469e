"""Clitic-aware, longest-match dictionary matching over folded text.

One Aho-Corasick automaton holds every folded surface form of every actor and place.
A hit counts when it sits on token boundaries, allowing only a valid proclitic sequence
before it (و ف ب ل ك and their combinations; ``لل`` = ل + ال before names with the
article). Overlapping hits are resolved longest first. Offsets are mapped back to the
original text through :class:`~tahaluf.text.normalize.Normalized`.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

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


class Hit(NamedTuple):
    """A dictionary hit in folded coordinates (``start`` excludes proclitics)."""

    start: int
    end: int
    word_start: int  # where the token begins, proclitics included
    entries: tuple[Entry, ...]
    contracted: bool  # لل + name: the article's alef was absorbed


@functools.cache
def _left_boundaries() -> tuple[str, ...]:
    return tuple(load_yaml("clitics.yaml")["left_boundaries"])


@functools.cache
def _clitics() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    spec = load_yaml("clitics.yaml")
    before_article = frozenset(fold(c) for c in spec["before_article"]) | {""}
    before_bare = frozenset(fold(c) for c in spec["before_bare"]) | {""}
    contraction = frozenset(fold(c)[:-1] for c in spec["lam_contraction"])  # لل → ل
    return before_article, before_bare, contraction


class Matcher:
    """Finds dictionary entries in folded text.

    Keys are indexed with their allowed proclitics and a space on each side, and the text
    is searched with every non-word character turned into a space (a one-for-one map), so
    the automaton itself enforces token boundaries and clitics: only real hits come back.
    """

    def __init__(self, entries: Iterable[Entry]) -> None:
        table: dict[str, list[Entry]] = {}
        for e in entries:
            key = " ".join(fold(e.key).split())
            if len(key) < 2:
                continue
            table.setdefault(key, []).append(e)
        before_article, before_bare, contraction = _clitics()
        bounds = _left_boundaries()
        self._automaton = ahocorasick.Automaton()
        for key, group in table.items():
            entries_t = tuple(group)
            prefixes = before_article if key.startswith("ال") else before_bare
            for p in prefixes:
                for b in bounds:
                    self._automaton.add_word(f"{b}{p}{key}", (len(p), len(key), entries_t, False))
            if key.startswith("ال") and len(key) > 3:
                # ل + ال contraction: "للجبهه" is ل + "الجبهه" without its alef
                for p in contraction:
                    if self._automaton.exists(f" {p}{key[1:]}"):
                        continue
                    for b in bounds:
                        self._automaton.add_word(f"{b}{p}{key[1:]}",
                                                 (len(p), len(key) - 1, entries_t, True))
        self.size = len(table)
        if self.size:
            self._automaton.make_automaton()

    def hits(self, text: str) -> list[Hit]:
        """Every boundary-valid hit in folded ``text`` (overlaps not yet resolved)."""
        if not self.size:
            return []
        search = " " + text + " "
        out: list[Hit] = []
        # leftmost-longest, non-overlapping: the automaton does the longest-match work;
        # keys carry their left boundary, the right one is checked here
        for end_idx, (plen, klen, group, contracted) in self._automaton.iter_long(search):
            nxt = search[end_idx + 1]
            if nxt.isalnum():
                continue  # the key ends inside a word
            end = end_idx  # search offsets are text offsets + 1
            start = end - klen
            out.append(Hit(start, end, start - plen, group, contracted))
        return out

    @staticmethod
    def longest(hits: list[Hit]) -> list[Hit]:
        """Non-overlapping hits, longer first, then leftmost; returned in text order."""
        if not hits:
            return []
        if all(a.end <= b.word_start for a, b in itertools.pairwise(hits)):
            return hits
        chosen: list[Hit] = []
        occupied = bytearray(max(x.end for x in hits) + 1)
        for h in sorted(hits, key=lambda h: (-(h.end - h.word_start), h.start)):
            s = h.word_start if h.contracted else h.start
            if any(occupied[s:h.end]):
                continue
            chosen.append(h)
            occupied[s:h.end] = b"\x01" * (h.end - s)
        return sorted(chosen, key=lambda h: h.start)


def span_of(nz: Normalized, hit: Hit) -> tuple[int, int]:
    """Original offsets of a hit: the name without proclitics, or the whole word for لل."""
    start = hit.word_start if hit.contracted else hit.start
    return nz.to_original(start, hit.end)
