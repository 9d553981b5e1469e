"""Coalition events, membership assertions and other events, from triggers and actor mentions.

The extractor works sentence by sentence on the folded text. For each trigger it finds

* the **member**: the subject before the trigger (a list of actors counts as several
  members), or the genitive/passive subject right after it (``انسحاب X من``,
  ``أُخرج X من``), or — for a masdar with a pronoun suffix and no subject — the subject
  carried from the previous sentence;
* the **coalition**: the actor after the trigger's preposition (``إلى``، ``لـ``، ``من``،
  ``عن``، ``في``، ``ضمن`` …), or the subject when the coalition is the agent
  (``رحّبت C بانضمام X``), or a pronoun (``إليها``) resolved to the last coalition named;
* the **modality**: hypothetical and negated cues before the trigger, reported cues in the
  sentence, hedged alternations (``انسحب -أو أُخرج-``).

All offsets are folded offsets until the end, where spans are mapped back to the original.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from tahaluf.extract.calibration import calibrated
from tahaluf.extract.grammar import grammar
from tahaluf.extract.triggers import TriggerHit, trigger_data
from tahaluf.lexicon.schema import ActorRecord
from tahaluf.syntax.clauses import ClauseTree, clauses
from tahaluf.syntax.factivity import clause_modality
from tahaluf.text.normalize import Normalized, fold
from tahaluf.types import (
    UNKNOWN_DATE,
    DateValue,
    Event,
    Membership,
    Mention,
    Modality,
    OtherEvent,
    Quantity,
    Span,
)

_WORD = re.compile(r"\w+")
#: characters allowed between the items of a list of names
#: list separators and fillers: :func:`tahaluf.extract.grammar.grammar` ``list_gap``
_QUOTED = re.compile(r'["«“”″]\s*([^"«»“”″\n]{2,60}?)\s*["»”″]')


_NO_MENTION = Mention(Span(0, 0), "actor", None, "")
#: single-letter clitics and the preposition of "كل من", folded (data/clitics.yaml spells
#: the full sets; these are the ones the list logic looks at directly)
_WA = fold("و")
_MIN = fold("من")


@dataclass(frozen=True, slots=True)
class FMention:
    """An actor mention in folded coordinates."""

    start: int
    end: int
    word_start: int
    actor: str
    mention: Mention


@dataclass
class Context:
    nz: Normalized
    actors: dict[str, ActorRecord]
    published: str | None
    date_for: Callable[[int, int, int, int], DateValue]
    last_subject: list[str] = field(default_factory=list)
    last_coalition: str | None = None
    last_list: list[str] = field(default_factory=list)
    new_actors: dict[str, ActorRecord] = field(default_factory=dict)
    #: mentions of the new bodies named by formation frames (original offsets)
    new_mentions: list[Mention] = field(default_factory=list)
    all_mentions: list[FMention] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    other_seen: list[OtherEvent] = field(default_factory=list)
    pronoun_end: int = 0
    #: triggers of the whole document, found once
    coalition_hits: list[TriggerHit] = field(default_factory=list)
    other_hits: list[TriggerHit] = field(default_factory=list)

    #: the clauses of the sentence being read, and its span
    tree: ClauseTree | None = None
    tree_span: tuple[int, int] = (0, 0)
    sentence_mentions: list[FMention] = field(default_factory=list)

    _phrase_cache: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def visible_list(self, hit: TriggerHit, m: FMention) -> bool:
        """Can ``m`` be an item of the list a count subject of ``hit`` stands for?"""
        s, e = self.tree_span
        if self.tree is None or not (s <= m.start < e):
            return True
        return self.tree.visible_list(hit.start, m.word_start)

    def visible(self, hit: TriggerHit, m: FMention) -> bool:
        """Can mention ``m`` be an argument of ``hit``? Names of the sentence must sit in
        the trigger's clause or one that contains it; names of other sentences are left to
        the rule."""
        s, e = self.tree_span
        if self.tree is None or not (s <= m.start < e):
            return True
        return self.tree.visible(hit.start, m.word_start)

    def phrase_spans(self, name: str, s: int, e: int) -> list[tuple[int, int]]:
        """Matches of one of the trigger data's phrase sets, found once per document."""
        if name not in self._phrase_cache:
            phrases_ = getattr(trigger_data(), name)
            self._phrase_cache[name] = [(m.start(), m.end()) for m in phrases_.find(self.nz.text)]
        return [(a, b) for a, b in self._phrase_cache[name] if s <= a and b <= e]

    def hits_in(self, s: int, e: int, other: bool = False) -> list[TriggerHit]:
        hits = self.other_hits if other else self.coalition_hits
        return [h for h in hits if s <= h.start and h.end <= e]


def _kind(ctx: Context, actor_id: str) -> str | None:
    rec = ctx.actors.get(actor_id) or ctx.new_actors.get(actor_id)
    return rec.kind if rec is not None else None


def _is_coalition(ctx: Context, actor_id: str) -> bool:
    return _kind(ctx, actor_id) == "coalition"


def _can_be_member(ctx: Context, actor_id: str, coalition: str | None) -> bool:
    kind = _kind(ctx, actor_id)
    if kind == "foreign_state":
        return False
    if kind == "state_force" and coalition is not None:
        return _kind(ctx, coalition) == "state_force"
    return True


def _can_be_coalition(ctx: Context, actor_id: str) -> bool:
    return _kind(ctx, actor_id) not in ("foreign_state", "person")


def _described(text: str, m: FMention) -> bool:
    """A name introduced by a descriptor (الموالي لـ، التابع لـ، المدعوم من …)."""
    return _described_at(text, m.word_start)


@functools.lru_cache(maxsize=8192)
def _described_at(text: str, word_start: int) -> bool:
    before = " ".join(_WORD.findall(text, max(0, word_start - 30), word_start)[-3:])
    return bool(before) and trigger_data().descriptors.search(before)


def _after_kull_min(text: str, m: FMention) -> bool:
    """"كل من: A، B": the list introducer, not a preposition."""
    words = _WORD.findall(text, max(0, m.word_start - 40), m.word_start)
    for i in range(len(words) - 1, max(-1, len(words) - 12), -1):
        if words[i] == _MIN and i > 0 and words[i - 1] in grammar().list_all:
            return True
    return False


def _partitive(text: str, m: FMention, ctx: Context | None = None) -> bool:
    """"فصائل الجيش الوطني": factions OF the named body, not the body itself. With a
    faction after the group noun it is an apposition ("فصائل الجبهة الشامية وجيش الإسلام"):
    those ARE the factions."""
    before = _WORD.findall(text, max(0, m.word_start - 25), m.word_start)[-2:]
    if not (before and trigger_data().group_nouns.search(before[-1])):
        return False
    if ctx is not None and _kind(ctx, m.actor) not in (None, "coalition"):
        return False
    return True


def _word_start(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1].isalnum():
        pos -= 1
    return pos


def to_folded_mentions(nz: Normalized, mentions: Sequence[Mention]) -> list[FMention]:
    out = []
    for m in mentions:
        if m.kind != "actor" or m.entity_id is None:
            continue
        s = nz.to_folded(m.span.start)
        e = nz.to_folded(m.span.end)
        out.append(FMention(s, e, _word_start(nz.text, s), m.entity_id, m))
    return out


# --- argument finding ------------------------------------------------------------------

def _list_gap(gap: str, nxt: FMention, text: str) -> bool:
    """Items of a list: separators only, or a place or a parenthesis after an item
    ("كتائب الأمويين في دمشق وريفها، والمجلس العسكري …")."""
    g = grammar()
    if g.list_gap.match(gap):
        return True
    m = g.tail.match(gap)
    if not m:
        return False
    rest = gap[m.end():]
    return bool(g.list_gap.match(rest)) and (
        "،" in rest or "," in rest or text[nxt.word_start:nxt.start].startswith(_WA))


def _group_left(ms: list[FMention], text: str, limit: int) -> list[FMention]:
    """The list of actors ending nearest before ``limit`` (A، B وC)."""
    if not ms:
        return []
    group = [ms[-1]]
    for m in reversed(ms[:-1]):
        gap = text[m.end:group[0].word_start]
        if _list_gap(gap, group[0], text):
            group.insert(0, m)
        else:
            break
    return group


def _group_right(ms: list[FMention], text: str) -> list[FMention]:
    if not ms:
        return []
    group = [ms[0]]
    for m in ms[1:]:
        gap = text[group[-1].end:m.word_start]
        if _list_gap(gap, m, text):
            group.append(m)
        else:
            break
    return group


def _words_between(text: str, a: int, b: int) -> list[str]:
    return _WORD.findall(text, a, b) if b > a else []


def _prep_before(text: str, m: FMention, preps: Sequence[str], window: int = 3) -> bool:
    """True when one of ``preps`` introduces mention ``m`` (as a proclitic or a word before it)."""
    return _prep_before_cached(text, m.word_start, m.start, tuple(preps), window)


@functools.lru_cache(maxsize=4096)
def _prep_before_cached(text: str, word_start: int, start: int, preps: tuple[str, ...],
                        window: int) -> bool:
    m = FMention(start, start, word_start, "", _NO_MENTION)
    clitic = text[m.word_start:m.start]
    for p in preps:
        if len(p) == 1 and clitic.endswith(p):
            return True
        if p == "ل" and text[m.word_start:m.word_start + 2] == "لل":
            return True
    before = _words_between(text, max(0, m.word_start - 40), m.word_start)[-window:]
    for p in preps:
        parts = p.split()
        n = len(parts)
        for i in range(len(before) - n + 1):
            if before[i:i + n] == parts:
                return True
        # prepositions written as a clitic on a noun: لصفوف، بصفوف
        if any(w == p or (len(p) > 1 and w.endswith(p) and w.startswith(("ل", "ب")))
               for w in before[-1:]):
            return True
    return False


def _preps_any() -> tuple[str, ...]:
    return grammar().prepositions


def _subject_candidates(ms: list[FMention], text: str) -> list[FMention]:
    """Mentions not introduced by a preposition (possible subjects), nor by a descriptor."""
    return [m for m in ms if _can_be_subject(text, m.word_start, m.start)]


@functools.lru_cache(maxsize=8192)
def _can_be_subject(text: str, word_start: int, start: int) -> bool:
    m = FMention(start, start, word_start, "", _NO_MENTION)
    return (not _prep_before(text, m, _preps_any(), window=1)
            and not _introduced_by(text, max(0, word_start - 30), m, _preps_any())
            and not _described(text, m))


# --- modality --------------------------------------------------------------------------

def _modality(text: str, sent_start: int, clause_start: int, hit: TriggerHit,
              hedged: bool, tree: ClauseTree | None = None) -> Modality:
    data = trigger_data()
    if hit.future:
        return "hypothetical"
    if tree is not None:
        structural = clause_modality(text, tree, hit.start)
        if structural is not None:
            return structural
    prev_word = _WORD.findall(text, max(sent_start, hit.start - 20), hit.start)[-1:]
    if prev_word and prev_word[0].removeprefix("و") in data.pre_trigger_hypothetical:
        return "hypothetical"
    next_word = _WORD.findall(text, hit.end, min(len(text), hit.end + 20))[:1]
    if next_word and next_word[0] in data.post_trigger_hypothetical:
        return "hypothetical"  # "اندماج قريب"، "الانضمام المرتقب"
    for cue in data.hypothetical.find(text, sent_start, hit.start):
        prev = _WORD.findall(text, max(sent_start, cue.start() - 12), cue.start())
        if not (prev and prev[-1] in data.past_markers):
            return "hypothetical"
    words_before = _WORD.findall(text, max(sent_start, hit.start - 60), hit.start)
    near = " ".join(words_before[-data.negated_scope:])
    if data.negated.search(near):
        return "negated"
    # a verbal negator (لم، لن) earlier in the same clause, no comma in between
    clause = text[max(sent_start, hit.start - 90):hit.start]
    clause = re.split(r"[،,؛;:.]", clause)[-1]
    if grammar().verbal_negation.search(clause):
        return "negated"
    if data.denied.search(text, sent_start, hit.start):
        return "negated"
    if hedged or data.hedge_words.search(text, clause_start, hit.end):
        return "hedged"
    if data.reported.search(text, sent_start, hit.start):
        return "reported"
    return "asserted"


# --- the extractor ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Raw:
    type: str
    member: str | None
    coalition: str | None
    modality: Modality
    alternatives: tuple[str, ...]
    participants: tuple[str, ...]
    confidence: float
    rule: str
    hit_start: int
    hit_end: int
    date: DateValue | None = None


def _alternation(text: str, hits: list[TriggerHit], i: int) -> str | None:
    """``انسحب -أو أُخرج-``: the type of the alternative trigger right after hit ``i``."""
    if i + 1 >= len(hits):
        return None
    a, b = hits[i], hits[i + 1]
    between = _words_between(text, a.end, b.start)
    if len(between) == 1 and between[0] in trigger_data().alternation:
        return b.trigger.type
    return None


def _introduced_by(text: str, gap_start: int, m: FMention, preps: Sequence[str]) -> bool:
    """``m`` is introduced by one of ``preps``: as its proclitic (لجبهة، بالهيئة), or as a
    word before it with only filler words in between (إلى صفوف C، من غرفة عمليات C)."""
    clitic = text[m.word_start:m.start]
    if clitic and any(len(p) == 1 and clitic.endswith(p) for p in preps):
        return True
    if "ل" in preps and text[m.word_start:m.word_start + 2] == "لل":
        return True
    words = _WORD.findall(text, gap_start, m.word_start)
    fillers = trigger_data().fillers
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        bare = w
        for p in preps:
            if len(p) == 1 and w.startswith(p) and w[1:] in fillers:
                return all(x in fillers for x in words[i + 1:])
        if bare in preps:
            return all(x in fillers for x in words[i + 1:])
        if w not in fillers:
            return False
    return False


def _coalition_after(ctx: Context, text: str, hit: TriggerHit, right: list[FMention],
                     sent_end: int) -> tuple[FMention | None, str | None]:
    """The coalition introduced by the trigger's preposition, or a pronoun after it."""
    data = trigger_data()
    preps = hit.trigger.preps
    for m in right:
        if m.start - hit.end > 160:
            break
        if (_described(text, m) or not _can_be_coalition(ctx, m.actor)
                or _added_item(text, m)):
            continue
        prev_end = max([x.end for x in right if x.end <= m.word_start] + [hit.end])
        if _introduced_by(text, prev_end, m, preps):
            # territory/battle objects between the preposition and the name
            pre_words = _words_between(text, max(hit.end, m.word_start - 25), m.word_start)
            if pre_words and data.non_coalition.search(" ".join(pre_words[-2:])):
                return None, None
            return m, None
    # a pronoun: اليها، لها، منها، عنها، صفوفها (the member may stand between)
    tail = text[hit.end:min(sent_end, hit.end + 60)]
    pm = grammar().coalition_pronoun.match(tail)
    if pm:
        ctx.pronoun_end = hit.end + pm.end()
        return None, _PRONOUN
    return None, None


_PRONOUN = "<pronoun>"
#: words opening a time phrase (folded)
_TIME_ADJUNCTS = frozenset({"بعد", "قبل", "منذ", "عقب", "اثر"})
#: definite words after a verb that are adverbs, not its subject (folded)
_NOT_SUBJECTS = frozenset({"اليوم", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه",
                           "السبت", "الاحد", "الماضي", "الحالي", "الجاري", "الاخيره",
                           "الاسبوع", "الشهر", "العام", "الليله", "الاول"})
#: "إنه فصل"، "أنها طردت": a pronoun subject after a verb of saying (folded)
_COMPLEMENT_PRONOUNS = frozenset({"انه", "انها", "انهم", "انهما"})



def _object_is_territory(text: str, hit: TriggerHit, sent_end: int) -> bool:
    data = trigger_data()
    words = _words_between(text, hit.end, min(sent_end, hit.end + 40))[:3]
    if not words:
        return False
    if words[0] in grammar().object_preps:
        return data.non_coalition.search(" ".join(words[1:3]))
    return data.non_coalition.search(" ".join(words[:2]))


def _added_item(text: str, m: FMention) -> bool:
    """"أبرزها A وB إضافة لـC": C is one more item of a list, not the coalition."""
    return bool(grammar().additive.search(text, max(0, m.word_start - 25), m.word_start))


def _new_name_after(ctx: Context, text: str, pos: int, end: int) -> tuple[int, int, str] | None:
    """A quoted name after a formation trigger or naming frame (a new, unknown body)."""
    m = _QUOTED.search(text, pos, min(end, pos + 80))
    if not m:
        return None
    return m.start(1), m.end(1), m.group(1)


def extract_sentence(ctx: Context, sent: Span, fms: list[FMention],
                     out: list[Event]) -> None:
    text = ctx.nz.text
    hits = ctx.hits_in(sent.start, sent.end)
    if hits:
        ctx.tree = clauses(text, sent.start, sent.end, [(m.word_start, m.end) for m in fms])
        ctx.tree_span = (sent.start, sent.end)
        ctx.sentence_mentions = fms
    if not hits:
        if fms:
            subj = _subject_candidates(fms, text)
            if subj:
                ctx.last_subject = [subj[0].actor]
        return
    raws: list[_Raw] = []
    skip_next = False
    prev_end = sent.start
    for i, hit in enumerate(hits):
        if skip_next:
            skip_next = False
            prev_end = hit.end
            continue
        alt = _alternation(text, hits, i)
        if alt:
            skip_next = True
        nxt = hits[i + 2].start if alt and i + 2 < len(hits) else (
            hits[i + 1].start if i + 1 < len(hits) else sent.end)
        after_hit = hits[i + 1].end if alt else hit.end
        left = [m for m in fms if prev_end <= m.start and m.end <= hit.start
                and ctx.visible(hit, m)]
        right = [m for m in fms if m.start >= after_hit and m.start < sent.end
                 and ctx.visible(hit, m)]
        # clause start: after a comma + subordinator, or the previous trigger
        clause_start = prev_end
        governed = _purpose_of(text, hits[i - 1], hit) if i > 0 else False
        inherited = _modality(text, sent.start, sent.start, hits[i - 1], hedged=False,
                              tree=ctx.tree) if governed else None
        found = _event_for(ctx, text, hit, alt, left, right, fms, sent, clause_start,
                           after_hit, nxt, inherited=inherited)
        if alt:  # the alternative's trigger belongs to the same event (its date, too)
            found = [replace(r, hit_end=after_hit) for r in found]
        raws.extend(found)
        prev_end = hits[i + 1].end if alt else hit.end
    for raw in raws:
        date = raw.date or ctx.date_for(sent.start, sent.end, raw.hit_start, raw.hit_end)
        r = _persons_to_organisations(ctx, raw, date)
        if r is not None:
            r = _member_kinds(ctx, r)
        if r is None:
            continue
        s, e = ctx.nz.to_original(sent.start, sent.end)
        out.append(Event(r.type, r.member, r.coalition, date, r.modality, Span(s, e),
                         r.alternatives, calibrated(r.rule, r.confidence), r.participants,
                         r.rule))
    if not raws:
        first = _subject_candidates(fms, text)
        if first:
            ctx.last_subject = [first[0].actor]


def _year_of(ctx: Context, date: DateValue) -> int | None:
    for iso in (date.value, date.latest, ctx.published):
        if iso and iso[:4].isdigit():
            return int(iso[:4])
    return None


def _persons_to_organisations(ctx: Context, r: _Raw, date: DateValue) -> _Raw | None:
    """A person is never a member or a founder: he stands for the organisation he led on
    the event's date (the lexicon's ``leads``), or the argument is dropped."""
    def org(actor: str | None) -> str | None:
        if actor is None or _kind(ctx, actor) != "person":
            return actor
        rec = ctx.actors.get(actor)
        return rec.led_on(_year_of(ctx, date)) if rec is not None else None

    member = r.member
    if r.type == "FORM" and member is not None and _kind(ctx, member) == "person":
        # "شكّل الرئيس X فيلقاً": a person founds a body; he is no founder member
        others = tuple(p for p in r.participants if _kind(ctx, p) != "person")
        if others:
            return None  # the other founders carry the event
        return replace(r, member=None, participants=())
    if member is not None and _kind(ctx, member) == "person":
        # "أعلن قائد X انشقاقه" is his own act (not a membership event); "فك ارتباط
        # جبهته" is his organisation's
        window = ctx.nz.text[max(0, r.hit_start - 40):r.hit_end + 30]
        member = org(member) if grammar().own_group.search(window) else None
        if member is None or member == r.coalition:
            return None
    # founders are bodies: a person who founded one is not a founder member
    parts = tuple(p for p in r.participants if _kind(ctx, p) != "person")
    if member == r.member and parts == r.participants:
        return r
    return replace(r, member=member, participants=parts, rule=r.rule + ":leader",
                   confidence=min(r.confidence, 0.7))


def _member_kinds(ctx: Context, r: _Raw) -> _Raw | None:
    """Only a body that can belong to the coalition is its member or founder: never a
    foreign state, nor a state force outside a state-led formation ("الفصائل المقاتلة ضد
    النظام" names the enemy, not a founder)."""
    parts = tuple(p for p in r.participants if _can_be_member(ctx, p, r.coalition))
    member = r.member
    if member is not None and not _can_be_member(ctx, member, r.coalition):
        if r.type != "FORM":
            return None
        if parts:
            return None  # the other founders carry the formation
        member = None
    if member == r.member and parts == r.participants:
        return r
    return replace(r, member=member, participants=parts)


def _event_for(ctx: Context, text: str, hit: TriggerHit, alt: str | None,
               left: list[FMention], right: list[FMention], all_ms: list[FMention],
               sent: Span, clause_start: int, after_hit: int, next_start: int, *,
               inherited: Modality | None = None) -> list[_Raw]:
    data = trigger_data()
    t = hit.trigger
    modality = _modality(text, sent.start, clause_start, hit, hedged=alt is not None,
                         tree=ctx.tree)
    if inherited in ("hypothetical", "negated"):
        modality = inherited  # "اندماج قريب … لتشكيل الفيلق": the aim of a planned merger
    alternatives = tuple(dict.fromkeys(((alt,) if alt and alt != t.type else ())
                                       + tuple(a for a in t.alternatives if a != t.type)))
    conf = 0.85
    rule = t.id

    # individuals as subject: "انشق عشرات العناصر عن ..."
    near_left = text[max(clause_start, hit.start - 40):hit.start]
    near_right = text[after_hit:min(sent.end, after_hit + 30)]
    if t.type in ("JOIN", "WITHDRAW", "SPLIT", "EXPEL") and (
            data.individuals.search(near_left.split("،")[-1])
            or data.individuals.search(" ".join(_WORD.findall(near_right)[:2]))):
        if not any(m.end <= hit.start and m.start >= hit.start - 40 for m in left):
            return []

    if t.type in ("FORM",):
        return _form(ctx, text, hit, left, right, sent, modality, alternatives, next_start)
    if t.form == "participle":
        return _participle_list(ctx, text, hit, right, sent, modality, alternatives)
    if t.type == "EXPEL" and _expels_object(text, hit, left, clause_start):
        return _expel(ctx, text, hit, left, right, sent, modality, alternatives, clause_start)
    if t.type == "DISSOLVE":
        return _dissolve(ctx, text, hit, left, right, modality)
    if t.type == "RENAME":
        return _rename(ctx, text, hit, left, right, sent, modality, clause_start)
    frame = data.naming.find(text, after_hit, min(sent.end, after_hit + 160))
    direct_frame = bool(frame) and len(_WORD.findall(text, after_hit, frame[0].start())) <= 3
    into_existing = bool(frame) and any(
        m.start < frame[0].start() and _prep_before(text, m, grammar().merge_into, 1)
        for m in right)
    if t.type == "MERGE" and frame and not into_existing and (
            direct_frame or len(_WORD.findall(text, after_hit, frame[0].start())) <= 14
            or data.new_body.search(text, after_hit, min(sent.end, after_hit + 80))):
        # merger into a NEW body: FORM with the alternative MERGE
        return _form(ctx, text, hit, left, right, sent, modality, ("MERGE",), next_start)
    if t.type in ("WITHDRAW", "SPLIT", "EXPEL") and _object_is_territory(text, hit, sent.end):
        return []

    coalition_m, coalition_id = _coalition_after(ctx, text, hit, right, sent.end)
    pronoun = coalition_id == _PRONOUN
    if t.needs_coalition_prep and coalition_m is None and not pronoun:
        # "ضمت الجبهة 11 فصيلاً" (it comprised them), "عاد القائد": no "إلى C"/"إلى
        # صفوفها", no membership change
        return []
    if coalition_m is not None:
        coalition_id = coalition_m.actor
    outside_left = [m for m in _subject_candidates(left, text)
                    if not _in_parenthetical(text, m, hit)]
    subj_left = _group_left(outside_left or _subject_candidates(left, text), text, hit.start)
    subj_left = [m for m in subj_left if not _partitive(text, m, ctx)]
    if pronoun:
        # "رحبت C بانضمام X إلى صفوفها": the pronoun is the agent coalition itself
        if subj_left and _is_coalition(ctx, subj_left[-1].actor) and any(
                m.start < hit.end + 60 for m in right):
            coalition_id = subj_left[-1].actor
            subj_left = []
        else:
            # "كان جزءاً من جيش الفتح حتى انسحابه منه": a coalition named earlier in the
            # sentence, else the last one named in the document
            subj_ids = {x.actor for x in subj_left} | {
                x.actor for x in _subject_candidates(left, text)
                if not _in_parenthetical(text, x, hit)}
            left_all = [m for m in all_ms if clause_start <= m.start and m.end <= hit.start]
            earlier = [m for m in left_all if m.actor not in subj_ids
                       and _can_be_coalition(ctx, m.actor)
                       and _kind(ctx, m.actor) != "state_force"]
            coalition_id = earlier[-1].actor if earlier else ctx.last_coalition
    # the member: a genitive/passive subject right after the trigger, before the coalition
    limit = coalition_m.word_start if coalition_m is not None else (
        ctx.pronoun_end if pronoun else after_hit + 80)
    between = [m for m in right if m.end <= limit and m is not coalition_m
               and (_after_kull_min(text, m) or not _prep_before(text, m, _preps_any(), window=1))
               and not _described(text, m)]
    if coalition_m is None and coalition_id is None:
        between = []
    if pronoun and not between:
        # "انضمت إليها حركة النهر": the member right after the pronoun
        after_p = [m for m in right if m.start >= ctx.pronoun_end
                   and len(_WORD.findall(text, ctx.pronoun_end, m.word_start)) <= 1
                   and not trigger_data().list_intro.search(text, ctx.pronoun_end, m.word_start)
                   and not _prep_before(text, m, _preps_any(), window=1)]
        between = _group_right(after_p, text)
    own_act = _own_act_filter(text, sent, hit, right)
    left_subjects = [m for m in _subject_candidates(left, text)
                     if not _described(text, m) and m.actor != coalition_id and own_act(m)]
    partitive = [m for m in left_subjects if _partitive(text, m, ctx)]
    left_subjects = [m for m in left_subjects if m not in partitive]
    expel_object = t.type == "EXPEL" and t.form == "masdar" and not hit.suffix
    if expel_object:
        # "أعلن C فصل مجموعتين من صفوفه": the subject expels; the expelled is the object
        left_subjects, partitive = [], []
    members: list[str] = []
    antecedent = _relative_antecedent(text, hit, left, clause_start)
    if antecedent is not None and antecedent.actor != coalition_id and not between:
        left_subjects = [antecedent]
    if between:
        members = [m.actor for m in between]
        if (coalition_id is None or pronoun) and subj_left and (
                t.agent == "coalition" or _is_coalition(ctx, subj_left[-1].actor)):
            coalition_id = subj_left[-1].actor
            rule += ":agent"
    elif left_subjects:
        outside = [m for m in left_subjects if not _in_parenthetical(text, m, hit)]
        members = [m.actor for m in _agreeing(
            _group_left(outside or left_subjects, text, hit.start), text, hit.suffix)]
    if not members and coalition_id is not None:
        # a group noun as subject ("عشرة فصائل", "الفصائل"): its list is elsewhere
        window = text[clause_start:min(sent.end, hit.end + 40)]
        if partitive or trigger_data().group_nouns.search(window):
            listed = _listed_members(ctx, text, hit, sent, coalition_m,
                                     ctx.pronoun_end if pronoun else None)
            if listed:
                members = listed
                conf = 0.7
                rule += ":list"
    if expel_object and not between:
        return []
    if not members and hit.suffix and hit.start > sent.start and not _in_time_adjunct(
            text, clause_start, hit):
        # "أعلن X حل نفسه واندماجه في Y": the subject of the whole sentence (not in "بعد
        # أسابيع من انفصالها", whose pronoun is the nearest noun's)
        earlier = [m for m in ctx.all_mentions if sent.start <= m.start and m.end <= clause_start
                   and not _described(text, m) and not _partitive(text, m)
                   and ctx.visible(hit, m)]
        earlier = [m for m in _subject_candidates(earlier, text)
                   if m.actor != coalition_id and own_act(m)]
        if earlier:
            members = [m.actor for m in _agreeing(_group_left(earlier, text, clause_start),
                                                  text, hit.suffix)]
            conf = 0.7
            rule += ":sentence-subject"
    if not members and (hit.suffix or t.form in ("verb", "verb_passive")):
        # pronoun subject: carried from the previous sentence (not when a partitive
        # pronoun is the subject: "وبعضها الآخر … قبل أن يعلن انضمامه")
        if ctx.last_subject and not left and own_act.partitive_free:
            members = list(ctx.last_subject)
            conf = 0.6
            rule += ":carried"
    if t.agent == "coalition" and subj_left and coalition_id is None:
        coalition_id = subj_left[-1].actor
    if coalition_id is None or coalition_id == _PRONOUN:
        return []
    if members and coalition_m is not None:
        # "انسحابها من الغرفة مع X وY": the others that left (joined) with it
        with_m = grammar().with_word.match(text[coalition_m.end:coalition_m.end + 40])
        if with_m:
            start = coalition_m.end + with_m.end()
            co = [m for m in right if m.word_start >= start and m.word_start - start <= 3]
            members += [m.actor for m in _group_right(co, text)] if co else []
    members = [m for m in dict.fromkeys(members)
               if m != coalition_id and _can_be_member(ctx, m, coalition_id)]
    if not members:
        return []
    ctx.last_coalition = coalition_id if _is_coalition(ctx, coalition_id) else ctx.last_coalition
    ctx.last_subject = members[:1]
    if len(members) > 1:
        ctx.last_list = members
    elapsed_date = _before_publication(ctx, text, hit)
    etype = t.type
    if t.type == "MERGE" and _founded_then(ctx, coalition_id, sent, hit):
        # a merger into a body founded that very year is its formation
        etype, alternatives = "FORM", tuple(dict.fromkeys(("MERGE", *alternatives)))
    parts = tuple(members) if etype == "FORM" else ()
    return [_Raw(etype, m, coalition_id, modality, alternatives, parts, conf, rule, hit.start,
                 hit.end, elapsed_date) for m in members]


class _OwnAct:
    """See :func:`_own_act_filter`."""

    def __init__(self, ok: Callable[[FMention], bool], partitive_free: bool) -> None:
        self.ok, self.partitive_free = ok, partitive_free

    def __call__(self, m: FMention) -> bool:
        return self.ok(m)


def _participle_list(ctx: Context, text: str, hit: TriggerHit, right: list[FMention],
                     sent: Span, modality: Modality, alternatives: tuple[str, ...]
                     ) -> list[_Raw]:
    """"الفصائل المنضمة إلى C: A، B، C": a group noun with a participle restates who
    joined; the names listed after it are the members, C is named after the participle or
    is the coalition of the news (the last one named)."""
    data = trigger_data()
    if not data.group_nouns.find(text, max(sent.start, hit.start - 24), hit.start):
        return []
    coalition_m, coalition_id = _coalition_after(ctx, text, hit, right[:1], sent.end)
    if coalition_m is not None:
        coalition_id = coalition_m.actor
    else:
        coalition_id = _coalition_in_the_news(ctx, text, hit, sent)
    if coalition_id is None:
        return []
    start = coalition_m.end if coalition_m is not None else hit.end
    listed = [m for m in right if m.start >= start and m.actor != coalition_id
              and not _described(text, m)]
    if not listed or len(_WORD.findall(text, start, listed[0].word_start)) > 10:
        return []
    group = listed[:1]
    for m in listed[1:]:
        # a list of names, a stray word allowed before a separator ("لواء 99 مشاة، …")
        gap = text[group[-1].end:m.word_start]
        if not (_list_gap(gap, m, text) or (
                len(_WORD.findall(gap)) <= 2 and re.search(r"[،,]\s*(?:و)?\S*$", gap))):
            break
        group.append(m)
    members = [m.actor for m in group if _can_be_member(ctx, m.actor, coalition_id)]
    return [_Raw("JOIN", m, coalition_id, modality, alternatives, (), 0.7, hit.trigger.id,
                 hit.start, hit.end) for m in dict.fromkeys(members)]


def _coalition_in_the_news(ctx: Context, text: str, hit: TriggerHit, sent: Span
                           ) -> str | None:
    """The coalition a participle without a named one refers to: the last coalition named
    in this or the three sentences before. When a preposition follows the participle, the
    word after it must begin that coalition's name ("المنضمة إلى «الحرس»" for "الحرس
    الوطني"), else nothing is guessed."""
    earlier = [s for s in ctx.sentences if s.end <= sent.start][-3:]
    lo = earlier[0].start if earlier else sent.start
    named = [m for m in ctx.all_mentions if lo <= m.start and m.end <= hit.start
             and _can_be_coalition(ctx, m.actor) and _kind(ctx, m.actor) != "state_force"]
    words = _WORD.findall(text, hit.end, min(sent.end, hit.end + 30))
    if words and words[0] in hit.trigger.preps:
        # "المنضمة إلى «الحرس»": the body whose name begins so
        begun = [m for m in named if len(words) > 1
                 and text[m.start:m.end].removeprefix("و").startswith(words[1])]
        return begun[-1].actor if begun else None
    coalitions = [m for m in named if _is_coalition(ctx, m.actor)]
    return coalitions[-1].actor if coalitions else None


def _expels_object(text: str, hit: TriggerHit, left: list[FMention],
                   clause_start: int) -> bool:
    """Does this expulsion name who expels (the subject) and whom (the object)? A masdar
    without a pronoun ("أعلن C فصل X"، "قرار يقضي بفصل X"), an active verb ("فصلت C X"،
    "قال C إنه فصل X"); not a passive ("فُصل X من C") nor a masdar of the expelled
    ("طرده من C")."""
    t = hit.trigger
    if t.form == "masdar":
        return not hit.suffix
    if t.agent == "coalition":
        return True
    after = _WORD.findall(text, hit.end, min(len(text), hit.end + 20))[:1]
    if not after or after[0] in grammar().prepositions:
        return False  # "إنه أُخرج من الغرفة": a passive, nobody named after it
    before = _WORD.findall(text, max(clause_start, hit.start - 16), hit.start)
    if before and before[-1].removeprefix("و").removeprefix("ب") in _COMPLEMENT_PRONOUNS:
        return True  # "إنه فصل"، "أنها فصلت": the subject acts
    named = [m for m in left if m.end <= hit.start and
             not _WORD.findall(text, m.end, hit.start)]
    return bool(named)  # "الجبهة فصلت X"


def _expel(ctx: Context, text: str, hit: TriggerHit, left: list[FMention],
           right: list[FMention], sent: Span, modality: Modality,
           alternatives: tuple[str, ...], clause_start: int) -> list[_Raw]:
    """C expels X: X is the named object right after the trigger; C is named after it
    ("من C") or is the subject who expels (named before, or the sentence's subject when
    a pronoun stands for it: "قال C إنه فصل X")."""
    first = [m for m in right if len(_WORD.findall(text, hit.end, m.word_start)) <= 2
             and not _prep_before(text, m, _preps_any(), window=1) and not _described(text, m)]
    objects = _group_right(first[:1] + [m for m in right if first and m.start > first[0].start],
                           text) if first else []
    rest = [m for m in right if m.start >= objects[-1].end] if objects else []
    specified = False
    if not objects and _group_argument(text, hit.end, min(sent.end, hit.end + 30)):
        # "فصل 6 كتائب" … "الكتائب المفصولة، وهي: A، B"
        listed = set(_specified_members(ctx, text, hit, sent))
        objects = [m for m in ctx.all_mentions if m.actor in listed and m.start >= hit.end]
        objects = list({m.actor: m for m in reversed(objects)}.values())[::-1]
        rest = right
        specified = True
    if not objects:
        return []  # "فصل مجموعتين من صفوفه": the expelled are not named
    coalition_m, coalition_id = _coalition_after(ctx, text, hit, rest, sent.end)
    rule = hit.trigger.id + (":specified" if specified else ":object")
    if coalition_m is not None:
        coalition_id = coalition_m.actor
    else:
        subj = [m for m in _subject_candidates(left, text) if m.start >= clause_start]
        subj = subj or [m for m in left if m.start >= clause_start and _organ_of(text, m)]
        if not subj:
            subj = _subject_candidates([m for m in ctx.all_mentions
                                        if sent.start <= m.start and m.end <= hit.start],
                                       text)[:1]
        coalition_id = subj[-1].actor if subj else None
        rule += ":agent"
    if coalition_id is None or coalition_id == _PRONOUN:
        return []
    members = [m.actor for m in objects
               if m.actor != coalition_id and _can_be_member(ctx, m.actor, coalition_id)]
    return [_Raw("EXPEL", m, coalition_id, modality, alternatives, (), 0.75, rule,
                 hit.start, hit.end) for m in dict.fromkeys(members)]


def _organ_of(text: str, m: FMention) -> bool:
    """"القيادة العامة للواء X": X named through the organ that acts for it."""
    if text[m.word_start:m.start] not in ("ل", "و ل"):
        return False
    return grammar().organ.search(text, max(0, m.word_start - 30), m.word_start) is not None


def _purpose_of(text: str, head: TriggerHit, hit: TriggerHit) -> bool:
    """Is ``hit`` a purpose masdar ("لتشكيل"، "للانضمام") of the trigger ``head`` just
    before it in the same clause? Then it is what ``head`` aims at and takes its modality."""
    g = trigger_data()
    if hit.trigger.form != "masdar" or g.purpose_proclitic not in text[hit.start:hit.stem_start]:
        return False
    gap = text[head.end:hit.start]
    return not re.search(r"[،,؛;:.!?]", gap) and len(_WORD.findall(gap)) <= 8


def _own_act_filter(text: str, sent: Span, hit: TriggerHit,
                    right: Sequence[FMention] = ()) -> _OwnAct:
    """Which names before the trigger can be the subject whose act it is: none before a
    partitive pronoun subject ("بعضها … وأعلن انفصاله": some of them left), and no body
    named as the one a person holds a role in ("أعلن قائد مجلس X انشقاقه": his own act),
    unless the text makes the act his body's ("انضمام فصيله"، or a bare masdar he announces:
    "أعلن قائد X الانفصال عن Y")."""
    g = grammar()
    cut = max((m.end() for m in g.partitive_subject.finditer(text, sent.start, hit.start)),
              default=-1)
    if hit.trigger.form == "verb" and _unnamed_subject_after(text, hit, right):
        cut = hit.start  # "قبل أن ينشق الشيشاني عنه": the subject follows the verb
    if hit.trigger.form == "verb":
        # "ويتألف الفصيل من عدة مجموعات انشقت عن Y": the group noun right before the
        # verb is its subject
        near = trigger_data().group_nouns.find(text, max(sent.start, hit.start - 20), hit.start)
        if near and not _WORD.findall(text, near[-1].end(), hit.start):
            cut = max(cut, near[-1].end())
    window = text[max(0, hit.start - 40):hit.end + 30]
    bodys = bool(g.own_group.search(window)) or (hit.trigger.form == "masdar"
                                                  and not hit.suffix)

    def ok(m: FMention) -> bool:
        if m.start < cut:
            return False
        return bodys or not _role_of(text, m.word_start)

    return _OwnAct(ok, cut < 0)


def _in_time_adjunct(text: str, clause_start: int, hit: TriggerHit) -> bool:
    """Is the trigger inside a time phrase ("بعد أسابيع من انفصالها"، "قبل انضمامه"،
    "منذ خروجها")?"""
    words = [w.removeprefix("و") for w in
             _WORD.findall(text, max(clause_start, hit.start - 40), hit.start)[-4:]]
    if not words:
        return False
    if words[-1] in _TIME_ADJUNCTS:
        return True  # "قبل انضمامه"
    # "بعد أسابيع من انفصالها", not "بعد أقل من شهر انسحابها" (the verb's object)
    return words[-1] in ("من", "علي") and any(w in _TIME_ADJUNCTS for w in words[:-1])


def _agreeing(group: list[FMention], text: str, suffix: str) -> list[FMention]:
    """A subject the pronoun ``suffix`` can stand for: a list of several names takes ها
    whatever their heads; one name must agree with it (:func:`_agrees`)."""
    if len(group) == 1 and not _agrees(text, group[0], suffix):
        return []
    return group


def _agrees(text: str, m: FMention, suffix: str) -> bool:
    """Can the pronoun ``suffix`` (ه masculine, ها feminine) stand for the body named by
    ``m``? Decided by its head noun when it has a known one; otherwise yes."""
    g = grammar()
    head = _WORD.findall(text, m.start, m.end)[:1]
    if not head or suffix not in ("ه", "ها"):
        return True
    word = head[0].removeprefix("و")
    if suffix == "ها":
        return word not in g.masculine_heads
    return word not in g.feminine_heads


def _unnamed_subject_after(text: str, hit: TriggerHit, right: Sequence[FMention]) -> bool:
    """Does a definite noun that names no group follow the verb (verb–subject order:
    "انشق الشيشاني عنه")? Then the subject is not a body named before the verb."""
    m = re.match(r"\s*(\w+)", text[hit.end:hit.end + 40])
    if m is None:
        return False
    word = m.group(1)
    if not word.startswith(grammar().article) or len(word) < 5 or word in _NOT_SUBJECTS:
        return False
    start = hit.end + m.start(1)
    return not any(x.word_start <= start < x.end for x in right)


def _role_of(text: str, word_start: int) -> bool:
    """Is the name at ``word_start`` the body a person holds a role in ("قائد X"،
    "الناطق الرسمي باسم X"، "القائد العام لـX")?"""
    g = grammar()
    words = _WORD.findall(text, max(0, word_start - 40), word_start)
    for w in reversed(words[-4:]):
        bare = w.removeprefix("و")
        if bare in g.person_roles:
            return True
        if bare not in g.person_role_links:
            return False
    return False


def _before_publication(ctx: Context, text: str, hit: TriggerHit) -> DateValue | None:
    """"بعد أقل من ستة أشهر على اندماجها": an earlier event mentioned in passing; its date
    is only known to be before the report."""
    if not ctx.published or not grammar().elapsed.search(text[max(0, hit.start - 60):hit.start]):
        return None
    return DateValue(None, None, None, ctx.published, "relative")


def _founded_then(ctx: Context, coalition: str, sent: Span, hit: TriggerHit) -> bool:
    rec = ctx.actors.get(coalition)
    if rec is None or rec.active[0] is None:
        return False
    year = ctx.published[:4] if ctx.published else None
    return (year is not None and int(year) == rec.active[0]
            and trigger_data().new_body.search(ctx.nz.text, sent.start, sent.end))


def _in_parenthetical(text: str, m: FMention, hit: TriggerHit) -> bool:
    """"جيش الأحرار، الكتلة التي شكلها … داخل الحركة، انشق عنها": a name inside an
    appositive relative clause set off by commas is not the subject."""
    between = text[m.end:hit.start]
    if "،" not in between and "," not in between:
        return False
    before = text[max(0, m.word_start - 60):m.word_start]
    clause = re.split(r"[،,]", before)[-1]
    return bool(grammar().relative_anywhere.search(clause))




def _relative_antecedent(text: str, hit: TriggerHit, left: list[FMention],
                         clause_start: int) -> FMention | None:
    """"جند الأقصى، الذي انسحب من …": the name before the relative pronoun."""
    before = text[max(clause_start, hit.start - 30):hit.start]
    m = grammar().relative_before_verb.search(before)
    if not m or not left:
        return None
    rel_start = hit.start - len(before) + m.start()
    cands = [x for x in left if x.end <= rel_start and rel_start - x.end <= 4]
    return cands[-1] if cands else None


def _listed_members(ctx: Context, text: str, hit: TriggerHit, sent: Span,
                    coalition_m: FMention | None, after: int | None = None) -> list[str]:
    """Members of a count subject: a list after an introducer in this or the next sentence,
    else the last list of names seen."""
    data = trigger_data()
    start = coalition_m.end if coalition_m is not None else (after or hit.end)
    spans = [Span(start, sent.end)]
    spans += [s for s in ctx.sentences if s.start >= sent.end][:3]
    same = [m for m in ctx.all_mentions if spans[0].start <= m.start < spans[0].end
            and not _described(text, m) and not _prep_before(text, m, _preps_any(), 1)
            and ctx.visible_list(hit, m)
            and (coalition_m is None or m.actor != coalition_m.actor)]
    group = _group_right(same, text)
    if len(group) >= 2:
        return [m.actor for m in group]
    for sp in spans:
        intro = data.list_intro.find(text, sp.start, sp.end)
        if not intro:
            continue
        listed = [m for m in ctx.all_mentions if intro[0].end() <= m.start < sp.end
                  and not _described(text, m) and not _prep_before(text, m, _preps_any(), 1)
                  and ctx.visible_list(hit, m)]
        if listed:
            return [m.actor for m in listed]
    return list(ctx.last_list)


def _specified_members(ctx: Context, text: str, hit: TriggerHit, sent: Span,
                       ahead: int = 2) -> list[str]:
    """Members of an unnamed group argument ("فصل 6 كتائب"، "اندماج 6 فصائل"): the names an
    apposition gives for a group noun ("6 فصائل هي: A، B"، "الكتائب المفصولة، وهي: A، B"),
    after the trigger in this sentence or in one of the next ``ahead``."""
    data = trigger_data()
    spans = [Span(hit.end, sent.end), *[s for s in ctx.sentences if s.start >= sent.end][:ahead]]
    for sp in spans:
        for noun in data.specified_nouns.find(text, sp.start, sp.end):
            window_end = min(sp.end, noun.end() + 30)
            spec = data.group_specifiers.find(text, noun.end(), window_end)
            colon = text.find(":", noun.end(), window_end)
            ends = [m.end() for m in spec if len(_WORD.findall(text, noun.end(), m.start())) <= 2]
            if colon >= 0 and len(_WORD.findall(text, noun.end(), colon)) <= 3:
                ends.append(colon + 1)
            if not ends:
                continue
            start = min(ends)
            if text.find(":", start, start + 3) >= 0:
                start = text.find(":", start, start + 3) + 1
            after = [m for m in ctx.all_mentions if start <= m.start < sp.end
                     and not _described(text, m) and not _prep_before(text, m, _preps_any(), 1)]
            first = [m for m in after if len(_WORD.findall(text, start, m.word_start)) == 0]
            group = _group_right(first[:1] + [m for m in after if first and m.start > first[0].start],
                                 text) if first else []
            if len(group) >= 2:
                return [m.actor for m in group]
    return []


def _group_argument(text: str, start: int, end: int) -> bool:
    """Is a group noun ("6 فصائل"، "عدة كتائب") among the first words of text[start:end]?"""
    m = trigger_data().specified_nouns.find(text, start, end)
    return bool(m) and len(_WORD.findall(text, start, m[0].start())) <= 2


_FORMABLE = frozenset({"coalition", "faction", "jihadist_org"})


def _form(ctx: Context, text: str, hit: TriggerHit, left: list[FMention],
          right: list[FMention], sent: Span, modality: Modality, alternatives: tuple[str, ...],
          next_start: int) -> list[_Raw]:
    data = trigger_data()
    word = text[hit.start:hit.stem_start]
    if hit.trigger.type == "FORM" and hit.trigger.form == "masdar" and word.endswith(
            grammar().article):
        # "التشكيل الجديد", "بيان التشكيل": the noun for the body, not its founding
        return []
    # the new body: after a naming frame, else the first actor/quoted name after the trigger
    coalition: str | None = None
    name_frames = data.naming.find(text, hit.end, min(sent.end, hit.end + 250))
    announce = hit.trigger.form == "announce"

    def candidates(after: int) -> list[FMention]:
        return [m for m in right if m.start >= after and m.start - after < 40
                and not _described(text, m)
                and (announce or not _prep_before(
                    text, m, grammar().form_blockers, 1))
                and (ctx.actors.get(m.actor) is None or _kind(ctx, m.actor) in _FORMABLE)]

    # the first naming frame followed by a name wins ("…ومسمى واحد، أطلقوا عليه اسم «X»")
    search_from = name_frames[0].end() if name_frames else hit.end
    cands = candidates(search_from)
    for frame in name_frames[1:]:
        if cands:
            break
        search_from = frame.end()
        cands = candidates(search_from)
    if not cands and name_frames:
        search_from = name_frames[0].end()
    if hit.trigger.form == "announce":
        # "أُعلن عن جيش الفتح": only a coalition name directly after
        cands = [m for m in cands if m.word_start - hit.end <= 3 and (
            _is_coalition(ctx, m.actor) or ctx.actors.get(m.actor) is None)]
        if not cands:
            return []
    if grammar().relative_before_verb.search(text[max(sent.start, hit.start - 12):hit.start]):
        return []  # "الذي تشكل …", "التي شُكّلت الغرفة من أجلها": not a founding statement
    if cands:
        after_name = _WORD.findall(text, cands[0].end, min(sent.end, cands[0].end + 20))[:1]
        if after_name and after_name[0] in data.constitutes:
            return []  # "تشكل X عموده الفقري": constitutes
        coalition = cands[0].actor
        coalition_end = cands[0].end
    else:
        quoted = _new_name_after(ctx, text, search_from, sent.end)
        if quoted is None:
            return []
        s, e, name = quoted
        if not _names_the_new_body(text, search_from, s):
            return []
        if _described_at(text, _word_start(text, max(0, s - 1))) or any(
                d.start() == 0 for d in data.descriptors.find(name)):
            return []  # "تشكيل لـ«مواجهة X»": a purpose, not a name
        if data.excluded_heads.search(name[:12]):
            return []  # a government, court or committee, not an armed body
        coalition = _register_new(ctx, s, e, name)
        coalition_end = e
    # founders: a subject list before the trigger, or a list after an introducer
    founders: list[str] = []
    subj = _group_left(_subject_candidates(left, text), text, hit.start)
    if subj and hit.trigger.form != "announce":
        founders = [m.actor for m in subj]
    intro = data.list_intro.find(text, coalition_end, sent.end)
    if intro:
        pool = right
        if ctx.tree is not None and _describes(ctx.tree, text, coalition_end, intro[0].start()):
            # "تشكيل غرفة X التي تضم A وB": the relative clause describes the new body
            pool = [m for m in ctx.sentence_mentions if m.start >= coalition_end]
        after = [m for m in pool if m.start >= intro[0].end()]
        founders += [m.actor for m in _group_right(after, text)]
    if not founders and _group_argument(text, hit.end, min(sent.end, hit.end + 30)):
        # "اندماج 6 فصائل تحت اسم X" … "الفصائل هي: A، B": the group noun's apposition
        founders = _specified_members(ctx, text, hit, sent, ahead=3)
    founders = [f for f in dict.fromkeys(founders) if f != coalition]
    ctx.last_coalition = coalition
    if not founders:
        return [_Raw("FORM", None, coalition, modality, alternatives, (), 0.8, hit.trigger.id,
                     hit.start, hit.end)]
    parts = tuple(founders)
    return [_Raw("FORM", f, coalition, modality, alternatives, parts, 0.8, hit.trigger.id,
                 hit.start, hit.end) for f in founders]


def _names_the_new_body(text: str, after: int, s: int) -> bool:
    """Is the quoted text starting at ``s`` the new body's name? It follows the trigger (or
    the naming frame) closely, with no preposition or relative clause in between ("بيان
    التأسيس الذي قرأه أمينها العام «…»"، "على يد «…»"، "فرعاً لها في «…»")."""
    g = grammar()
    between = _WORD.findall(text, after, s)
    if len(between) > 4:
        return False
    for w in between:
        bare = w.removeprefix("و")
        if bare in g.prepositions or g.relative_anywhere.fullmatch(bare):
            return False
    return True


def _describes(tree: ClauseTree, text: str, name_end: int, pos: int) -> bool:
    """Is ``pos`` inside a relative clause that opens right after the name ending at
    ``name_end`` (its antecedent)?"""
    c = tree.clauses[tree.at(pos)]
    gap = text[name_end:c.start]
    return c.function == "relative" and len(gap) <= 4 and not any(ch.isalnum() for ch in gap)


def _register_new(ctx: Context, s: int, e: int, name: str) -> str:
    from tahaluf.lexicon.discovery import discovered_id

    o_s, o_e = ctx.nz.to_original(s, e)
    surface = ctx.nz.original[o_s:o_e]
    aid = discovered_id(name)
    if aid not in ctx.new_actors and aid not in ctx.actors:
        ctx.new_actors[aid] = ActorRecord(aid, surface, surface, "coalition", None, known=False,
                                          source="discovered as the name of a new body")
    if not any(m.span.start == o_s and m.span.end == o_e for m in ctx.new_mentions):
        ctx.new_mentions.append(Mention(Span(o_s, o_e), "actor", aid, "discovery:named-body",
                                        surface))
    return aid


def _dissolve(ctx: Context, text: str, hit: TriggerHit, left: list[FMention],
              right: list[FMention], modality: Modality) -> list[_Raw]:
    coalition: str | None = None
    after = text[hit.end:hit.end + 30]
    if grammar().dissolve_into_merger.match(after):
        return []  # "حل نفسه والاندماج في …": a merger, handled by its own trigger
    left = [m for m in left if not _described(text, m) and _can_be_coalition(ctx, m.actor)]
    right = [m for m in right if _can_be_coalition(ctx, m.actor)]
    # "حل جيش الفتح" / "تفكك الجبهة الشامية": the genitive right after the trigger
    if right and right[0].word_start - hit.end <= 2:
        coalition = right[0].actor
    elif grammar().reflexive_stem in text[hit.start:hit.end + 8] or hit.trigger.form == "verb":
        subj = _group_left(_subject_candidates(left, text), text, hit.start)
        if subj:
            coalition = subj[-1].actor
    elif hit.trigger.form == "verb_genitive" and left:
        # "يكون جيش الفتح قد انتهى": a coalition right before the verb, nothing but an
        # auxiliary between them (no comma: "…وقيادة الهيئة، انتهى بالاتفاق" is a meeting)
        last = left[-1]
        gap = text[last.end:hit.start]
        if (_is_coalition(ctx, last.actor) and len(_WORD.findall(gap)) <= 1
                and not re.search(r"[^\w\s]", gap)):
            coalition = last.actor
    if coalition is None and hit.suffix and hit.suffix != grammar().first_person:
        # "جيش الفتح، الذي أسقط إدلب، انفرط عقده": the body named earlier in the sentence
        earlier = [m for m in ctx.all_mentions if m.end <= hit.start
                   and m.start >= max(0, hit.start - 200) and _is_coalition(ctx, m.actor)
                   and ctx.visible(hit, m)]
        subj = [m for m in _subject_candidates(earlier, text) if not _described(text, m)]
        same_sentence = [m for m in subj if not any(
            s.start <= hit.start < s.end and m.start < s.start for s in ctx.sentences)]
        if same_sentence:
            coalition = same_sentence[0].actor
    if coalition is None:
        return []
    return [_Raw("DISSOLVE", None, coalition, modality, (), (), 0.75, hit.trigger.id,
                 hit.start, hit.end)]


def _rename(ctx: Context, text: str, hit: TriggerHit, left: list[FMention],
            right: list[FMention], sent: Span, modality: Modality,
            clause_start: int) -> list[_Raw]:
    """"غيّرت X اسمها إلى Y", "بات يُعرف باسم Y", "X صارت Y": member = old, coalition = new."""
    new_names: list[str] = []
    for m in right:
        if m.start - hit.end > 60 or len(new_names) >= 3:
            break
        if _described(text, m) or _prep_before(text, m, grammar().rename_blockers, 1):
            continue
        new_names.append(m.actor)
    if not new_names:
        quoted = _new_name_after(ctx, text, hit.end, sent.end)
        if quoted is None or quoted[0] - hit.end > 20:
            return []
        s, e, name = quoted
        new_names = [_register_new(ctx, s, e, name)]
    subjects = [m for m in _subject_candidates(left, text) if not _partitive(text, m)]
    old: str | None = None
    if subjects:
        old = _group_left(subjects, text, hit.start)[-1].actor
    else:
        earlier = [m for m in ctx.all_mentions if sent.start <= m.start and m.end <= hit.start
                   and ctx.visible(hit, m)]
        earlier = _subject_candidates(earlier, text)
        if earlier:
            old = earlier[-1].actor
        elif ctx.last_subject:
            old = ctx.last_subject[0]
    if old is None:
        return []
    out = [_Raw("RENAME", old, new, modality, (), (), 0.75, hit.trigger.id, hit.start, hit.end)
           for new in dict.fromkeys(new_names) if new != old]
    if out:
        ctx.last_subject = [old]
    return out


# --- memberships -----------------------------------------------------------------------

def extract_memberships(ctx: Context, sent: Span, fms: list[FMention],
                        events: list[Event]) -> list[Membership]:
    data = trigger_data()
    text = ctx.nz.text
    out: list[Membership] = []
    s_o, e_o = ctx.nz.to_original(sent.start, sent.end)
    as_of = ctx.date_for(sent.start, sent.end, sent.start, sent.end)
    formed = {e.coalition for e in events if e.type == "FORM"}
    for ms, me in ctx.phrase_spans("member_of", sent.start, sent.end):
        before = [x for x in fms if x.end <= ms and ms - x.end <= 12]
        after = [x for x in fms if x.start >= me and x.word_start - me <= 12]
        if before and after:
            coal = after[0].actor
            for mem in _group_left(before, text, ms):
                if mem.actor != coal:
                    out.append(Membership(mem.actor, coal, as_of, Span(s_o, e_o)))
    for ms, me in ctx.phrase_spans("includes", sent.start, sent.end):
        before = [x for x in fms if x.end <= ms and ms - x.end <= 12]
        if not before:
            continue
        coal = before[-1].actor
        if coal in formed or (not _is_coalition(ctx, coal) and ctx.actors.get(coal) is not None):
            continue
        listed = _list_after(text, fms, me, sent.end, data.includes_fillers)
        for mem in listed:
            if mem.actor != coal:
                out.append(Membership(mem.actor, coal, as_of, Span(s_o, e_o)))
    # "فصائل من الجيش الحر، بينها A وB"
    for ms, me in ctx.phrase_spans("partitive_lists", sent.start, sent.end):
        before = [x for x in fms if x.end <= ms and ms - x.end <= 6]
        if not before or not _partitive_of(text, before[-1]):
            continue
        coal = before[-1].actor
        for mem in _list_after(text, fms, me, sent.end, data.includes_fillers):
            if mem.actor != coal:
                out.append(Membership(mem.actor, coal, as_of, Span(s_o, e_o)))
    seen: set[tuple[str, str]] = set()
    unique = []
    for ms_ in out:
        if (ms_.member, ms_.coalition) not in seen:
            seen.add((ms_.member, ms_.coalition))
            unique.append(ms_)
    out = unique
    return out


def _list_after(text: str, fms: list[FMention], start: int, end: int,
                fillers: frozenset[str]) -> list[FMention]:
    """The list of names after ``start``, skipping filler words (أيضاً، فصائل، أبرزها …)."""
    cands = [x for x in fms if start <= x.word_start < end]
    if not cands:
        return []
    first = cands[0]
    words = _WORD.findall(text, start, first.word_start)
    if any(w not in fillers for w in words) or len(words) > 5:
        return []
    return _group_right(cands, text)


def _partitive_of(text: str, m: FMention) -> bool:
    """"فصائل من الجيش الحر" / "فصائل في الجيش الوطني": a group noun, a preposition, the name."""
    words = _WORD.findall(text, max(0, m.word_start - 30), m.word_start)[-2:]
    clitic = text[m.word_start:m.start]
    g = grammar()
    if len(words) == 2 and words[1] in g.partitive_preps and trigger_data().group_nouns.search(
            words[0]):
        return True
    return bool(words) and clitic in g.partitive_clitics and trigger_data().group_nouns.search(
        words[-1])


# --- other events ----------------------------------------------------------------------

def extract_other(ctx: Context, sent: Span, fms: list[FMention], places: list[FMention],
                  quantities: list[tuple[int, int, Quantity]]) -> list[OtherEvent]:
    text = ctx.nz.text
    out: list[OtherEvent] = []
    s_o, e_o = ctx.nz.to_original(sent.start, sent.end)
    for hit in ctx.hits_in(sent.start, sent.end, other=True):
        t = hit.trigger
        left = _group_left(_subject_candidates([m for m in fms if m.end <= hit.start], text),
                           text, hit.start)
        right = [m for m in fms if m.start >= hit.end]
        date = ctx.date_for(sent.start, sent.end, hit.start, hit.end)
        modality = _modality(text, sent.start, sent.start, hit, hedged=False)
        if t.type == "STANCE":
            target = next((m for m in right if m.word_start - hit.end <= 3), None)
            if target is None:
                continue
            actor = left[-1].actor if left else (ctx.last_subject[0] if ctx.last_subject else None)
            if actor is None or actor == target.actor:
                continue
            out.append(OtherEvent("STANCE", actor, Span(s_o, e_o), target=target.actor,
                                  date=date, modality=modality, actors=(actor,)))
            continue
        place = next((p for p in places if p.start >= hit.end and p.start - hit.end <= 60), None)
        if place is None:
            continue
        # verb-subject order: "كان يرابط عليها جيش الفتح (وأهمها الحاضر)"
        vso = [m for m in fms if hit.end <= m.start < place.start
               and len(_WORD.findall(text, hit.end, m.word_start)) <= 2
               and not _prep_before(text, m, _preps_any(), 1)]
        actors = [m.actor for m in _group_right(vso, text)] if vso else [m.actor for m in left]
        if not actors:
            # "X ... بعد تحرير إدلب": the subject of the sentence
            subj = _subject_candidates([m for m in fms if m.end <= hit.start], text)
            after = [m for m in fms if hit.end <= m.start < place.start]
            if after and t.type in ("HOLD",):
                actors = [after[0].actor]
            elif subj:
                actors = [subj[0].actor]
            elif after:
                actors = [after[0].actor]
        if not actors:
            continue
        qty = None
        if t.type == "ADVANCE":
            qty = next((q for s, e, q in quantities if s >= hit.end and s - hit.end <= 30), None)
        if any(o.type == t.type and o.actor == actors[0] and o.place == place.actor
               for o in ctx.other_seen):
            continue
        ev = OtherEvent(t.type, actors[0], Span(s_o, e_o), place=place.actor,
                        quantity=qty, date=date, modality=modality, actors=tuple(actors))
        ctx.other_seen.append(ev)
        out.append(ev)
    return out


def publication_date(published: str | None) -> DateValue:
    if not published:
        return UNKNOWN_DATE
    return DateValue(published, "day", published, published, "published")
