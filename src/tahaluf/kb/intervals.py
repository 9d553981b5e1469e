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
  end after an interval closed is kept as more evidence of that end.

Bounds keep their precision (value, precision, earliest, latest); ``end is None`` is an
open end (still a member as far as the record goes). Each interval keeps the fact ids
that start, end and prove it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from tahaluf.kb.dates import MAX_DAY, MIN_DAY, sort_key
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
        return (sort_key(self.date), self.order, self.fact_id)


def derive_intervals(coalition: str, facts: Iterable[FactView],
                     carried: Iterable[Carried] = ()) -> list[Interval]:
    """Every interval of every member of ``coalition``, in (member, start) order."""
    points: dict[str, list[_Point]] = {}
    global_ends: list[_Point] = []
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
    return out


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
            cur.end, cur.end_how = p.date, p.how
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
