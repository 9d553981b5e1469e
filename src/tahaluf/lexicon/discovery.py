"""Discovery of groups the lexicon does not know: a head noun (لواء، كتائب، فرقة، غرفة
عمليات …) followed by a name, up to a stop word. Patterns are data
(``data/discovery.yaml``); discovered actors get a stable id from their folded name and
``known = False``."""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from dataclasses import dataclass

from tahaluf.lexicon.schema import ActorRecord
from tahaluf.resources import load_yaml
from tahaluf.text.normalize import Normalized, fold

_TOKEN = re.compile(r"\w+")
_QUOTES = "\"'"


@dataclass(frozen=True, slots=True)
class Head:
    words: tuple[str, ...]
    kind: str
    coalition_kind: str | None
    strict: bool


@dataclass(frozen=True, slots=True)
class _Spec:
    heads: tuple[Head, ...]
    first_words: frozenset[str]
    stop: frozenset[str]
    generic: frozenset[str]
    max_words: int
    prefixes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Discovered:
    start: int  # folded offsets of the whole name, head included
    end: int
    record: ActorRecord
    bare_name: str = ""  # the folded name without its head noun
    head: str = ""  # the folded head noun (لواء، فرقه …)


def head_words() -> frozenset[str]:
    """Folded single-word heads (لواء، فرقه، حركه …), with and without the article."""
    words = {h.words[0] for h in _spec().heads if len(h.words) == 1}
    return frozenset(words | {w[2:] for w in words if w.startswith("ال")}
                     | {"ال" + w for w in words if not w.startswith("ال")})


@functools.cache
def _spec() -> _Spec:
    spec = load_yaml("discovery.yaml")
    heads = tuple(
        Head(tuple(fold(h["word"]).split()), h["kind"], h.get("coalition_kind"),
             bool(h.get("strict")))
        for h in spec["heads"])
    # event trigger words (with or without a pronoun suffix) also end a name
    triggers = load_yaml("triggers.yaml")
    trigger_words = {fold(stem) for group in ("coalition", "other") for rec in triggers[group]
                     for stem in rec["stems"] if " " not in stem}
    return _Spec(
        heads=tuple(sorted(heads, key=lambda h: -len(h.words))),
        first_words=frozenset(h.words[0] for h in heads),
        stop=frozenset(fold(w) for w in spec["stop_after"]) | frozenset(trigger_words),
        generic=frozenset(fold(w) for w in spec["generic_names"]),
        max_words=int(spec["max_name_words"]),
        prefixes=("ول", "فل", "وب", "فب", "و", "ف", "ب", "ل", "ك"),
    )


def loose_key(folded_name: str) -> str:
    """A folded name with the article dropped from every word: outlets write one group's
    name with and without it ("نور الدين الزنكي" / "نور الدين زنكي")."""
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w
                    for w in folded_name.split())


def bare_key(head: str, bare: str) -> str:
    """How a name without its head noun finds a known group: several words are enough
    ("تجمع فاستقم كما امرت" / "كتائب فاستقم كما امرت"); one word needs the same head too
    ("سريه الاقصي" is not "لواء الاقصي")."""
    key = loose_key(bare)
    return key if " " in key else f"{loose_key(head)}|{key}"


def discovered_id(folded_name: str) -> str:
    """One id for every spelling of an unknown group's name that differs only in the
    article, in any document."""
    key = loose_key(folded_name)
    return "unk-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def _strip(word: str, spec: _Spec) -> str:
    """The word without a proclitic, when that makes it a head word."""
    if word in spec.first_words:
        return word
    for p in spec.prefixes:
        if word.startswith(p) and word[len(p):] in spec.first_words:
            return word[len(p):]
    return word


_SUFFIXES = ("هما", "هم", "هن", "ها", "نا", "ه")


def _is_stop(word: str, spec: _Spec) -> bool:
    if word in spec.stop:
        return True
    for suf in _SUFFIXES:
        if word.endswith(suf) and word[: -len(suf)] in spec.stop:
            return True
    for pre in ("و", "ف", "ب", "ل"):
        if word.startswith(pre) and word[len(pre):] in spec.stop:
            return True
    return False


@functools.cache
def _head_regex() -> re.Pattern[str]:
    spec = _spec()
    alt = "|".join(sorted((re.escape(w) for w in spec.first_words), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:ول|فل|وب|فب|و|ف|ب|ل|ك)?(?:{alt})(?!\w)")


def discover(nz: Normalized, taken: list[tuple[int, int]]) -> list[Discovered]:
    """Unknown groups in folded text; ``taken`` are folded ranges already recognised."""
    spec = _spec()
    text = nz.text
    out: list[Discovered] = []
    taken_sorted = sorted(taken)

    def is_taken(s: int, e: int) -> bool:
        i = bisect.bisect_left(taken_sorted, (e, -1))
        for a, b in taken_sorted[max(0, i - 8):i]:
            if s < b and a < e:
                return True
        return False

    resume = 0
    for hm in _head_regex().finditer(text):
        if hm.start() < resume or is_taken(hm.start(), hm.end()):
            continue
        window_end = min(len(text), hm.start() + 120)
        toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, hm.start(),
                                                                          window_end)]
        if not toks:
            continue
        first = _strip(toks[0][2], spec)
        head = None
        for h in spec.heads:
            n = len(h.words)
            if n <= len(toks) and first == h.words[0] and all(
                    toks[k][2] == h.words[k] for k in range(1, n)):
                head = h
                break
        if head is None:
            continue
        j = len(head.words)
        head_start = toks[0][1] - len(first)
        name_toks: list[tuple[int, int, str]] = []
        # '"غرفة العمليات المشتركة" عملت': a quote before the head closes after the name
        pre_quoted = text[max(0, head_start - 2):head_start].strip()[-1:] in tuple(_QUOTES)
        quoted = not pre_quoted and j < len(toks) and any(
            q in text[toks[j - 1][1]:toks[j][0]] for q in _QUOTES)
        while j < len(toks) and len(name_toks) < spec.max_words + (2 if quoted else 0):
            s, e, w = toks[j]
            gap = text[toks[j - 1][1]:s]
            if name_toks and gap.strip() and not (quoted and gap.strip() in _QUOTES):
                break  # punctuation ends the name
            if ((quoted and name_toks) or pre_quoted) and any(q in gap for q in _QUOTES):
                break
            if not name_toks and gap.strip(" \t") and not (quoted and gap.strip() in _QUOTES):
                break  # the name must follow the head on the same line
            if _is_stop(w, spec) or is_taken(s, e):
                break
            if name_toks and w.startswith("و") and not w.startswith("وال"):
                break
            if name_toks and _strip(w, spec) in spec.first_words and w != _strip(w, spec):
                break
            name_toks.append((s, e, w))
            j += 1
        if not name_toks or name_toks[0][2] in spec.generic:
            continue
        if head.strict and not (quoted or name_toks[0][2].startswith("ال")
                                or name_toks[0][2].isdigit()):
            continue
        if is_taken(head_start, name_toks[-1][1]):
            continue
        end = name_toks[-1][1]
        folded_name = " ".join(head.words + tuple(w for _, _, w in name_toks))
        os_, oe = nz.to_original(head_start, end)
        surface = nz.original[os_:oe].strip(_QUOTES + " ")
        rec = ActorRecord(id=discovered_id(folded_name), name_en=surface, name_ar=surface,
                          kind=head.kind, coalition_kind=head.coalition_kind, known=False,
                          source="discovered by pattern")
        out.append(Discovered(head_start, end, rec, " ".join(w for _, _, w in name_toks),
                              " ".join(head.words)))
        resume = end
    return out
