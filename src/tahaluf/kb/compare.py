"""``tahaluf compare``: a researcher's own membership table against the knowledge base.

For every (coalition, day) of the table the store is asked who the members were, the way
``tahaluf members`` asks (:meth:`KB.resolve`, :meth:`KB.members`), and the two lists are
set side by side: members both name (*agreed*), members only the table names (*missing*
from the store) and members only the store names (*only in store*, with the store's
evidence). Precision and recall are counted per coalition and overall.

    rows = read_reference("my-table.csv")
    result = compare(kb, rows, reference="my-table.csv")
    result.overall.precision
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, Protocol

from tahaluf.errors import NotFoundError
from tahaluf.kb.reference import ReferenceRow
from tahaluf.kb.results import ActorRef, MemberInterval, MembersAnswer, jsonable

if TYPE_CHECKING:
    from tahaluf.lexicon.core import Lexicon

Role = Literal["coalition", "member"]


class MembersSource(Protocol):
    """What :func:`compare` needs of a knowledge base (:class:`tahaluf.kb.KB` has it)."""

    @property
    def lexicon(self) -> Lexicon | None: ...

    def resolve(self, name: str) -> ActorRef: ...

    def members(self, coalition: str, on: str | date | None = None,
                as_known_on: str | date | None = None, *,
                evidence: int | None = 3) -> MembersAnswer: ...

    def actors(self) -> list[ActorRef]: ...


class _Json:
    __slots__ = ()

    def to_json(self) -> dict[str, Any]:
        out = jsonable(self)
        assert isinstance(out, dict)
        return out


@dataclass(frozen=True, slots=True)
class Cited(_Json):
    """Where the reference table names a member: the name as written, line, source."""

    name: str
    line: int
    source: str | None


@dataclass(frozen=True, slots=True)
class MemberCheck(_Json):
    """One member of one group: what the table says (``reference``, empty when only the
    store names it) and the store's membership (``store``, ``None`` when missing)."""

    member: ActorRef
    reference: tuple[Cited, ...]
    store: MemberInterval | None


@dataclass(frozen=True, slots=True)
class Unresolved(_Json):
    """A name of the table that no actor has, with the closest known names."""

    name: str
    role: Role
    lines: tuple[int, ...]
    close_matches: tuple[ActorRef, ...]


@dataclass(frozen=True, slots=True)
class Score(_Json):
    agreed: int
    missing: int
    only_in_store: int
    #: agreed / (agreed + only in store); ``None`` when the store named no one
    precision: float | None
    #: agreed / (agreed + missing); ``None`` when the table named no one
    recall: float | None

    @classmethod
    def of(cls, agreed: int, missing: int, only: int) -> Score:
        return cls(agreed, missing, only,
                   agreed / (agreed + only) if agreed + only else None,
                   agreed / (agreed + missing) if agreed + missing else None)

    def __add__(self, other: Score) -> Score:
        return Score.of(self.agreed + other.agreed, self.missing + other.missing,
                        self.only_in_store + other.only_in_store)


ZERO = Score.of(0, 0, 0)


@dataclass(frozen=True, slots=True)
class GroupResult(_Json):
    """The members of ``coalition`` on ``on``: the table against the store."""

    coalition: ActorRef
    on: str
    agreed: tuple[MemberCheck, ...]
    missing: tuple[MemberCheck, ...]
    only_in_store: tuple[MemberCheck, ...]
    #: member names of this group's rows that no actor has (not counted in the score)
    unresolved: tuple[str, ...]
    score: Score


@dataclass(frozen=True, slots=True)
class CoalitionScore(_Json):
    coalition: ActorRef
    dates: int
    score: Score


@dataclass(frozen=True, slots=True)
class Comparison(_Json):
    reference: str
    rows: int
    #: rows left out because a name did not resolve (see ``unresolved``)
    rows_not_compared: int
    groups: tuple[GroupResult, ...]
    unresolved: tuple[Unresolved, ...]
    by_coalition: tuple[CoalitionScore, ...]
    overall: Score


class _Names:
    """Names of the table resolved once each; the ones that fail, with their lines."""

    def __init__(self, kb: MembersSource) -> None:
        self.kb = kb
        self.found: dict[str, ActorRef | None] = {}
        self.failed: dict[tuple[str, Role], list[int]] = {}

    def get(self, name: str, role: Role, line: int) -> ActorRef | None:
        if name not in self.found:
            try:
                self.found[name] = self.kb.resolve(name)
            except NotFoundError:
                self.found[name] = None
        ref = self.found[name]
        if ref is None:
            self.failed.setdefault((name, role), []).append(line)
        return ref

    def unresolved(self) -> tuple[Unresolved, ...]:
        if not self.failed:
            return ()
        candidates = _candidates(self.kb)
        return tuple(Unresolved(name, role, tuple(lines), close_matches(name, candidates))
                     for (name, role), lines in self.failed.items())


def _candidates(kb: MembersSource) -> dict[str, ActorRef]:
    """Every name the store and the lexicon know, to the actor it names."""
    refs = {a.id: a for a in kb.actors()}
    out: dict[str, ActorRef] = {}
    lex = kb.lexicon
    if lex is not None:
        for rec in lex.actors.values():
            ref = refs.get(rec.id) or ActorRef(rec.id, rec.name_en, rec.name_ar, rec.kind,
                                               rec.coalition_kind, rec.known)
            for n in (rec.name_en, rec.name_ar, *rec.aliases_ar, *rec.aliases_en):
                if n:
                    out.setdefault(n, ref)
    for a in refs.values():
        for n in (a.name_en, a.name_ar):
            if n:
                out.setdefault(n, a)
    return out


def close_matches(name: str, candidates: dict[str, ActorRef], limit: int = 5
                  ) -> tuple[ActorRef, ...]:
    """The actors whose names are closest to ``name`` (as :meth:`KB.resolve` suggests)."""
    from rapidfuzz import fuzz, process

    from tahaluf.text.normalize import fold

    hits = process.extract(name, list(candidates), scorer=fuzz.WRatio, limit=limit * 4,
                           processor=lambda s: fold(s).lower(), score_cutoff=50)
    out: dict[str, ActorRef] = {}
    for text, _score, _i in hits:
        ref = candidates[text]
        out.setdefault(ref.id, ref)
    return tuple(out.values())[:limit]


def compare(kb: MembersSource, rows: Sequence[ReferenceRow], *, reference: str = "",
            as_known_on: str | None = None, evidence: int = 3) -> Comparison:
    """Compare the reference ``rows`` with the store's members on each row's day."""
    names = _Names(kb)
    groups: dict[tuple[str, str], tuple[ActorRef, list[ReferenceRow]]] = {}
    not_compared = 0
    for row in rows:
        coalition = names.get(row.coalition, "coalition", row.line)
        if coalition is None:
            not_compared += 1
            continue
        groups.setdefault((coalition.id, row.date), (coalition, []))[1].append(row)
    results = []
    for (_cid, day), (coalition, group_rows) in groups.items():
        answer = kb.members(coalition.id, on=day, as_known_on=as_known_on, evidence=evidence)
        result = _group(coalition, day, group_rows, answer, names)
        not_compared += sum(1 for r in group_rows if r.member in result.unresolved)
        results.append(result)
    results.sort(key=lambda g: (g.coalition.name_en.casefold(), g.coalition.id, g.on))
    by_coalition = _by_coalition(results)
    return Comparison(reference, len(rows), not_compared, tuple(results), names.unresolved(),
                      by_coalition, sum((c.score for c in by_coalition), ZERO))


def _group(coalition: ActorRef, day: str, rows: Iterable[ReferenceRow],
           answer: MembersAnswer, names: _Names) -> GroupResult:
    cited: dict[str, tuple[ActorRef, list[Cited]]] = {}
    unresolved: list[str] = []
    for row in rows:
        member = names.get(row.member, "member", row.line)
        if member is None:
            if row.member not in unresolved:
                unresolved.append(row.member)
            continue
        cited.setdefault(member.id, (member, []))[1].append(
            Cited(row.member, row.line, row.source))
    store: dict[str, MemberInterval] = {}
    for iv in answer.members:
        store.setdefault(iv.member.id, iv)  # a member's first interval on that day
    agreed = tuple(MemberCheck(ref, tuple(c), store[mid])
                   for mid, (ref, c) in cited.items() if mid in store)
    missing = tuple(MemberCheck(ref, tuple(c), None)
                    for mid, (ref, c) in cited.items() if mid not in store)
    only = tuple(MemberCheck(iv.member, (), iv) for mid, iv in store.items()
                 if mid not in cited)
    return GroupResult(coalition, day, agreed, missing, only, tuple(unresolved),
                       Score.of(len(agreed), len(missing), len(only)))


def _by_coalition(groups: Sequence[GroupResult]) -> tuple[CoalitionScore, ...]:
    acc: dict[str, tuple[ActorRef, int, Score]] = {}
    for g in groups:
        ref, n, score = acc.get(g.coalition.id, (g.coalition, 0, ZERO))
        acc[g.coalition.id] = (ref, n + 1, score + g.score)
    return tuple(CoalitionScore(ref, n, score) for ref, n, score in acc.values())
