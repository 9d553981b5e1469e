"""Factivity: does the clause structure around a trigger say the event happened?

A trigger inside a conditional clause did not happen (``hypothetical``). Otherwise the
words that govern it (:meth:`tahaluf.syntax.clauses.ClauseTree.governing`) are read for
matrix predicates (``data/factivity.yaml``): a threat, a study, an agreement to do it →
``hypothetical``; a refusal → ``negated``; a verbal negator before a verb of the clause
("لم يعلن X، بحسب مصادر، انضمامه") → ``negated``. ``None`` means the structure says
nothing and the cue lists of :mod:`tahaluf.extract.events` decide.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tahaluf.resources import load_yaml
from tahaluf.syntax.clauses import ClauseTree
from tahaluf.text.normalize import fold
from tahaluf.types import Modality

_SUFFIX = r"(?:هما|هم|هن|ها|نا|ه)?"


@dataclass(frozen=True, slots=True)
class _Cues:
    non_factive: re.Pattern[str]
    negative: re.Pattern[str]
    negator: re.Pattern[str]
    weak_negator_carrier: re.Pattern[str]


def _alt(words: list[str]) -> str:
    items = sorted({fold(str(w)).strip() for w in words if str(w).strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in items)


@functools.cache
def _cues() -> _Cues:
    d = load_yaml("factivity.yaml")
    pre = r"(?<!\w)(?:و|ف)?(?:ب|ل)?"
    strong = [w for w in d["negators"] if fold(w) in (fold("لم"), fold("لن"))]
    weak = [w for w in d["negators"] if w not in strong]
    return _Cues(
        non_factive=re.compile(rf"{pre}(?:{_alt(d['non_factive'])}){_SUFFIX}(?!\w)"),
        negative=re.compile(rf"{pre}(?:{_alt(d['negative'])}){_SUFFIX}(?!\w)"),
        negator=re.compile(rf"(?<!\w)(?:و|ف)?(?:{_alt(strong)})(?!\w)"),
        weak_negator_carrier=re.compile(
            rf"(?<!\w)(?:و|ف)?(?:{_alt(weak)})\s+(?:{_alt(d['negated_carriers'])})(?!\w)"),
    )


def clause_modality(text: str, tree: ClauseTree, pos: int) -> Modality | None:
    """The modality the clause structure gives the trigger at ``pos`` (folded offset)."""
    functions = tree.functions(pos)
    if "conditional" in functions:
        return "hypothetical"
    c = _cues()
    spans = tree.governing(pos)
    for s, e in spans:
        if c.negative.search(text, s, e):
            return "negated"
    for s, e in spans:
        if c.negator.search(text, s, e) or c.weak_negator_carrier.search(text, s, e):
            return "negated"
    for s, e in spans:
        if c.non_factive.search(text, s, e):
            return "hypothetical"
    return None
