"""Quantities in Arabic reporting: "قرابة 400 كم", "450 ألف", "ثلاثمئة وخمسين مقاتلاً".

One regular expression built from ``data/quantities.yaml`` finds a number — digits (with
``,``/``.``/``٬`` separators; Eastern-Arabic digits are folded to ASCII), number words, or
a vague plural (عشرات، مئات، آلاف) — with an optional hedge before it, an optional scale
word (ألف، مليون) and an optional unit after it. Number words are read left to right:
a scale multiplies what came before it, مئة after a unit multiplies it, everything else
adds.

A bare number is kept only when it is clearly a quantity: it has a unit, a scale word or
a hedge, is a vague plural, is written with thousands separators, or is a number phrase of
several words. Lone digits are usually dates, brigade numbers or resolution numbers.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from tahaluf.extract.dates import alternation
from tahaluf.resources import load_yaml
from tahaluf.text.normalize import Normalized, fold
from tahaluf.types import Quantity, Span

__all__ = ["find_quantities", "parse_number_words"]

_START = r"(?:(?<!\w)|(?<=(?<!\w)[وفبلك])|(?<=(?<!\w)و[فبلك]))(?<![\d.,/:\-])"
_END = r"(?!\w)"
_LETTER_END = r"(?![^\W\d_])"
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
_THOUSANDS = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_DIGITS = re.compile(r"\d+")


def _key(text: str) -> str:
    return " ".join(text.split())


def _folded(words: list[str]) -> list[str]:
    return [_key(fold(str(w))) for w in words]


@dataclass(frozen=True, slots=True)
class _Grammar:
    pattern: re.Pattern[str]
    heads: re.Pattern[str]
    token: re.Pattern[str]
    numbers: Mapping[str, int]
    multipliers: Mapping[str, int]
    vague: Mapping[str, int]
    vague_need_unit: frozenset[str]
    units: Mapping[str, str]
    before_year: frozenset[str]


@functools.cache
def _grammar() -> _Grammar:
    spec = load_yaml("quantities.yaml")
    months = load_yaml("months.yaml")
    numbers = {w: int(v) for v, ws in spec["numbers"].items() for w in _folded(ws)}
    multipliers = {w: int(v) for v, ws in spec["multipliers"].items() for w in _folded(ws)}
    vague: dict[str, int] = {}
    vague_need_unit: set[str] = set()
    for rec in spec["vague"]:
        for w in _folded(rec["names"]):
            vague[w] = int(rec["value"])
            if rec.get("needs_unit"):
                vague_need_unit.add(w)
    units: dict[str, str] = {}
    for rec in spec["units"]:
        for w in _folded(rec["names"]):
            units[w] = rec["id"]
            if w[0].isalpha() and not w.startswith("ال"):
                units["ال" + w] = rec["id"]
    approx_before = _folded(spec["approximate_before"])
    approx_after = _folded(spec["approximate_after"])
    # words before a 4-digit number that make it a year, not a count ("عام 2015 قرية")
    before_year = set(_folded(months["words"]["year"]))
    for rec in months["gregorian"]:
        before_year.update(_folded(rec["names"]))

    alt = alternation
    number_words = alt(list(numbers) + list(multipliers))
    mult = alt(multipliers)
    unit = alt(units)
    pattern = re.compile(
        _START
        + rf"(?:(?P<approx>{alt(approx_before)})\s+)?"
        + r"(?:(?P<digits>\d+(?:[.,]\d+)*)"
        + rf"(?:\s*(?P<dscale>{mult}){_END})?"
        + rf"|(?P<vague>{alt(vague)}){_END}(?:\s+(?P<vscale>{mult}){_END})?"
        + rf"|(?P<words>(?:{number_words}){_END}(?:\s+(?:و\s*)?(?:{number_words}){_END})*))"
        + rf"(?:\s*(?:من\s+(?=ال))?(?P<unit>{unit}){_LETTER_END})?"
        + rf"(?:\s+(?P<after>{alt(approx_after)}){_END})?"
    )
    heads = {w.split(" ")[0] for w in (*approx_before, *numbers, *multipliers, *vague)}
    head_pattern = re.compile(alt(heads) + _END + r"|\d+")
    token = re.compile(rf"(?:و\s*)?({number_words}){_END}")
    return _Grammar(pattern, head_pattern, token, numbers, multipliers, vague,
                    frozenset(vague_need_unit), units, frozenset(before_year))


def parse_number_words(text: str) -> int | None:
    """The value of a number written in (folded) words: "ثلاثمئة وخمسين" → 350."""
    g = _grammar()
    total = current = 0
    seen = False
    for m in g.token.finditer(text):
        word = _key(m.group(1))
        seen = True
        if word in g.multipliers:
            current = (current or 1) * g.multipliers[word]
            total += current
            current = 0
        elif word in g.numbers:
            v = g.numbers[word]
            current = current * 100 if v == 100 and 0 < current < 10 else current + v
    return total + current if seen else None


def _parse_digits(text: str, scaled: bool) -> float | None:
    """Digits with separators: "10,000", "10.000", "1,000.5", "6.5", "6,5" (decimal comma).

    ``None`` when the separators do not make one number: a list ("4,5,6,7"), a date
    written with dots ("3.4.2016"), or grouping that is not in threes ("1,00,0.5").
    """
    seps = [c for c in text if c in ".,"]
    if not seps:
        return float(text)
    if _THOUSANDS.fullmatch(text) and not (scaled and seps == ["."]):
        return float(text.replace(",", "").replace(".", ""))
    if len(seps) == 1:
        return float(text.replace(",", "."))
    decimal = seps[-1]
    if seps.count(decimal) > 1:
        return None
    head, _, tail = text.rpartition(decimal)
    if not (_DIGITS.fullmatch(head) or _THOUSANDS.fullmatch(head)):
        return None
    return float(head.replace(",", "").replace(".", "") + "." + tail)


def _previous_word(text: str, pos: int) -> str:
    i = pos
    while i > 0 and text[i - 1].isspace():
        i -= 1
    j = i
    while j > 0 and text[j - 1].isalnum():
        j -= 1
    return text[j:i]


def _quantity(g: _Grammar, text: str, m: re.Match[str]) -> tuple[float, str | None, bool] | None:
    unit = g.units.get(_key(m.group("unit") or ""))
    approx = bool(m.group("approx") or m.group("after"))
    digits = m.group("digits")
    if digits is not None:
        scale_word = m.group("dscale")
        parsed = _parse_digits(digits, scaled=bool(scale_word))
        if parsed is None:
            return None
        value = parsed
        if scale_word:
            value *= g.multipliers[_key(scale_word)]
        elif not (unit or approx or (_THOUSANDS.fullmatch(digits) and "," in digits)):
            return None
        if (not scale_word and _YEAR_LIKE.fullmatch(digits)
                and _previous_word(text, m.start()) in g.before_year):
            return None
        return value, unit, approx
    vague = m.group("vague")
    if vague is not None:
        if not unit and _key(vague) in g.vague_need_unit:
            return None
        value = float(g.vague[_key(vague)])
        if m.group("vscale"):
            value *= g.multipliers[_key(m.group("vscale"))]
        return value, unit, True
    words = m.group("words") or ""
    number = parse_number_words(words)
    if number is None:
        return None
    several = len(g.token.findall(words)) > 1
    if not (unit or approx or several):
        return None
    return float(number), unit, approx


def find_quantities(nz: Normalized) -> list[Quantity]:
    """Every quantity in the text, in text order; spans are offsets into ``nz.original``."""
    g = _grammar()
    text = nz.text
    out: list[Quantity] = []
    pos = 0
    while (head := g.heads.search(text, pos)) is not None:
        m = g.pattern.match(text, head.start())
        if m is None or m.end() == m.start():
            pos = head.end()
            continue
        pos = m.end()
        found = _quantity(g, text, m)
        if found is None or not math.isfinite(found[0]):  # 400 digits are not a count
            continue
        value, unit, approx = found
        start, end = nz.to_original(m.start(), m.end())
        out.append(Quantity(Span(start, end), value, unit, approx))
    return out
