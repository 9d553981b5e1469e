"""Disagreements between facts, kept side by side (never resolved by overwriting).

Three kinds, per coalition, over facts that are not rejected:

``exit_reason``
    For one (member, coalition), reports that it *withdrew* and reports that it was
    *expelled* about the same exit (no rejoining between them, whatever the dates). A
    hedged report's alternatives count, so "انسحب -أو أُخرج-" is listed even when it is
    the only report.
``denial``
    A negated report ("لم ينضم") against a positive report of the same event with
    compatible dates.
``date``
    Reports of the same event whose dates do not overlap. One-time events (FORM,
    DISSOLVE, MERGE, RENAME) always; repeatable ones (JOIN, WITHDRAW, EXPEL, SPLIT) only
    when no opposite change of the same pair lies between the two dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tahaluf.kb.dates import compatible, display, sort_key
from tahaluf.kb.facts import FactView
from tahaluf.kb.intervals import END_TYPES, START_TYPES

EXIT_TYPES = ("WITHDRAW", "EXPEL")
ONE_TIME = frozenset({"FORM", "DISSOLVE", "MERGE", "RENAME"})
COALITION_LEVEL = frozenset({"FORM", "DISSOLVE"})


@dataclass(frozen=True, slots=True)
class Found:
    kind: str
    coalition: str
    member: str | None
    fact_ids: tuple[int, ...]
    detail: str


def _claims(f: FactView) -> set[str]:
    return {f.type, *f.alternatives}


def _groups(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, ...]]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    out: dict[int, list[int]] = {}
    for x in parent:
        out.setdefault(find(x), []).append(x)
    return sorted(tuple(sorted(v)) for v in out.values())


def find_contradictions(coalition: str, facts: Iterable[FactView]) -> list[Found]:
    live = [f for f in facts if f.kind == "event" and f.status != "rejected"
            and f.coalition == coalition]
    by_id = {f.id: f for f in live}
    found: list[Found] = []
    by_member: dict[str | None, list[FactView]] = {}
    for f in live:
        by_member.setdefault(f.member, []).append(f)
    for member in sorted(by_member, key=lambda m: m or ""):
        group = sorted(by_member[member], key=lambda f: f.id)
        pos = [f for f in group if f.polarity == "pos"]
        # withdrew vs expelled, within one exit: the exits between two (re)joins
        for episode in _exit_episodes(pos):
            claims = [(f, _claims(f) & set(EXIT_TYPES)) for f in episode]
            if set().union(*(c for _, c in claims)) >= set(EXIT_TYPES):
                ids = tuple(sorted(f.id for f, c in claims if c))
                desc = "; ".join(f"#{i} {by_id[i].type}"
                                 + (f" (or {', '.join(by_id[i].alternatives)})"
                                    if by_id[i].alternatives else "")
                                 + f" {display(by_id[i].date)}" for i in ids)
                found.append(Found("exit_reason", coalition, member, ids,
                                   f"withdrew or expelled? {desc}"))
        # denials
        for n in group:
            if n.polarity != "neg":
                continue
            against = [p.id for p in pos if p.type == n.type and compatible(p.date, n.date)]
            if against:
                found.append(Found("denial", coalition, member, (n.id, *against),
                                   f"#{n.id} denies {n.type} reported by "
                                   + ", ".join(f"#{i}" for i in against)))
        # dates that do not overlap
        by_type: dict[str, list[FactView]] = {}
        for f in pos:
            if f.type not in COALITION_LEVEL:
                by_type.setdefault(f.type, []).append(f)
        found.extend(_date_conflicts(coalition, member, by_type, pos, by_id))
    # the founding and the end of a coalition happen once, whoever the founders were
    whole: dict[str, list[FactView]] = {}
    for f in sorted(live, key=lambda f: f.id):
        if f.type in COALITION_LEVEL and f.polarity == "pos":
            whole.setdefault(f.type, []).append(f)
    found.extend(_date_conflicts(coalition, None, whole, [], by_id))
    return found


def _date_conflicts(coalition: str, member: str | None, by_type: dict[str, list[FactView]],
                    pos: list[FactView], by_id: dict[int, FactView]) -> list[Found]:
    out: list[Found] = []
    for t, same in sorted(by_type.items()):
        pairs: list[tuple[int, int]] = []
        for i, a in enumerate(same):
            for b in same[i + 1:]:
                if compatible(a.date, b.date):
                    continue
                if t in ONE_TIME or not _explained(a, b, pos):
                    pairs.append((a.id, b.id))
        for ids in _groups(pairs):
            out.append(Found("date", coalition, member, ids,
                             f"{t} dated differently: " + ", ".join(
                                 f"#{i} {display(by_id[i].date)}" for i in ids)))
    return out


def _exit_episodes(pos: list[FactView]) -> list[list[FactView]]:
    """Exit reports grouped by exit: a (re)join starts a new group."""
    out: list[list[FactView]] = []
    current: list[FactView] = []
    for f in sorted(pos, key=lambda f: (sort_key(f.date), f.id)):
        if f.type in START_TYPES:
            if current:
                out.append(current)
            current = []
        elif _claims(f) & set(END_TYPES):
            current.append(f)
    if current:
        out.append(current)
    return out


def _explained(a: FactView, b: FactView, pos: list[FactView]) -> bool:
    """Is there an opposite change of the pair between ``a`` and ``b`` (leave, rejoin)?"""
    lo, hi = sorted((sort_key(a.date), sort_key(b.date)))
    opposite = END_TYPES if a.type in START_TYPES else START_TYPES
    return any(f.type in opposite and lo < sort_key(f.date) < hi for f in pos)
