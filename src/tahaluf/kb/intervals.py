"""Membership over time: intervals ``[start, end)`` per (member, coalition), from facts.

Rules (only facts that :attr:`FactView.counts` — asserted, reported or hedged, not
rejected — take part):

* FORM (the member and any participants are founders), JOIN and MERGE *into* the
  coalition start an interval;
* WITHDRAW, EXPEL and SPLIT *from* the coalition end the member's interval;
* DISSOLVE of the coalition, MERGE of the coalition into another body, and RENAME of
  the coalition end every open interval in it;
* RENAME carries the members open at that moment over to the new id (the caller passes
  them as ``carried``): they start an interval in the new coalition;
* a membership assertion *as of* a date proves membership then: it narrows the start of
  the open interval (start ≤ that date) or opens one whose start is unknown;
* an end with no interval before it becomes an interval with an unknown start; a second
  end after an interval closed is kept as more evidence of that end;
* an end whose earliest day is unknown (an undated exit) closes the membership open
  before its latest day, whatever that membership's precision: it sorts at its latest
  day (or after everything), and its earliest bound becomes the start's;
* no membership starts before the coalition was founded: an unknown earliest start is
  bounded by the earliest day of the coalition's formation, where one is reported.

:func:`standing_on` says how sure a membership on one day is: ``certain`` (started for
sure, not possibly ended), ``likely`` (more likely than not: the day is past the middle
of the start's range and before the middle of the end's), or ``possible``. A start with
no upper bound (an undated report in an undated document) is never more than possible:
the record says the group was a member at some time, not when.

Bounds keep their precision (value, precision, earliest, latest); ``end is None`` is an
open end (still a member as far as the record goes). Each interval keeps the fact ids
that start, end and prove it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from tahaluf.kb.dates import MAX_DAY, MIN_DAY, point, sort_key
from tahaluf.kb.facts import FactView
from tahaluf.types import UNKNOWN_DATE, DateValue

START_TYPES = frozenset({"FORM", "JOIN", "MERGE"})
END_TYPES = frozenset({"WITHDRAW", "EXPEL", "SPLIT"})
#: events whose member is a coalition that stops existing under its id
COALITION_END_TYPES = frozenset({"MERGE", "RENAME"})

_START, _PROOF, _END, _ALL_END = 0, 1, 2, 3


@dataclass(slots=True)
class Interval:
    member: str
    coalition: str
    start: DateValue
    end: DateValue | None = None
    start_how: str = ""
    end_how: str = ""
    start_facts: list[int] = field(default_factory=list)
    end_facts: list[int] = field(default_factory=list)
    proof_facts: list[int] = field(default_factory=list)
    #: where each proof sorts (its earliest day), parallel to ``proof_facts``
    proof_keys: list[str] = field(default_factory=list)

    @property
    def lo(self) -> str:
        return self.start.earliest or MIN_DAY

    @property
    def hi(self) -> str:
        if self.end is None:
            return MAX_DAY
        return self.end.latest or MAX_DAY

    def possible_on(self, day: str) -> bool:
        return self.lo <= day < self.hi

    def certain_on(self, day: str) -> bool:
        """Started for sure by ``day`` and not possibly ended by then."""
        started = self.start.latest is not None and self.start.latest <= day
        if self.end is None:
            return started
        return started and self.end.earliest is not None and day < self.end.earliest

    def fact_ids(self) -> list[int]:
        return sorted({*self.start_facts, *self.end_facts, *self.proof_facts})

    def proving(self, day: str) -> list[int]:
        """Facts that show membership on ``day``, best first: how it started, then the
        membership assertions nearest to that day."""
        ref = date.fromisoformat(day).toordinal()

        def distance(key: str) -> int:
            try:
                return abs(date.fromisoformat(key).toordinal() - ref)
            except ValueError:
                return 1 << 30

        near = sorted(zip(self.proof_keys, self.proof_facts, strict=False),
                      key=lambda kp: (distance(kp[0]), kp[1]))
        return list(dict.fromkeys([*self.start_facts, *(f for _, f in near)]))


@dataclass(frozen=True, slots=True)
class Carried:
    """A member carried over by a rename of its coalition."""

    member: str
    date: DateValue
    fact_id: int


@dataclass(frozen=True, slots=True)
class _Point:
    date: DateValue
    order: int
    fact_id: int
    how: str

    def key(self) -> tuple[str, int, int]:
        if self.order >= _END and not self.date.earliest:
            # an undated exit ends what was open before its latest day
            return (self.date.latest or MAX_DAY, self.order, self.fact_id)
        return (sort_key(self.date), self.order, self.fact_id)


def derive_intervals(coalition: str, facts: Iterable[FactView],
                     carried: Iterable[Carried] = ()) -> list[Interval]:
    """Every interval of every member of ``coalition``, in (member, start) order."""
    points: dict[str, list[_Point]] = {}
    global_ends: list[_Point] = []
    facts = list(facts)
    born = founded(coalition, facts)
    for f in facts:
        if not f.counts:
            continue
        if f.kind == "membership":
            if f.coalition == coalition and f.member and f.member != coalition:
                points.setdefault(f.member, []).append(_Point(f.date, _PROOF, f.id, "MEMBER"))
            continue
        if f.kind != "event":
            continue
        if f.coalition == coalition:
            if f.type in START_TYPES:
                founders = [f.member, *(f.participants if f.type == "FORM" else ())]
                for m in dict.fromkeys(x for x in founders if x and x != coalition):
                    points.setdefault(m, []).append(_Point(f.date, _START, f.id, f.type))
            elif f.type in END_TYPES and f.member and f.member != coalition:
                points.setdefault(f.member, []).append(_Point(f.date, _END, f.id, f.type))
            elif f.type == "DISSOLVE":
                global_ends.append(_Point(f.date, _ALL_END, f.id, f.type))
        if (f.member == coalition and f.type in COALITION_END_TYPES and f.coalition
                and f.coalition != coalition):
            global_ends.append(_Point(f.date, _ALL_END, f.id, f.type))
    for c in carried:
        if c.member != coalition:
            points.setdefault(c.member, []).append(_Point(c.date, _START, c.fact_id, "RENAME"))
    out: list[Interval] = []
    for member in sorted(points):
        out.extend(_walk(member, coalition, points[member] + global_ends))
    if born:
        for iv in out:
            _not_before(iv, born)
    return out


def founded(coalition: str, facts: Iterable[FactView]) -> str | None:
    """The earliest day the coalition can have been formed on, from its FORM reports
    (``None`` when none is dated)."""
    days = [f.date.earliest for f in facts
            if f.counts and f.kind == "event" and f.type == "FORM"
            and f.coalition == coalition and f.date.earliest]
    return min(days) if days else None


def _not_before(iv: Interval, born: str) -> None:
    s = iv.start
    if iv.end is not None and iv.end.latest and iv.end.latest < born:
        return  # it ended before the coalition was founded: the reports disagree
    if s.earliest is None and (s.latest is None or born <= s.latest):
        iv.start = DateValue(s.value, s.precision, born, s.latest, s.basis)
    e = iv.end
    if e is not None and e.earliest is None and (e.latest is None or born <= e.latest):
        iv.end = DateValue(e.value, e.precision, iv.start.earliest or born, e.latest, e.basis)


def check(iv: Interval) -> Interval:
    """An interval that ends before it starts cannot be stored."""
    if iv.hi < iv.lo:
        raise ValueError(f"impossible interval of {iv.member} in {iv.coalition}: "
                         f"ends by {iv.hi}, starts from {iv.lo}")
    return iv


Standing = str  # "certain" | "likely" | "possible"


def standing_on(iv: Interval, day: str) -> Standing | None:
    """How sure the membership ``iv`` is on ``day``; ``None`` when it cannot hold then."""
    if not iv.possible_on(day):
        return None
    if iv.certain_on(day):
        return "certain"
    if iv.start.latest is None:
        return "possible"
    start = point(iv.start)
    if start is None or start.isoformat() > day:
        return "possible"
    if iv.end is not None:
        end = point(iv.end)
        if end is not None and end.isoformat() <= day:
            return "possible"
    return "likely"


def _walk(member: str, coalition: str, pts: list[_Point]) -> list[Interval]:
    done: list[Interval] = []
    cur: Interval | None = None
    for p in sorted(pts, key=_Point.key):
        if p.order == _START:
            if cur is None:
                cur = Interval(member, coalition, p.date, start_how=p.how, start_facts=[p.fact_id])
            else:
                cur.start_facts.append(p.fact_id)
        elif p.order == _PROOF:
            if cur is None:
                after = done[-1].end if done and done[-1].end else None
                start = DateValue(None, None, after.earliest if after else None,
                                  p.date.latest, "unknown")
                cur = Interval(member, coalition, start, start_how="MEMBER")
            elif p.date.latest and (cur.start.latest is None or p.date.latest < cur.start.latest):
                s = cur.start
                cur.start = DateValue(s.value if s.value and s.value <= p.date.latest else None,
                                      s.precision if s.value and s.value <= p.date.latest
                                      else None, s.earliest, p.date.latest, s.basis)
            cur.proof_facts.append(p.fact_id)
            cur.proof_keys.append(sort_key(p.date))
        elif cur is not None:  # an end while a member
            end = p.date
            if not end.earliest and cur.start.earliest:
                end = DateValue(end.value, end.precision, cur.start.earliest, end.latest,
                                end.basis)
            cur.end, cur.end_how = end, p.how
            cur.end_facts.append(p.fact_id)
            done.append(cur)
            cur = None
        elif p.order == _END:  # an end with no open interval
            if done:
                done[-1].end_facts.append(p.fact_id)
            else:
                done.append(Interval(member, coalition, UNKNOWN_DATE, p.date, start_how="",
                                     end_how=p.how, end_facts=[p.fact_id]))
    if cur is not None:
        done.append(cur)
    return done
