"""Trigger and cue data (``data/triggers.yaml``, ``data/modality.yaml``) compiled for matching.

All words are folded with the one normalizer; patterns are compiled once per process.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import ahocorasick

from tahaluf.resources import load_yaml
from tahaluf.text.normalize import fold

PRONOUN_SUFFIXES = ("هما", "هم", "هن", "ها", "نا", "ه")


@dataclass(frozen=True, slots=True)
class Trigger:
    id: str
    type: str
    form: str  # masdar | verb | verb_passive | agent_coalition | rename
    stems: tuple[str, ...]
    pronoun: bool
    preps: tuple[str, ...]
    flags: tuple[str, ...] = ()
    needs_coalition_prep: bool = False
    agent: str | None = None
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TriggerHit:
    start: int  # folded offsets of the whole word(s), proclitics included
    end: int
    stem_start: int
    trigger: Trigger
    suffix: str
    future: bool  # a future prefix سـ on the verb


@dataclass(frozen=True, slots=True)
class Phrases:
    """A set of folded multi-word phrases, matched on word boundaries."""

    pattern: re.Pattern[str] | None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
        if self.pattern is None:
            return []
        return list(self.pattern.finditer(text, start, len(text) if end is None else end))

    def search(self, text: str, start: int = 0, end: int | None = None) -> bool:
        if self.pattern is None:
            return False
        return self.pattern.search(text, start, len(text) if end is None else end) is not None


def phrases(words: list[Any], prefixes: str = r"(?:و|ف)?") -> Phrases:
    items = sorted({fold(str(w)).strip() for w in words if str(w).strip()}, key=len, reverse=True)
    if not items:
        return Phrases(None)
    alt = "|".join(r"\s+".join(map(re.escape, w.split())) for w in items)
    return Phrases(re.compile(rf"(?<!\w){prefixes}(?:{alt})(?!\w)"))


@dataclass(frozen=True, slots=True)
class TriggerData:
    coalition_re: re.Pattern[str]
    by_stem: dict[str, Trigger]
    other_re: re.Pattern[str]
    other_by_stem: dict[str, Trigger]
    naming: Phrases
    new_body: Phrases
    list_intro: Phrases
    non_coalition: Phrases
    individuals: Phrases
    group_nouns: Phrases
    specified_nouns: Phrases
    group_specifiers: Phrases
    descriptors: Phrases
    fillers: frozenset[str]
    constitutes: frozenset[str]
    excluded_heads: Phrases
    member_of: Phrases
    includes: Phrases
    includes_fillers: frozenset[str]
    partitive_lists: Phrases
    hypothetical: Phrases
    past_markers: frozenset[str]
    pre_trigger_hypothetical: frozenset[str]
    post_trigger_hypothetical: frozenset[str]
    purpose_proclitic: str
    negated: Phrases
    negated_scope: int
    denied: Phrases
    reported: Phrases
    hedge_words: Phrases
    alternation: frozenset[str]
    background: Phrases


def _trigger(raw: dict[str, Any]) -> Trigger:
    return Trigger(
        id=raw["id"], type=raw["type"], form=raw.get("form", "verb"),
        stems=tuple(fold(s) for s in raw["stems"]), pronoun=raw.get("suffix") == "pronoun",
        preps=tuple(fold(p) for p in raw.get("preps") or ()),
        flags=tuple(raw.get("flags") or ()),
        needs_coalition_prep=bool(raw.get("needs_coalition_prep")), agent=raw.get("agent"),
        alternatives=tuple(raw.get("alternatives") or ()))


def _stem_regex(stems: list[str]) -> str:
    ordered = sorted(set(stems), key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, s.split())) for s in ordered)


@functools.cache
def trigger_data() -> TriggerData:
    spec = load_yaml("triggers.yaml")
    mod = load_yaml("modality.yaml")
    by_stem: dict[str, Trigger] = {}
    for raw in spec["coalition"]:
        t = _trigger(raw)
        for s in t.stems:
            by_stem.setdefault(s, t)
    other_by_stem: dict[str, Trigger] = {}
    for raw in spec["other"]:
        t = _trigger(raw)
        for s in t.stems:
            other_by_stem.setdefault(s, t)
    suffix = "|".join((*PRONOUN_SUFFIXES, "ا"))  # "ا": accusative tanween (تشكيلاً)
    coalition_re = re.compile(
        rf"(?<!\w)(?P<pre>(?:و|ف)?(?:س|ب|ل|ك)?(?:ال)?)(?P<stem>{_stem_regex(list(by_stem))})"
        rf"(?P<suf>{suffix})?(?!\w)")
    other_re = re.compile(
        rf"(?<!\w)(?P<pre>(?:و|ف)?(?:س|ب|ل|ك)?(?:ال)?)(?P<stem>{_stem_regex(list(other_by_stem))})"
        rf"(?P<suf>{suffix})?(?!\w)")
    state = spec["state"]
    return TriggerData(
        coalition_re=coalition_re, by_stem=by_stem, other_re=other_re,
        other_by_stem=other_by_stem,
        naming=phrases(spec["naming_frames"]), new_body=phrases(spec["new_body"]),
        list_intro=phrases(spec["list_introducers"]),
        non_coalition=phrases(spec["non_coalition_objects"], r"(?:و|ف)?(?:ال)?"),
        individuals=phrases(spec["individuals"], r"(?:و|ف|ب|ل)?"),
        group_nouns=phrases(spec["group_nouns"], r"(?:و|ف|ب|ل|\d+)?"),
        specified_nouns=phrases(spec["group_nouns"] + spec["specified_group_nouns"],
                                r"(?:و|ف|ب|ل|\d+)?"),
        group_specifiers=phrases(spec["group_specifiers"]),
        descriptors=phrases(spec["descriptors"], r"(?:و|ف)?"),
        fillers=frozenset(w for f in spec["coalition_fillers"] for w in fold(f).split()),
        constitutes=frozenset(fold(w) for w in spec["form_constitutes"]),
        excluded_heads=phrases(spec["form_excluded_heads"], r"(?:و|ف|ب|ل)?"),
        member_of=phrases(state["member_of"]), includes=phrases(state["includes"]),
        includes_fillers=frozenset(w for f in state["includes_fillers"] for w in fold(f).split()),
        partitive_lists=phrases(state["partitive_lists"]),
        hypothetical=phrases(mod["hypothetical"]["words"], r"(?:و|ف|ب|ل)?"),
        past_markers=frozenset(fold(w) for w in mod["past_markers"]),
        pre_trigger_hypothetical=frozenset(fold(w) for w in mod["pre_trigger_hypothetical"]),
        post_trigger_hypothetical=frozenset(fold(w) for w in mod["post_trigger_hypothetical"]),
        purpose_proclitic=fold(mod["purpose_proclitic"]),
        negated=phrases(mod["negated"]["words"]), negated_scope=int(mod["negated"]["scope"]),
        denied=phrases(mod["denied"]["words"], r"(?:و|ف|ب|ل)?"),
        reported=phrases(mod["reported"]["words"]),
        hedge_words=phrases(mod["hedged"]["words"]),
        alternation=frozenset(fold(w) for w in mod["hedged"]["alternation"]),
        background=phrases(mod["background"]),
    )


_VERB_PREFIX = re.compile(r"^(?:و|ف)?س?$")
_NOUN_PREFIX = re.compile(r"^(?:و|ف)?(?:ب|ل|ك)?(?:ال)?$")


def _prefix_fits(pre: str, form: str) -> bool:
    """Verbs take و ف and the future سـ; nouns (masdar) take و ف ب ل ك and the article."""
    if form in ("verb", "verb_passive", "verb_genitive"):
        return bool(_VERB_PREFIX.match(pre))
    return bool(_NOUN_PREFIX.match(pre))


@functools.cache
def _stem_automaton(other: bool) -> ahocorasick.Automaton:
    data = trigger_data()
    automaton = ahocorasick.Automaton()
    for stem in (data.other_by_stem if other else data.by_stem):
        automaton.add_word(stem, len(stem))
    automaton.make_automaton()
    return automaton


def _scan(regex: re.Pattern[str], other: bool, text: str, start: int,
          end: int) -> list[re.Match[str]]:
    """``regex.finditer`` restricted to the word starts where a stem occurs: the same
    matches, found without trying the big alternation at every position."""
    starts: set[int] = set()
    for end_idx, length in _stem_automaton(other).iter(text, start, end):
        ws = end_idx + 1 - length
        while ws > start and text[ws - 1].isalnum():
            ws -= 1
        starts.add(ws)
    out: list[re.Match[str]] = []
    last = start
    for ws in sorted(starts):
        if ws < last:
            continue
        m = regex.match(text, ws, end)
        if m:
            out.append(m)
            last = m.end()
    return out


def find_triggers(text: str, start: int = 0, end: int | None = None) -> list[TriggerHit]:
    """Coalition-event triggers in folded ``text[start:end]``."""
    data = trigger_data()
    out: list[TriggerHit] = []
    for m in _scan(data.coalition_re, False, text, start, len(text) if end is None else end):
        stem = re.sub(r"\s+", " ", m.group("stem"))
        t = data.by_stem.get(stem)
        if t is None:
            continue
        suf = m.group("suf") or ""
        if suf == "ا":
            if t.form not in ("masdar", "announce"):
                continue
            suf = ""
        elif suf and not t.pronoun:
            continue
        pre = m.group("pre")
        if not _prefix_fits(pre, t.form):
            continue
        future = "س" in pre
        out.append(TriggerHit(m.start(), m.end(), m.start("stem"), t, suf, future))
    return out


def find_other_triggers(text: str, start: int = 0, end: int | None = None) -> list[TriggerHit]:
    data = trigger_data()
    out: list[TriggerHit] = []
    for m in _scan(data.other_re, True, text, start, len(text) if end is None else end):
        stem = re.sub(r"\s+", " ", m.group("stem"))
        t = data.other_by_stem.get(stem)
        if t is None:
            continue
        pre = m.group("pre")
        if not _NOUN_PREFIX.match(pre) and not _VERB_PREFIX.match(pre):
            continue
        out.append(TriggerHit(m.start(), m.end(), m.start("stem"), t, m.group("suf") or "",
                              bool(_VERB_PREFIX.match(pre)) and "س" in pre))
    return out
