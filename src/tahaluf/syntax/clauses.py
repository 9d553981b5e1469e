"""Clauses of a sentence: a typed, offset-carrying structure the event rules ask.

A sentence (folded text) is split into clauses, each with a *function*:

``main``
    the sentence itself;
``relative``
    after الذي/التي/الذين…: describes the name before it;
``complement``
    after أن/بأن/أنه…: what a verb of saying or a noun reports;
``conditional``
    after في حال/إذا/لو/شرط…: did not happen; ends at the answer (فـ…) or punctuation;
``exception``
    after ما عدا/باستثناء/سوى…: the names in it are excluded;
``target``
    after لمواجهة/ضد/للتصدي…: the names in it are enemies or aims;
``reported``
    a parenthetical between commas (، بحسب مصادر،);
``parenthetical``
    between brackets or a pair of dashes;
``quoted``
    quoted speech of at least a few words;
``coordinate``
    after فيما/بينما/ثم/حيث/كما/وقال…: a new clause at the same level.

Rules ask two questions: *which names can an argument of this trigger be* (the names of
the trigger's own clause and of the clauses that contain it — :meth:`ClauseTree.visible`)
and *which words govern it* (the text before the trigger in its clause and in the clauses
that contain it, stopping at a coordinated clause, skipping other clauses nested in
between — :meth:`ClauseTree.governing`).

Lists cross commas: a comma between two names (A، B) does not end a clause.
The opener words are data (``data/clauses.yaml``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from tahaluf.resources import load_yaml
from tahaluf.text.normalize import fold

ClauseFunction = Literal["main", "relative", "complement", "conditional", "exception",
                         "target", "reported", "parenthetical", "quoted", "coordinate"]

#: clauses that close at the next punctuation mark (unless a list of names goes on)
_CLOSE_AT_PUNCT = frozenset({"relative", "conditional", "exception", "target", "reported"})
#: clauses whose names are no argument of a trigger outside them
_OPAQUE = frozenset({"relative", "conditional", "exception", "target", "reported",
                     "parenthetical", "complement", "coordinate"})
#: clauses that never hold the list a count subject refers to ("عشرة فصائل … وهي A وB")
_NOT_A_LIST = frozenset({"relative", "conditional", "exception", "target"})

_TOKEN = re.compile(r"\w+|[^\w\s]")
_PUNCT = frozenset("،,؛;:.!?")
_DASHES = frozenset("-–—")
_OPEN_QUOTES = {"«": "»", "“": "”", '"': '"', "„": "”"}


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause: folded offsets ``[start, end)``, its function, its parent's index."""

    start: int
    end: int
    function: ClauseFunction
    parent: int | None
    opener: str = ""
    background: bool = False

    def contains(self, pos: int) -> bool:
        return self.start <= pos < self.end


@dataclass(frozen=True, slots=True)
class _Openers:
    by_function: dict[str, re.Pattern[str]]
    answer_prefix: str
    background: re.Pattern[str]
    quoted_min_words: int


def _alt(words: Sequence[str]) -> str:
    items = sorted({fold(str(w)).strip() for w in words if str(w).strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in items)


@functools.cache
def _openers() -> _Openers:
    d = load_yaml("clauses.yaml")
    pats = {}
    for fn in ("relative", "complement", "conditional", "exception", "target", "reported",
               "coordinate"):
        pats[fn] = re.compile(rf"(?:و|ف)?(?:{_alt(d[fn])})(?!\w)")
    return _Openers(pats, fold(d["conditional_answer_prefix"]),
                    re.compile(rf"(?:{_alt(d['background'])})(?!\w)"),
                    int(d.get("quoted_min_words", 5)))


@dataclass
class ClauseTree:
    """The clauses of one sentence; ``clauses[0]`` is the main clause."""

    clauses: list[Clause]
    _at_cache: dict[int, int] = field(default_factory=dict)

    def at(self, pos: int) -> int:
        """Index of the innermost clause containing ``pos``."""
        if pos in self._at_cache:
            return self._at_cache[pos]
        best = 0
        for i, c in enumerate(self.clauses):
            if c.contains(pos) and (c.end - c.start) <= (
                    self.clauses[best].end - self.clauses[best].start):
                best = i
        self._at_cache[pos] = best
        return best

    def chain(self, i: int) -> list[int]:
        """Clause ``i`` and the clauses that contain it, innermost first."""
        out = [i]
        while self.clauses[out[-1]].parent is not None:
            out.append(self.clauses[out[-1]].parent)  # type: ignore[arg-type]
        return out

    def function_at(self, pos: int) -> ClauseFunction:
        return self.clauses[self.at(pos)].function

    def functions(self, pos: int) -> list[ClauseFunction]:
        return [self.clauses[i].function for i in self.chain(self.at(pos))]

    def visible(self, trigger_pos: int, pos: int) -> bool:
        """Can a name at ``pos`` be an argument of the trigger at ``trigger_pos``? Yes when
        its clause is the trigger's clause or one that contains it, or when it sits in a
        clause that is not opaque (a plain continuation)."""
        mine = self.chain(self.at(trigger_pos))
        theirs = self.chain(self.at(pos))
        if theirs[0] in mine:
            return True
        # the name's clause and every clause up to a common ancestor must be transparent
        for i in theirs:
            if i in mine:
                return True
            if self.clauses[i].function in _OPAQUE:
                return False
        return True

    def visible_list(self, trigger_pos: int, pos: int) -> bool:
        """Can a name at ``pos`` be an item of the list a count subject of the trigger
        refers to ("انضمت عشرة فصائل …، وقالت الجبهة إن الفصائل هي A وB")? Lists may sit
        in a complement, a coordinated clause or brackets, not in a clause describing
        another name, a condition, an exception or a target."""
        mine = set(self.chain(self.at(trigger_pos)))
        for i in self.chain(self.at(pos)):
            if i in mine:
                return True
            if self.clauses[i].function in _NOT_A_LIST:
                return False
        return True

    def governing(self, pos: int) -> list[tuple[int, int]]:
        """Spans of text that govern the word at ``pos``: the text before it in its clause
        and, going out, in each containing clause before the inner one starts; a coordinated
        clause stops the walk, and clauses nested in those spans that do not contain
        ``pos`` (a reported aside, a relative clause) are cut out."""
        chain = self.chain(self.at(pos))
        spans: list[tuple[int, int]] = []
        end = pos
        for k, i in enumerate(chain):
            c = self.clauses[i]
            spans.extend(self._cut_children(c.start, end, set(chain)))
            if c.function in ("coordinate", "conditional") and k < len(chain):
                break
            end = c.start
        return spans

    def _cut_children(self, start: int, end: int, keep: set[int]) -> list[tuple[int, int]]:
        holes = sorted((c.start, c.end) for j, c in enumerate(self.clauses)
                       if j not in keep and start <= c.start < end)
        out: list[tuple[int, int]] = []
        cur = start
        for hs, he in holes:
            if hs > cur:
                out.append((cur, hs))
            cur = max(cur, he)
        if cur < end:
            out.append((cur, end))
        return out

    def is_background(self, pos: int) -> bool:
        return any(self.clauses[i].background for i in self.chain(self.at(pos)))


def clauses(text: str, start: int, end: int,
            names: Sequence[tuple[int, int]] = ()) -> ClauseTree:
    """Split ``text[start:end]`` (folded) into clauses. ``names`` are the spans of the
    actor mentions in it, so that a comma inside a list of names does not close a clause."""
    op = _openers()
    out: list[Clause] = [Clause(start, end, "main", None,
                                background=bool(op.background.match(text, _skip_ws(text, start))))]
    # open clauses: index into out, with their mutable end decided when they close
    stack: list[int] = [0]
    ends: dict[int, int] = {}
    name_starts = sorted(s for s, _e in names)
    name_ends = {e for _s, e in names}
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]

    def close(upto_function: set[str] | None, at: int) -> None:
        while len(stack) > 1:
            top = stack[-1]
            if upto_function is not None and out[top].function not in upto_function:
                break
            ends[top] = at
            stack.pop()

    def open_(fn: ClauseFunction, at: int, opener: str) -> None:
        out.append(Clause(at, end, fn, stack[-1], opener))
        stack.append(len(out) - 1)

    quoted = _quote_pairs(tokens, op.quoted_min_words, names)
    closing: dict[int, int] = {}  # token index of a closing quote -> clause index
    i = 0
    while i < len(tokens):
        ts, te, tok = tokens[i]
        top_fn = out[stack[-1]].function
        if i in quoted:
            open_("quoted", ts, tok)
            closing[quoted[i]] = stack[-1]
        elif i in closing:
            _close_to(stack, out, ends, "quoted", te)
        elif tok == "(":
            open_("parenthetical", ts, tok)
        elif tok == ")":
            _close_to(stack, out, ends, "parenthetical", te)
        elif tok in _DASHES and _spaced(text, ts, te):
            if top_fn == "parenthetical" and out[stack[-1]].opener in _DASHES:
                _close_to(stack, out, ends, "parenthetical", te)
            elif _dash_pair_ahead(tokens, i):
                open_("parenthetical", ts, tok)
        elif tok in _PUNCT:
            continues_list = _prev_name_end(name_ends, text, ts) and _next_is_name(
                name_starts, text, te)
            if not continues_list:
                close(set(_CLOSE_AT_PUNCT), ts)
                if tok in ":؛;":
                    close({"coordinate", "complement"}, ts)
            # ", بحسب مصادر،": a reported aside
            if tok in "،," and (m := op.by_function["reported"].match(text, _skip_ws(text, te))):
                open_("reported", m.start(), m.group())
                while i + 1 < len(tokens) and tokens[i + 1][0] < m.end():
                    i += 1
        elif tok[0].isalnum() and _word_start(text, ts) and not _inside_name(names, ts):
            if top_fn == "conditional" and tok.startswith(op.answer_prefix) and len(tok) > 2 \
                    and out[stack[-1]].start < ts:
                close({"conditional"}, ts)
            best: tuple[int, str] | None = None
            for fn in ("conditional", "exception", "target", "relative", "complement",
                       "coordinate"):
                m = op.by_function[fn].match(text, ts)
                if m is not None and (best is None or m.end() > best[0]):
                    best = (m.end(), fn)
            if best is not None:
                m_end, fn = best
                if fn == "coordinate":
                    close({"coordinate", "relative", "exception", "target", "reported",
                           "conditional"}, ts)
                open_(fn, ts, text[ts:m_end])  # type: ignore[arg-type]
                while i + 1 < len(tokens) and tokens[i + 1][0] < m_end:
                    i += 1  # the opener's own words
        i += 1
    # close what is still open at the sentence end
    for k in stack[1:]:
        ends.setdefault(k, end)
    final = [Clause(c.start, ends.get(k, c.end), c.function, c.parent, c.opener, c.background)
             for k, c in enumerate(out)]
    return ClauseTree(final)


def _quote_pairs(tokens: list[tuple[int, int, str]], min_words: int,
                 names: Sequence[tuple[int, int]]) -> dict[int, int]:
    """Opening → closing token index of each quotation holding at least ``min_words``
    words outside the names in it (a quoted list of names is no speech); quote marks pair
    up in order (a straight quote alternates)."""
    pairs: dict[int, int] = {}
    open_at: int | None = None
    closer = ""
    for k, (_s, _e, tok) in enumerate(tokens):
        if open_at is None:
            if tok in _OPEN_QUOTES:
                open_at, closer = k, _OPEN_QUOTES[tok]
        elif tok == closer:
            words = sum(1 for j in range(open_at + 1, k) if tokens[j][2][0].isalnum()
                        and not any(a <= tokens[j][0] < b for a, b in names))
            if words >= min_words:
                pairs[open_at] = k
            open_at = None
    return pairs


def _inside_name(names: Sequence[tuple[int, int]], pos: int) -> bool:
    """A word of a name ("تجمع فاستقم كما أمرت") opens no clause; its first word neither."""
    return any(s <= pos < e for s, e in names)


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _word_start(text: str, pos: int) -> bool:
    return pos == 0 or not text[pos - 1].isalnum()


def _spaced(text: str, s: int, e: int) -> bool:
    return (s == 0 or text[s - 1].isspace()) or (e >= len(text) or text[e].isspace())


def _dash_pair_ahead(tokens: list[tuple[int, int, str]], i: int) -> bool:
    """A dash opens an aside only when another dash closes it within a few words, before
    the sentence ends."""
    for k in range(i + 1, min(len(tokens), i + 14)):
        if tokens[k][2] in _DASHES:
            return True
        if tokens[k][2] in ".!?":
            return False
    return False


def _close_to(stack: list[int], out: list[Clause], ends: dict[int, int], fn: str,
              at: int) -> None:
    """Close clauses up to and including the innermost open one of function ``fn``."""
    if not any(out[k].function == fn for k in stack[1:]):
        return
    while len(stack) > 1:
        top = stack.pop()
        ends[top] = at
        if out[top].function == fn:
            return


def _prev_name_end(name_ends: set[int], text: str, pos: int) -> bool:
    p = pos
    while p > 0 and text[p - 1] in " \"'«»“”″":
        p -= 1
    return p in name_ends


def _next_is_name(name_starts: list[int], text: str, pos: int) -> bool:
    import bisect

    p = _skip_ws(text, pos)
    k = bisect.bisect_left(name_starts, p)
    # the next name within a clitic and a quote mark (وجيش، و"جيش، ولـ)
    return k < len(name_starts) and name_starts[k] - p <= 4
