"""Sentence splitting and tokenization with offsets into the original text.

Rules (data in ``data/segment.yaml``):

* ``.`` ``!`` ``?`` ``؟`` ``…`` end a sentence; ``،`` and ``؛`` never do;
* a period after a known abbreviation or between digits (``6.5``) does not;
* a terminal inside an open quote or bracket does not; closing quotes stay with the sentence;
* a blank line ends a paragraph — unless the paragraph stopped mid-sentence (a long block
  with no final punctuation followed by more text), which is repaired by not splitting
  there; the stored text is untouched, the sentence simply spans the break.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tahaluf.resources import load_yaml
from tahaluf.text.normalize import Normalized, fold, normalize
from tahaluf.types import Span

_MIN_WORDS_FOR_BROKEN_PARAGRAPH = 12


@dataclass(frozen=True, slots=True)
class _SegData:
    boundary: re.Pattern[str]
    abbreviations: frozenset[str]
    terminals: frozenset[str]
    closers: str
    openers: dict[str, str]
    quote_re: re.Pattern[str]


@functools.cache
def _data() -> _SegData:
    spec = load_yaml("segment.yaml")
    terms = "".join(re.escape(t) for t in spec["terminals"])
    closers = "".join(spec["closers"])
    # a run of terminals, or a paragraph break (newline with optional blank lines)
    boundary = re.compile(rf"[{terms}]+|\n\s*\n|\n")
    openers = {a: b for a, b in spec["quote_pairs"]}
    quote_re = re.compile("[" + re.escape("".join(a + b for a, b in spec["quote_pairs"])) + "]")
    return _SegData(boundary, frozenset(fold(a) for a in spec["abbreviations"]),
                    frozenset(spec["terminals"]), closers, openers, quote_re)


def _word_before(text: str, pos: int) -> str:
    start = pos
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(«\"":
        start -= 1
    return text[start:pos]


def _is_abbreviation(text: str, pos: int, data: _SegData) -> bool:
    word = fold(_word_before(text, pos)).strip(".")
    return word in data.abbreviations or (len(word) == 1 and word.isalpha() and word.isascii())


def sentences(text: str) -> list[Span]:
    """Split ``text`` into sentence spans (whitespace trimmed, empty ones dropped)."""
    data = _data()
    spans: list[Span] = []
    start = 0
    close_of = {v: k for k, v in data.openers.items()}
    quotes = [(m.start(), m.group()) for m in data.quote_re.finditer(text)]
    qi = 0
    depth: dict[str, int] = {}
    n = len(text)
    for m in data.boundary.finditer(text):
        s, e = m.start(), m.end()
        tok = m.group()
        if tok[0] == "\n":
            if "\n" in tok[1:] or tok.count("\n") > 1 or text[s:e].strip() == "":
                if tok.count("\n") >= 2 and _broken_paragraph(text, start, s, e, data):
                    continue
                if tok.count("\n") < 2 and not _line_ends_sentence(text, start, s, data):
                    # single newline inside a paragraph (hard wrap): keep going
                    continue
            _push(spans, text, start, s)
            start = e
            depth.clear()
            continue
        # quote depth between the sentence start and this terminal
        while qi < len(quotes) and quotes[qi][0] < start:
            qi += 1
        qj = qi
        depth.clear()
        while qj < len(quotes) and quotes[qj][0] < s:
            ch = quotes[qj][1]
            if ch in data.openers:
                depth[ch] = depth.get(ch, 0) + 1
            elif depth.get(close_of[ch], 0) > 0:
                depth[close_of[ch]] -= 1
            qj += 1
        if tok == "." and 0 < s and e < n and text[s - 1].isdigit() and text[e].isdigit():
            continue
        if tok == "." and _is_abbreviation(text, s, data):
            continue
        end = e
        while end < n and text[end] in data.closers:
            end += 1
        if any(v > 0 for v in depth.values()):
            # inside an open quote: split only if the quote closes right here
            if end == e:
                continue
        if end < n and not text[end].isspace() and text[end] not in data.closers:
            # "U.S.A" or a URL: no space after the terminal, not a boundary
            if not (text[end] == "\n"):
                continue
        _push(spans, text, start, end)
        start = end
        depth.clear()
    _push(spans, text, start, n)
    return spans


def _line_ends_sentence(text: str, start: int, nl: int, data: _SegData) -> bool:
    """A single newline ends a sentence unless the line plainly continues (hard wrap)."""
    line = text[start:nl].rstrip()
    if not line:
        return True
    return len(line.split()) < _MIN_WORDS_FOR_BROKEN_PARAGRAPH or line[-1] in data.terminals or line[-1] in ":"


def _broken_paragraph(text: str, start: int, s: int, e: int, data: _SegData) -> bool:
    """True when a blank line interrupts a sentence (the block before has no end mark)."""
    block = text[start:s].rstrip()
    if not block or e >= len(text):
        return False
    last = block[-1]
    if last in data.terminals or last in data.closers or last in ":؛،-–—":
        return False
    if last.isdigit():
        return False
    last_line = block.rsplit("\n", 1)[-1]
    return len(last_line.split()) >= _MIN_WORDS_FOR_BROKEN_PARAGRAPH


def _push(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


@dataclass(frozen=True, slots=True)
class Token:
    """A word token: ``span`` in the original text, ``norm`` its folded form."""

    span: Span
    norm: str
    #: candidate ``(proclitics, stem)`` splits, the unsplit reading first
    splits: tuple[tuple[str, str], ...]


_WORD = re.compile(r"\w+", re.UNICODE)


@functools.cache
def _prefixes() -> tuple[str, ...]:
    spec = load_yaml("clitics.yaml")
    return tuple(sorted({fold(p) for p in spec["token_prefixes"]}, key=len, reverse=True))


def clitic_splits(norm: str, min_stem: int = 2) -> tuple[tuple[str, str], ...]:
    """All readings of a folded word as proclitics + stem, the whole word first.

    ``لل`` + stem also yields the article reading ``ل`` + ``ال``+stem.
    """
    out: list[tuple[str, str]] = [("", norm)]
    for p in _prefixes():
        if norm.startswith(p) and len(norm) - len(p) >= min_stem:
            stem = norm[len(p):]
            out.append((p, stem))
            if p.endswith("لل"):
                out.append((p[:-1], "ال" + stem))
    seen: set[tuple[str, str]] = set()
    uniq = []
    for item in out:
        if item not in seen:
            seen.add(item)
            uniq.append(item)
    return tuple(uniq)


def tokens(text: str, normalized: Normalized | None = None) -> list[Token]:
    """Word tokens with original offsets and clitic candidates."""
    nz = normalized or normalize(text)
    out: list[Token] = []
    for m in _WORD.finditer(nz.text):
        s, e = nz.to_original(m.start(), m.end())
        out.append(Token(Span(s, e), m.group(), clitic_splits(m.group())))
    return out
