"""Dates in Arabic reporting: find the phrases, resolve them to :class:`DateValue`.

One regular expression, built once from ``data/months.yaml`` and ``data/anchors.yaml``
(month names of the Levant, Egypt/Gulf and the Maghreb, Hijri months, weekdays, relative
words, anchors such as "منذ التدخل الروسي"), finds candidate phrases on the folded text.
Each candidate is resolved by the rules below against the publication date; ``dateparser``
is called only for "day word year" candidates whose word is not a month we know. Spans are
mapped back with :meth:`Normalized.to_original`, so ``text[span.start:span.end]`` is the
phrase as written.

Resolution rules, in short:

* a full date is ``explicit``; anything whose year or day comes from the publication date
  (a month without a year, a weekday, "أمس", "قبل يومين", "الشهر الماضي") is ``relative``
  and is dropped when the publication date is unknown;
* a month without a year is the most recent such month not after publication ("الماضي":
  strictly before, "المقبل": strictly after, "الجاري": this year);
* a weekday with a day and a month but no year picks the most recent year that puts the
  day on that weekday; "أمس الإثنين" trusts the weekday over the publication date when
  they disagree by a day or two (articles are often stamped the day after);
* vague spans ("قبل عدة أشهر", "خلال الأسابيع الماضية") give a best-guess midpoint with
  ``earliest``/``latest`` bounding the range the words allow;
* Hijri dates use the arithmetic (tabular, civil-epoch) Islamic calendar, which agrees
  with the observed calendar to within a day or so.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from tahaluf.errors import DateError
from tahaluf.resources import load_yaml
from tahaluf.text.normalize import Normalized, fold
from tahaluf.types import UNKNOWN_DATE, DateBasis, DateValue, Precision, Span

__all__ = [
    "alternation",
    "document_date",
    "find_dates",
    "hijri_to_gregorian",
    "resolve_event_date",
]

#: Where a match may start: at a word start, after a proclitic (و ف ب ل ك, وب ...)
#: glued to the word, or at digits glued to the article ("الـ9" folds to "ال9"); never
#: right after a digit group separator ("2,000").
_START = (r"(?:(?<!\w)|(?<=(?<!\w)[وفبلك])|(?<=(?<!\w)و[فبلك])|(?<=(?<!\w)ال)(?=\d))"
          r"(?<!\d[.,/:\-])")
_END = r"(?!\w)"
#: after a month name a digit may follow at once ("ديسمبر2013")
_MONTH_END = r"(?![^\W\d_])"
_PUNCT_BEFORE = frozenset("،,؛;(-–—:\n")
_PUNCT_AFTER = frozenset("،,؛;.)-–—:\n")


# --------------------------------------------------------------------------- patterns

def alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` (already folded), factored as a trie.

    The trie keeps the number of branches tried at each position small, and its greedy
    optional tails make the longest word win ("كم مربع" before "كم"). A space in a word
    matches any run of whitespace.
    """
    trie: dict[str, Any] = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return "(?!)"
    return _trie_regex(trie)


def _trie_regex(node: dict[str, Any]) -> str:
    branches = []
    for ch in sorted(k for k in node if k):
        piece = r"\s+" if ch == " " else re.escape(ch)
        branches.append(piece + _trie_regex(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return "(?:" + body + ")?" if len(branches) == 1 else body + "?"
    return body


def _key(text: str) -> str:
    """A matched phrase as a lookup key: whitespace runs become one space."""
    return " ".join(text.split())


def _folded(words: Iterable[str]) -> list[str]:
    return [_key(fold(str(w))) for w in words]


@dataclass(frozen=True, slots=True)
class _Part:
    id: str
    months: tuple[int, int]
    days: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class _Anchor:
    id: str
    day: date
    start: date
    end: date
    precision: Precision


@dataclass(frozen=True, slots=True)
class _Unit:
    id: str
    count: int | None  # 1 singular, 2 dual, None plural
    vague: tuple[int, int]


@dataclass(frozen=True, slots=True)
class _Grammar:
    pattern: re.Pattern[str]
    heads: re.Pattern[str]
    months: Mapping[str, int]
    ambiguous_months: frozenset[str]
    hijri: Mapping[str, int]
    ambiguous_hijri: frozenset[str]
    weekdays: Mapping[str, int]
    ambiguous_weekdays: frozenset[str]
    ordinals: Mapping[str, int]
    parts: Mapping[str, _Part]
    qualifiers: Mapping[str, str]
    periods: Mapping[str, str]
    today: frozenset[str]
    yesterday: frozenset[str]
    day_before_yesterday: frozenset[str]
    this: frozenset[str]
    units: Mapping[str, _Unit]
    numbers: Mapping[str, int]
    vague_counts: frozenset[str]
    anchors: Mapping[str, _Anchor]
    relations: Mapping[str, str]
    cues: frozenset[str]
    years: tuple[int, int]
    hijri_years: tuple[int, int]
    week_start: int


def _words_by_value(spec: Mapping[Any, Iterable[str]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for value, words in spec.items():
        for w in _folded(words):
            out[w] = int(value)
    return out


@functools.cache
def _grammar() -> _Grammar:
    spec = load_yaml("months.yaml")
    anchor_spec = load_yaml("anchors.yaml")
    number_spec = load_yaml("quantities.yaml")

    months: dict[str, int] = {}
    ambiguous_months: set[str] = set()
    for rec in spec["gregorian"]:
        for w in _folded(rec["names"]):
            months[w] = int(rec["month"])
            if rec.get("ambiguous"):
                ambiguous_months.add(w)
    hijri: dict[str, int] = {}
    ambiguous_hijri: set[str] = set()
    for rec in spec["hijri"]:
        for w in _folded(rec["names"]):
            hijri[w] = int(rec["month"])
            if rec.get("ambiguous"):
                ambiguous_hijri.add(w)
    weekdays: dict[str, int] = {}
    ambiguous_weekdays: set[str] = set()
    for rec in spec["weekdays"]:
        for w in _folded(rec["names"]):
            weekdays[w] = int(rec["iso"])
            if rec.get("ambiguous"):
                ambiguous_weekdays.add(w)
    ordinals = _words_by_value(spec["ordinal_days"])
    parts: dict[str, _Part] = {}
    for rec in spec["parts"]:
        days = rec.get("days")
        part = _Part(rec["id"], (int(rec["months"][0]), int(rec["months"][1])),
                     (int(days[0]), int(days[1])) if days else None)
        for w in _folded(rec["names"]):
            parts[w] = part
    qualifiers = {w: kind for kind, words in spec["qualifiers"].items() for w in _folded(words)}
    periods = {w: kind for kind, words in spec["periods"].items() for w in _folded(words)}
    units: dict[str, _Unit] = {}
    plural_article: list[str] = []
    for rec in spec["units"]:
        vague = (int(rec["vague"][0]), int(rec["vague"][1]))
        for form, count in (("singular", 1), ("dual", 2), ("plural", None),
                            ("plural_article", None)):
            for w in _folded(rec[form]):
                units[w] = _Unit(rec["id"], count, vague)
        plural_article += _folded(rec["plural_article"])
    numbers = {w: v for w, v in _words_by_value(number_spec["numbers"]).items() if v <= 99}
    vague_counts = frozenset(_folded(spec["ago"]["vague"]))
    anchors: dict[str, _Anchor] = {}
    for rec in anchor_spec["anchors"]:
        day = date.fromisoformat(rec["date"])
        anchor = _Anchor(rec["id"], day,
                         date.fromisoformat(rec.get("earliest", rec["date"])),
                         date.fromisoformat(rec.get("end", rec["date"])),
                         rec.get("precision", "day"))
        for w in _folded(rec["phrases"]):
            anchors[w] = anchor
    relations = {w: kind for kind, words in spec["relations"].items() for w in _folded(words)}
    words = {k: _folded(v) for k, v in spec["words"].items()}
    today = _folded(spec["today"])
    yesterday = _folded(spec["yesterday"])
    dby = _folded(spec["day_before_yesterday"])
    past_like = [w for w, k in qualifiers.items() if k in ("past", "recent")]

    alt = alternation
    wd_re, mon_re, part_re = alt(weekdays), alt(months), alt(parts)
    qual, per_year = alt(qualifiers), alt(w for w, k in periods.items() if k == "year")
    of, dayw, monthw, yearw = alt(words["of"]), alt(words["day"]), alt(words["month"]), alt(words["year"])
    rel_day = alt(today + yesterday + dby)
    this = alt(words["this"])
    unit_any = alt(units)
    count_re = r"\d{1,2}|" + alt(list(numbers) + list(vague_counts))
    branches = [
        # A: anchors — "منذ بدء التدخل الروسي"
        rf"(?P<an_rel>{alt(relations)})\s+(?:{alt(_folded(spec['anchor_heads']))}\s+)?"
        rf"(?P<an>{alt(anchors)}){_END}",
        # B: "قبل يومين", "منذ عدة أشهر" (not "منذ عام 2014", "قبل عام من ...")
        rf"(?P<ago>{alt(_folded(spec['ago']['cues']))})\s+(?:{alt(_folded(spec['ago']['about']))}\s+)?"
        rf"(?:(?P<ago_n>{count_re})\s+)?(?P<ago_u>{unit_any}){_END}"
        rf"(?!\s*(?:{yearw}\s*)?\d)(?!\s+(?:{of}|{wd_re}|{rel_day}){_END})",
        # B': "خلال الأسابيع الماضية"
        rf"(?P<dur>{alt(_folded(spec['during']['cues']))})\s+(?P<dur_u>{alt(plural_article)})"
        rf"\s+(?:{alt(_folded(spec['during']['fillers']))}\s+)?(?P<dur_q>{alt(past_like)}){_END}",
        # I: Hijri — "15 رمضان 1436 هـ"
        rf"(?:(?P<h_d>\d{{1,2}})(?!\d)\s*(?:{of}\s+)?)?(?P<h_m>{alt(hijri)})\s*(?:{yearw}\s*)?"
        rf"(?P<h_y>\d{{3,4}})(?!\d)(?:\s*(?P<h_mark>{alt(_folded(spec['hijri_marks']))}){_END})?",
        # C: calendar — "[أمس] [يوم] [الخميس،] [الموافق لـ] [مطلع] [شهر] [الـ 9 من] أيلول[/سبتمبر]
        #                [من العام الماضي | 2016 م | الماضي]"
        rf"(?:(?:{dayw}\s+)?(?:(?P<c_rel>{rel_day})\s*[،,]?\s+)?(?:(?P<c_dw>{dayw})\s+)?"
        rf"(?P<c_wd>{wd_re})\s*[،,\-–]?\s*(?:{alt(words['corresponding'])}\s*)?)?"
        rf"(?:(?P<c_part>{part_re})\s+)?(?:(?P<c_mw>{monthw})\s+)?"
        rf"(?:(?:{dayw}\s+)?(?:{alt(words['article'])}\s*)?(?P<c_day>\d{{1,2}})(?!\d)\s*"
        rf"(?:{of}\s+)?(?:{monthw}\s+)?"
        rf"|(?P<c_ord>{alt(ordinals)})\s+{of}\s+(?:{monthw}\s+)?)?"
        rf"(?P<c_m>{mon_re}){_MONTH_END}"
        rf"(?:\s*(?:[/\\\-–—(]\s*|\s+)(?P<c_m2>{mon_re}){_MONTH_END}(?:\s*\))?)?"
        rf"(?:\s*(?:{of}\s+)?(?:(?:{yearw}|{per_year})\s*)?(?P<c_y>\d{{4}})(?!\d)"
        rf"(?:\s*{alt(words['ad_marks'])}{_END})?"
        rf"|\s+(?:{of}\s+)?(?P<c_yq>{per_year}\s+{qual}|{this}\s+{per_year}){_END}"
        rf"|\s+(?P<c_q>{qual}){_END})?",
        # D: weekday — "اليوم الجمعة", "يوم أمس الإثنين", "السبت الماضي"
        rf"(?:(?:{dayw}\s+)?(?P<w_rel>{rel_day})\s*[،,]?\s+)?(?:(?P<w_dw>{dayw})\s+)?"
        rf"(?P<w_wd>{wd_re}){_END}(?:\s+(?P<w_q>{qual}){_END})?",
        # E: "أول أمس", "يوم أمس", "اليوم" (not "اليوم الذي")
        rf"(?:{dayw}\s+)?(?P<r_dby>{alt(dby)}){_END}",
        rf"(?:{dayw}\s+)?(?P<r_yst>{alt(yesterday)}){_END}",
        rf"(?P<r_today>{alt(today)}){_END}(?!\s+{alt(_folded(spec['today_not_before']))}{_END})",
        # F: "مطلع العام الماضي", "الشهر الجاري", "هذا الأسبوع"
        rf"(?:(?P<p_part>{part_re})\s+)?(?:(?P<p_per>{alt(periods)})\s+(?P<p_q>{qual})"
        rf"|(?P<p_this>{this})\s+(?P<p_per2>{alt(periods)})){_END}",
        # H: numeric — 2/1/2016, 2016-01-02
        r"(?P<n_d>\d{1,2})(?P<n_sep>[/.\-])(?P<n_m>\d{1,2})(?P=n_sep)(?P<n_y>\d{4})(?!\d)",
        r"(?P<i_y>\d{4})(?P<i_sep>[/.\-])(?P<i_m>\d{1,2})(?P=i_sep)(?P<i_d>\d{1,2})(?!\d)",
        # G: a year — "عام 2013", "مطلع 2014", "في 2014", "2014 م"
        rf"(?:(?P<y_part>{part_re})\s+)?(?:(?P<y_cue>{yearw}|{per_year})\s*)?(?P<y>\d{{4}})(?!\d)"
        rf"(?:\s*(?P<y_ad>{alt(words['ad_marks'])}){_END})?",
        # J: "12 ايلو 2015" — a day, an unknown word, a year: left to dateparser
        r"(?P<l_d>\d{1,2})\s+(?P<l_w>[^\W\d_]{3,12})\s+(?P<l_y>\d{4})(?!\d)",
    ]
    pattern = re.compile(_START + "(?:" + "|".join(branches) + ")")
    # The first words any branch can start with: a cheap scan finds them, and the full
    # pattern is tried only there (3-4x faster than letting it try every position).
    heads = {w.split(" ")[0] for w in (
        *months, *hijri, *weekdays, *ordinals, *parts, *periods, *today, *yesterday, *dby,
        *words["this"], *words["day"], *words["month"], *words["year"], *relations,
        *_folded(spec["ago"]["cues"]), *_folded(spec["during"]["cues"]))}
    head_pattern = re.compile(alternation(heads) + r"(?![^\W\d_])|\d+")
    return _Grammar(
        pattern=pattern,
        heads=head_pattern,
        months=months, ambiguous_months=frozenset(ambiguous_months),
        hijri=hijri, ambiguous_hijri=frozenset(ambiguous_hijri),
        weekdays=weekdays, ambiguous_weekdays=frozenset(ambiguous_weekdays),
        ordinals=ordinals, parts=parts, qualifiers=qualifiers, periods=periods,
        today=frozenset(today), yesterday=frozenset(yesterday),
        day_before_yesterday=frozenset(dby), this=frozenset(words["this"]),
        units=units, numbers=numbers, vague_counts=vague_counts,
        anchors=anchors, relations=relations,
        cues=frozenset(_folded(spec["cues"])) | frozenset(words["year"]) | frozenset(parts),
        years=(int(spec["years"][0]), int(spec["years"][1])),
        hijri_years=(int(spec["hijri_years"][0]), int(spec["hijri_years"][1])),
        week_start=int(spec["week_starts_iso"]),
    )


# --------------------------------------------------------------------------- values

def _day(d: date, basis: DateBasis, lo: date | None = None, hi: date | None = None) -> DateValue:
    return DateValue(d.isoformat(), "day", (lo or d).isoformat(), (hi or d).isoformat(), basis)


def _month(y: int, m: int, basis: DateBasis, days: tuple[int, int] | None = None) -> DateValue:
    last = calendar.monthrange(y, m)[1]
    lo, hi = days or (1, last)
    return DateValue(f"{y:04d}-{m:02d}", "month", date(y, m, max(1, lo)).isoformat(),
                     date(y, m, min(last, hi)).isoformat(), basis)


def _year(y: int, basis: DateBasis, months: tuple[int, int] = (1, 12)) -> DateValue:
    last = calendar.monthrange(y, months[1])[1]
    return DateValue(f"{y:04d}", "year", date(y, months[0], 1).isoformat(),
                     date(y, months[1], last).isoformat(), basis)


def _range(lo: date, hi: date, precision: Precision, basis: DateBasis) -> DateValue:
    """A best-guess midpoint at ``precision`` with the bounds ``lo``..``hi``."""
    mid = lo + (hi - lo) / 2
    value = {"day": mid.isoformat(), "month": mid.isoformat()[:7], "year": f"{mid.year:04d}"}
    return DateValue(value[precision], precision, lo.isoformat(), hi.isoformat(), basis)


def _add_months(d: date, n: int) -> date:
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _published_day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError as exc:
        raise DateError(f"publication date {published!r} is not an ISO date",
                        hint="give it as YYYY-MM-DD") from exc


def document_date(published: str | None) -> DateValue:
    """The publication date as a fallback event date (basis ``published``)."""
    day = _published_day(published)
    return _day(day, "published") if day else UNKNOWN_DATE


# Tabular Islamic calendar, civil epoch (1 Muharram 1 AH = 16 July 622 Julian); leap
# years are the 11 years of each 30 with (14 + 11 y) mod 30 < 11 — the arithmetic
# calendar behind the "Kuwaiti algorithm". It can differ from the sighted calendar by ±1
# day (occasionally 2).
_HIJRI_EPOCH = date(622, 7, 19).toordinal()


def _hijri_month_length(y: int, m: int) -> int:
    if m == 12:
        return 30 if (14 + 11 * y) % 30 < 11 else 29
    return 30 if m % 2 else 29


def hijri_to_gregorian(y: int, m: int, d: int) -> date:
    """Convert a Hijri date with the tabular calendar (±1 day against observation)."""
    if not (1 <= m <= 12 and 1 <= d <= _hijri_month_length(y, m)) or y < 1:
        raise ValueError(f"no Hijri date {y}-{m}-{d}")
    days = (d - 1) + (59 * (m - 1) + 1) // 2 + (y - 1) * 354 + (3 + 11 * y) // 30
    return date.fromordinal(_HIJRI_EPOCH + days)


# --------------------------------------------------------------------------- rules

def _previous_word(text: str, pos: int) -> str:
    """The folded word ending before ``pos`` (after skipping spaces), clitic و stripped."""
    i = pos
    while i > 0 and text[i - 1].isspace():
        i -= 1
    j = i
    while j > 0 and (text[j - 1].isalnum()):
        j -= 1
    word = text[j:i]
    return word[1:] if word.startswith("و") and len(word) > 2 else word


def _punct_around(text: str, start: int, end: int) -> bool:
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    j = end
    while j < len(text) and text[j] in " \t":
        j += 1
    return i == 0 or text[i - 1] in _PUNCT_BEFORE or j == len(text) or text[j] in _PUNCT_AFTER


def _weekday_on_or_before(d: date, iso: int) -> date:
    return d - timedelta(days=(d.isoweekday() - iso) % 7)


def _near_weekday(nominal: date, iso: int) -> DateValue:
    """The day with weekday ``iso`` nearest ``nominal`` (from 6 days before to 1 after)."""
    best = min((nominal + timedelta(days=k) for k in range(-6, 2)
                if (nominal + timedelta(days=k)).isoweekday() == iso),
               key=lambda d: (abs((d - nominal).days), d))
    return _day(best, "relative", min(best, nominal), max(best, nominal))


def _infer_year(month: int, day: int | None, qual: str | None, pub: date) -> int:
    here = (month, day or 0)
    now = (pub.month, pub.day if day else 0)
    if qual == "current":
        return pub.year
    if qual == "next":
        return pub.year if here > now else pub.year + 1
    if qual in ("past", "recent"):
        return pub.year if here < now else pub.year - 1
    return pub.year if here <= now else pub.year - 1


def _year_for_weekday(month: int, day: int, iso: int, pub: date) -> int | None:
    for y in range(pub.year, pub.year - 12, -1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if d <= pub + timedelta(days=7) and d.isoweekday() == iso:
            return y
    return None


class _Resolver:
    def __init__(self, g: _Grammar, text: str, pub: date | None) -> None:
        self.g = g
        self.text = text
        self.pub = pub

    def resolve(self, m: re.Match[str]) -> DateValue | None:
        gd = m.groupdict()
        if gd["an"]:
            return self.anchor(gd)
        if gd["ago_u"]:
            return self.ago(gd)
        if gd["dur_u"]:
            return self.during(gd)
        if gd["h_m"]:
            return self.hijri(gd)
        if gd["c_m"]:
            return self.calendar(m, gd)
        if gd["w_wd"]:
            return self.weekday(m, gd)
        if gd["r_dby"] or gd["r_yst"] or gd["r_today"]:
            if self.pub is None:
                return None
            back = 2 if gd["r_dby"] else 1 if gd["r_yst"] else 0
            return _day(self.pub - timedelta(days=back), "relative")
        if gd["p_per"] or gd["p_per2"]:
            return self.period(gd)
        if gd["n_y"] or gd["i_y"]:
            return self.numeric(gd)
        if gd["y"]:
            return self.year(m, gd)
        if gd["l_w"]:
            return self.dateparser_fallback(m)
        return None

    # A
    def anchor(self, gd: dict[str, str | None]) -> DateValue | None:
        a = self.g.anchors[_key(gd["an"] or "")]
        if self.pub is not None and a.start > self.pub:
            return None  # "بعد سقوط النظام" written before it happened: a hope, not a date
        kind = self.g.relations[_key(gd["an_rel"] or "")]
        pub_iso = self.pub.isoformat() if self.pub else None
        day = a.day.isoformat()
        if kind == "since":
            return DateValue(day, a.precision, a.start.isoformat(), pub_iso, "explicit")
        if kind == "after":
            return DateValue(a.end.isoformat(), a.precision, a.end.isoformat(), pub_iso, "explicit")
        if kind == "before":
            return DateValue(a.start.isoformat(), a.precision, None, a.start.isoformat(), "explicit")
        return DateValue(day, a.precision, a.start.isoformat(),
                         a.end.isoformat() if a.end > a.start else pub_iso, "explicit")

    # B
    def ago(self, gd: dict[str, str | None]) -> DateValue | None:
        if self.pub is None:
            return None
        unit = self.g.units[_key(gd["ago_u"] or "")]
        count: int | None = unit.count
        n = _key(gd["ago_n"] or "")
        if n.isdigit():
            count = int(n) if unit.count != 2 else 2
        elif n in self.g.numbers:
            count = self.g.numbers[n]
        elif n in self.g.vague_counts:
            count = None
        if count is None:
            return self._back_range(unit, *unit.vague)
        return self._back(unit.id, count)

    def _back(self, unit: str, n: int) -> DateValue:
        pub = self.pub
        assert pub is not None
        if unit == "day":
            return _day(pub - timedelta(days=n), "relative")
        if unit == "week":
            d = pub - timedelta(days=7 * n)
            return _day(d, "relative", d - timedelta(days=3), min(pub, d + timedelta(days=3)))
        if unit == "month":
            d = _add_months(pub, -n)
            lo, hi = d - timedelta(days=15), min(pub, d + timedelta(days=15))
            return DateValue(d.isoformat()[:7], "month", lo.isoformat(), hi.isoformat(), "relative")
        d = _add_months(pub, -12 * n)
        lo, hi = d - timedelta(days=182), min(pub, d + timedelta(days=182))
        return DateValue(f"{d.year:04d}", "year", lo.isoformat(), hi.isoformat(), "relative")

    def _back_range(self, unit: _Unit, near: int, far: int) -> DateValue:
        pub = self.pub
        assert pub is not None
        if unit.id in ("day", "week"):
            k = 7 if unit.id == "week" else 1
            return _range(pub - timedelta(days=far * k), pub - timedelta(days=near * k),
                          "day", "relative")
        k = 12 if unit.id == "year" else 1
        precision: Precision = "year" if unit.id == "year" else "month"
        return _range(_add_months(pub, -far * k), _add_months(pub, -near * k), precision,
                      "relative")

    # B'
    def during(self, gd: dict[str, str | None]) -> DateValue | None:
        if self.pub is None:
            return None
        unit = self.g.units[_key(gd["dur_u"] or "")]
        return self._back_range(unit, 0, unit.vague[1])

    # I
    def hijri(self, gd: dict[str, str | None]) -> DateValue | None:
        month_word = _key(gd["h_m"] or "")
        y = int(gd["h_y"] or 0)
        lo_y, hi_y = self.g.hijri_years
        if not lo_y <= y <= hi_y:
            return None
        m = self.g.hijri[month_word]
        if gd["h_d"]:
            d = hijri_to_gregorian(y, m, int(gd["h_d"]))
            return _day(d, "explicit")
        if month_word in self.g.ambiguous_hijri:
            return None
        first = hijri_to_gregorian(y, m, 1)
        last = hijri_to_gregorian(y, m, _hijri_month_length(y, m))
        return _range(first, last, "month", "explicit")

    # C
    def calendar(self, m: re.Match[str], gd: dict[str, str | None]) -> DateValue | None:
        g = self.g
        month_word = _key(gd["c_m"] or "")
        month = g.months[month_word]
        day: int | None = None
        if gd["c_day"]:
            day = int(gd["c_day"])
        elif gd["c_ord"]:
            day = g.ordinals[_key(gd["c_ord"])]
        qual = g.qualifiers.get(_key(gd["c_q"] or ""))
        iso = g.weekdays.get(_key(gd["c_wd"] or ""))
        part = g.parts.get(_key(gd["c_part"] or ""))
        context = day or gd["c_y"] or gd["c_yq"] or qual or part or gd["c_mw"] or iso
        month_at = m.start("c_m")
        if month_word in g.ambiguous_months:
            if not context or (month_at == m.start() and month_at > 0
                               and self.text[month_at - 1].isalpha()):
                return None
        elif not context and _previous_word(self.text, m.start()) not in g.cues:
            return None  # a bare month name ("حرب تموز") is a name, not a date
        if day is not None and not 1 <= day <= 31:
            return None

        year: int | None = None
        basis: DateBasis = "relative"
        if gd["c_y"]:
            year, basis = int(gd["c_y"]), "explicit"
            if not 1800 <= year <= 2100:
                return None
        elif gd["c_yq"]:
            if self.pub is None:
                return None
            words = _key(gd["c_yq"]).split(" ")
            kind = "current" if words[0] in g.this else g.qualifiers[words[-1]]
            year = self.pub.year + {"past": -1, "recent": -1, "current": 0, "next": 1}[kind]
        elif self.pub is None:
            return None
        elif day is not None and iso is not None and qual is None:
            year = _year_for_weekday(month, day, iso, self.pub)
        if year is None:
            assert self.pub is not None
            year = _infer_year(month, day, qual, self.pub)
        if day is None:
            return _month(year, month, basis, part.days if part else None)
        return _day(date(year, month, day), basis)

    # D
    def weekday(self, m: re.Match[str], gd: dict[str, str | None]) -> DateValue | None:
        if self.pub is None:
            return None
        g = self.g
        word = _key(gd["w_wd"] or "")
        iso = g.weekdays[word]
        qual = g.qualifiers.get(_key(gd["w_q"] or ""))
        rel = _key(gd["w_rel"] or "")
        if word in g.ambiguous_weekdays and not (rel or gd["w_dw"] or qual) and not _punct_around(
            self.text, m.start("w_wd"), m.end("w_wd")
        ):
            return None
        if rel:
            back = 2 if rel in g.day_before_yesterday else 1 if rel in g.yesterday else 0
            return _near_weekday(self.pub - timedelta(days=back), iso)
        if qual in ("past", "recent"):
            d = self.pub - timedelta(days=(self.pub.isoweekday() - iso) % 7 or 7)
        elif qual == "next":
            d = self.pub + timedelta(days=(iso - self.pub.isoweekday()) % 7 or 7)
        else:
            d = _weekday_on_or_before(self.pub, iso)
        return _day(d, "relative")

    # F
    def period(self, gd: dict[str, str | None]) -> DateValue | None:
        pub = self.pub
        if pub is None:
            return None
        g = self.g
        per = g.periods[_key(gd["p_per"] or gd["p_per2"] or "")]
        kind = "current" if gd["p_this"] else g.qualifiers[_key(gd["p_q"] or "")]
        step = {"past": -1, "recent": -1, "current": 0, "next": 1}[kind]
        part = g.parts.get(_key(gd["p_part"] or ""))
        if per == "year":
            return _year(pub.year + step, "relative", part.months if part else (1, 12))
        if per == "month":
            d = _add_months(pub.replace(day=1), step)
            return _month(d.year, d.month, "relative", part.days if part and part.days else None)
        start = _weekday_on_or_before(pub, g.week_start) + timedelta(days=7 * step)
        end = min(pub, start + timedelta(days=6)) if step == 0 else start + timedelta(days=6)
        return _range(start, end, "day", "relative")

    # H
    def numeric(self, gd: dict[str, str | None]) -> DateValue | None:
        if gd["n_y"]:
            y, mo, d = int(gd["n_y"]), int(gd["n_m"] or 0), int(gd["n_d"] or 0)
            if mo > 12 >= d:
                mo, d = d, mo  # month-first, as some English-trained sites write it
        else:
            y, mo, d = int(gd["i_y"] or 0), int(gd["i_m"] or 0), int(gd["i_d"] or 0)
        if not 1800 <= y <= 2100:
            return None
        try:
            return _day(date(y, mo, d), "explicit")
        except ValueError:
            return None

    # G
    def year(self, m: re.Match[str], gd: dict[str, str | None]) -> DateValue | None:
        g = self.g
        y = int(gd["y"] or 0)
        if not g.years[0] <= y <= g.years[1]:
            return None
        part = g.parts.get(_key(gd["y_part"] or ""))
        cued = (part or gd["y_cue"] or gd["y_ad"]
                or _previous_word(self.text, m.start()) in g.cues
                or (m.start() > 0 and self.text[m.start() - 1] == "("
                    and self.text[m.end():m.end() + 1] == ")"))
        if not cued:
            return None
        return _year(y, "explicit", part.months if part else (1, 12))

    # J
    def dateparser_fallback(self, m: re.Match[str]) -> DateValue | None:
        y = int(m.group("l_y"))
        if not self.g.years[0] <= y <= self.g.years[1]:
            return None
        return _dateparser(self.text[m.start():m.end()], self.pub)


def _dateparser(phrase: str, pub: date | None) -> DateValue | None:
    import dateparser  # slow to import; only a fallback

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]}
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
    # Our month tables cover Arabic; what reaches here is mostly a Latin-script month
    # ("12 August 2015") or a spelling we lack, so dateparser gets those languages too.
    parsed = dateparser.parse(phrase, languages=["ar", "en", "fr"], settings=settings)
    return _day(parsed.date(), "explicit") if parsed else None


# --------------------------------------------------------------------------- API

def _candidates(g: _Grammar, text: str) -> Iterator[re.Match[str]]:
    """Non-overlapping matches of the full pattern, tried only where a head word starts."""
    pos = 0
    search, match = g.heads.search, g.pattern.match
    while (head := search(text, pos)) is not None:
        m = match(text, head.start())
        if m is not None and m.end() > m.start():
            yield m
            pos = m.end()
        else:
            pos = head.end()


def find_dates(nz: Normalized, published: str | None) -> list[tuple[Span, DateValue]]:
    """Every date phrase in the text with its resolved value, in text order.

    Spans are offsets into ``nz.original``. Phrases that need the publication date
    (weekdays, "أمس", "الشهر الماضي", a month without a year) are left out when
    ``published`` is None.
    """
    g = _grammar()
    text = nz.text
    resolver = _Resolver(g, text, _published_day(published))
    out: list[tuple[Span, DateValue]] = []
    for m in _candidates(g, text):
        try:
            value = resolver.resolve(m)
        except (ValueError, OverflowError):
            value = None  # an impossible day ("31 شباط") or a date outside the calendar
        if value is None:
            continue
        start, end = nz.to_original(m.start(), m.end())
        out.append((Span(start, end), value))
    return out


def resolve_event_date(sentence_span: Span, dates: list[tuple[Span, DateValue]],
                       published: str | None, *, near: int | None = None) -> DateValue:
    """The date of an event told in ``sentence_span``.

    The date phrase inside the sentence nearest ``near`` (the trigger's offset; the first
    phrase when not given), else the publication date (basis ``published``), else unknown.
    """
    inside = [(s, v) for s, v in dates if sentence_span.contains(s) and v.value is not None]
    if inside:
        if near is None:
            return min(inside, key=lambda sv: sv[0].start)[1]
        return min(inside, key=lambda sv: (
            0 if sv[0].start <= near <= sv[0].end else min(abs(sv[0].start - near),
                                                           abs(sv[0].end - near)),
            sv[0].start))[1]
    return document_date(published)
