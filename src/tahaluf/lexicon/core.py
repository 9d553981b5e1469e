"""The lexicon: actors and places loaded from data files, and recognition in a document."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from tahaluf.lexicon.actors import actor_files, files_version, load_actors
from tahaluf.lexicon.discovery import bare_key, discover
from tahaluf.lexicon.matcher import Entry, Hit, Matcher, span_of
from tahaluf.lexicon.schema import ActorRecord, PlaceRecord
from tahaluf.resources import data_dir, load_yaml
from tahaluf.text.normalize import Normalized, fold, normalize
from tahaluf.types import Mention, Span

_WORD = re.compile(r"\w+")
_LATIN_FOLD = str.maketrans({"-": " ", "'": "", "’": "", "‘": "", "`": "", "ʿ": "", "ʾ": "",
                             ".": " ", ",": " "})


def latin_key(name: str) -> str:
    """Fold an English transliteration: case, diacritics, hyphens, doubled vowels."""
    import unicodedata

    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().translate(_LATIN_FOLD)
    s = re.sub(r"\b(al|el|ad|ar|as|ash|an|az|at)\s+", "al ", s)
    for a, b in (("ay", "ai"), ("ei", "ai"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ph", "f"),
                 ("kh", "k"), ("q", "k"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("w", "u"),
                 ("e", "a"), ("o", "u"), ("y", "i")):
        s = s.replace(a, b)
    s = re.sub(r"(.)\1+", r"\1", s)
    return " ".join(s.split())


#: a bare name that is several places resolves to the most local one
_LEVEL_RANK = {"city": 0, "town": 1, "village": 2, "neighbourhood": 3, "landmark": 3,
               "subdistrict": 4, "district": 5, "region": 6, "governorate": 7, "country": 8}


@dataclass(frozen=True, slots=True)
class Recognized:
    mentions: tuple[Mention, ...]
    discovered: tuple[ActorRecord, ...]
    #: folded-coordinate ranges of actor mentions, parallel to the actor mentions
    folded: Normalized | None = None


@dataclass
class Lexicon:
    actors: dict[str, ActorRecord]
    places: dict[str, PlaceRecord]
    version: str
    matcher: Matcher = field(repr=False)
    cues: frozenset[str] = frozenset()
    battle_heads: tuple[tuple[str, ...], ...] = ()
    _by_key: dict[str, list[Entry]] = field(default_factory=dict, repr=False)
    _latin: dict[str, str] = field(default_factory=dict, repr=False)
    anaphors: dict[str, dict[str, str | None]] = field(default_factory=dict, repr=False)
    anaphor_re: re.Pattern[str] = field(default=re.compile("(?!x)x"), repr=False)
    anaphor_need_pause: frozenset[str] = frozenset()
    #: a known group's name without its head noun ("شباب السنه" for "قوات شباب السنه"), so
    #: that "فصيل شباب السنة" found by discovery resolves to the known group
    _by_bare_name: dict[str, str] = field(default_factory=dict, repr=False)
    _folded_names: dict[str, str] = field(default_factory=dict, repr=False)
    _battle_cache: tuple[str | None, bool] = field(default=(None, False), repr=False)

    # --- lookup -----------------------------------------------------------------------
    def actor(self, actor_id: str) -> ActorRecord | None:
        return self.actors.get(actor_id)

    def resolve(self, name: str) -> ActorRecord | None:
        """An actor named in Arabic or English (clitics, spelling variants) → its record."""
        if name in self.actors:
            return self.actors[name]
        key = fold(name).strip().strip('"')
        candidates = [key]
        for p in ("وال", "بال", "فال", "كال", "لل", "و", "ف", "ب", "ل", "ك"):
            if key.startswith(p) and len(key) > len(p) + 2:
                stem = key[len(p):]
                candidates.append("ال" + stem if p.endswith("ال") or p == "لل" else stem)
        for k in candidates:
            for e in self._by_key.get(k, []):
                if e.kind == "actor":
                    return self.actors.get(e.entity)
        lk = latin_key(name)
        if lk in self._latin:
            return self.actors.get(self._latin[lk])
        if self._latin and re.search(r"[a-z]", lk):
            best = process.extractOne(lk, list(self._latin), scorer=fuzz.ratio, score_cutoff=88)
            if best:
                return self.actors.get(self._latin[best[0]])
        return None

    # --- recognition ------------------------------------------------------------------
    def recognize(self, text: str, nz: Normalized | None = None,
                  year: int | None = None) -> Recognized:
        """Actor and place mentions, then anaphors (الهيئة، الغرفة …) and unknown groups.

        ``year`` (of publication) picks among actors that share a name by their active years.
        """
        nz = nz or normalize(text)
        hits = Matcher.longest(self.matcher.hits(nz.text))
        mentions: list[Mention] = []
        named: set[str] = set()
        taken: list[tuple[int, int]] = []
        pending: list[tuple[Hit, Entry]] = []
        # first pass: full names, so short forms can look back (and forward, for headlines)
        place_hits = [h for h in hits if any(e.kind == "place" for e in h.entries)]
        for h in hits:
            entry = self._choose(h, named, nz.text)
            if entry is None and any(e.kind == "place" for e in h.entries) \
                    and self._next_to_place(nz.text, h, place_hits):
                entry = next(e for e in h.entries if e.kind == "place")
            if entry is None:
                continue
            if entry.flag in ("short", "ambiguous"):
                pending.append((h, entry))
                continue
            if entry.kind == "actor":
                named.add(entry.entity)
            self._emit(nz, h, entry, mentions, taken, entry.kind == "actor")
        for h, entry in pending:
            resolved = self._resolve_short(h, named)
            if resolved is None and entry.flag == "short" and _glossed(nz.text, h):
                resolved = Entry(entry.key, entry.entity, "actor", "short")
                named.add(entry.entity)
            if resolved is None and entry.flag == "ambiguous":
                resolved = self._by_year(h, year)
            if resolved is not None:
                self._emit(nz, h, resolved, mentions, taken, True)
        found = discover(nz, taken)
        discovered: dict[str, ActorRecord] = {}
        for d in found:
            if any(d.end <= a <= d.end + 3 and not nz.text[d.end:a].strip(' "')
                   for a, _b in taken):
                continue  # 'فرقة "السلطان…"': the name is cut by a known actor's name
            s, e = nz.to_original(d.start, d.end)
            # places inside a group's name ("غرفة عمليات ريف حماة") are part of the name
            mentions = [m for m in mentions
                        if not (m.kind == "place" and s <= m.span.start and m.span.end <= e)]
            known = self._by_bare_name.get(bare_key(d.head, d.bare_name))
            if known is not None:
                mentions.append(Mention(Span(s, e), "actor", known, "discovery:known", text[s:e]))
                continue
            mentions.append(Mention(Span(s, e), "actor", d.record.id, "discovery",
                                    text[s:e]))
            discovered.setdefault(d.record.id, d.record)
        for d in found:
            taken.append((d.start, d.end))
        mentions.sort(key=lambda m: m.span.start)
        self._anaphora(nz, mentions, taken)
        mentions.sort(key=lambda m: (m.span.start, m.span.end))
        return Recognized(tuple(mentions), tuple(discovered.values()), nz)

    def _choose(self, h: Hit, named: set[str], folded: str) -> Entry | None:
        actors = [e for e in h.entries if e.kind == "actor"]
        if actors:
            full = [e for e in actors if e.flag == "full"]
            return full[0] if full else actors[0]
        places = [e for e in h.entries if e.kind == "place"]
        if not places:
            return None
        before = _WORD.findall(folded[max(0, h.word_start - 12):h.word_start])
        admin = bool(before) and before[-1] in ("محافظه", "محافظات", "ولايه")
        p = min(places, key=lambda e: self._place_rank(e.entity, admin))
        if p.flag == "context" and not self._has_cue(folded, h):
            return None
        return p

    def _by_year(self, h: Hit, year: int | None) -> Entry | None:
        cands = [e for e in h.entries if e.kind == "actor"]
        if year is not None:
            fitting = []
            for e in cands:
                rec = self.actors.get(e.entity)
                lo, hi = rec.active if rec else (None, None)
                if (lo is None or lo - 1 <= year) and (hi is None or year <= hi + 1):
                    fitting.append(e)
            if not fitting:
                # a document cannot name a group founded after it was written
                cands = [e for e in cands if (self.actors[e.entity].active[0] or 0) <= year + 1
                         ] if any((self.actors[e.entity].active[0] or 0) <= year + 1
                                  for e in cands if e.entity in self.actors) else cands
            if not fitting:
                # none active that year: the one whose activity ended closest to it
                def distance(e: Entry) -> int:
                    rec = self.actors.get(e.entity)
                    lo, hi = rec.active if rec else (None, None)
                    ref = hi if hi is not None else (lo if lo is not None else year)
                    return abs(year - ref)
                fitting = sorted(cands, key=distance)[:1]
            cands = fitting
        return Entry(cands[0].key, cands[0].entity, "actor", "ambiguous") if cands else None

    def _anaphora(self, nz: Normalized, mentions: list[Mention],
                  taken: list[tuple[int, int]]) -> None:
        """Definite head nouns (الهيئة، الغرفة، الحركة …) standing alone refer back to the
        last actor named with that head, or of the matching coalition kind."""
        if not self.anaphors:
            return
        text = nz.text
        actor_mentions = [m for m in mentions if m.kind == "actor" and m.entity_id]
        if not actor_mentions:
            return
        starts = [nz.to_folded(m.span.start) for m in actor_mentions]
        for match in self.anaphor_re.finditer(text):
            s, e = match.start("noun"), match.end("noun")
            if any(a < e and s < b for a, b in taken):
                continue
            nxt = text[e:e + 12].lstrip(' "')
            if nxt.startswith("ال") or nxt[:1].isdigit() or (
                    nxt[:1].isalpha() and match.group("noun") in self.anaphor_need_pause):
                continue  # "الجيش الوطني"، "الغرفة 51": a name, not an anaphor
            head = match.group("noun")
            rule = self.anaphors[head]
            target = None
            for m, fs in zip(reversed(actor_mentions), reversed(starts), strict=True):
                if fs >= s:
                    continue
                rec = self.actors.get(m.entity_id or "")
                name = self._folded_names.get(m.entity_id or "") or fold(m.surface)
                if rule["head"] and (name.startswith(rule["head"] + " ")
                                     or text[fs:fs + len(rule["head"]) + 1] == rule["head"] + " "):
                    target = m.entity_id
                    break
                if rec and rule["coalition_kind"] and rec.coalition_kind == rule["coalition_kind"]:
                    target = m.entity_id
                    break
            if target is None:
                continue
            os_, oe = nz.to_original(s, e)
            mentions.append(Mention(Span(os_, oe), "actor", target, "anaphora", nz.original[os_:oe]))
            taken.append((s, e))

    def _place_rank(self, place_id: str, admin: bool) -> int:
        """A bare name that is both a city and its governorate is the city, unless
        "محافظة" stands before it."""
        rec = self.places.get(place_id)
        rank = _LEVEL_RANK.get(rec.level if rec else "", 9)
        return -rank if admin else rank

    def _resolve_short(self, h: Hit, named: set[str]) -> Entry | None:
        for e in h.entries:
            if e.kind == "actor" and e.entity in named:
                return Entry(e.key, e.entity, "actor", "short")
        return None

    def _next_to_place(self, folded: str, h: Hit, places: list[Hit]) -> bool:
        """"الحاضر والعيس": a place word coordinated with a sure place is a place."""
        for p in places:
            if p is h or any(e.flag == "context" for e in p.entries if e.kind == "place"):
                continue
            gap = folded[h.end:p.word_start] if p.start > h.end else folded[p.end:h.word_start]
            if gap.strip() in ("", "،", ",") and (folded[p.word_start:p.start] == "و" or
                                                  folded[h.word_start:h.start] == "و"):
                return True
        return False

    def _has_cue(self, folded: str, h: Hit) -> bool:
        prefix = folded[h.word_start:h.start]
        if prefix.endswith(("ب", "ل")) or h.contracted:
            return True
        before = _WORD.findall(folded[max(0, h.word_start - 30):h.word_start])
        return bool(before) and before[-1] in self.cues

    def _battle_words_in(self, folded: str) -> bool:
        """Whether any battle-name head occurs in the text at all (checked once per text)."""
        if self._battle_cache[0] is not folded:
            found = any(head[0] in folded for head in self.battle_heads)
            self._battle_cache = (folded, found)
        return self._battle_cache[1]

    def _in_battle_name(self, folded: str, h: Hit) -> bool:
        before = _WORD.findall(folded[max(0, h.word_start - 40):h.word_start])
        for head in self.battle_heads:
            n = len(head)
            if len(before) >= n and tuple(before[-n:]) == head:
                return True
            if len(before) >= n and tuple(before[-n - 0:]) == head:
                return True
        return False

    def _emit(self, nz: Normalized, h: Hit, entry: Entry, out: list[Mention],
              taken: list[tuple[int, int]], blocks_discovery: bool = True) -> None:
        s, e = span_of(nz, h)
        rule = f"lexicon:{entry.flag}"
        if entry.kind == "place" and self._battle_words_in(nz.text) and \
                self._in_battle_name(nz.text, h):
            rule = "lexicon:in-name"
        out.append(Mention(Span(s, e), entry.kind, entry.entity, rule, nz.original[s:e]))
        if blocks_discovery:
            taken.append((h.word_start, h.end))


def _entries(actors: Iterable[ActorRecord], places: Iterable[PlaceRecord],
             context_places: frozenset[str], drop: frozenset[str]) -> list[Entry]:
    from tahaluf.lexicon.places import load_stoplist, needs_context, place_surface_forms

    out: list[Entry] = []
    for a in actors:
        shared = {fold(n) for n in a.ambiguous_ar}
        for name in (a.name_ar, *a.aliases_ar):
            if fold(name) not in shared:
                out.append(Entry(fold(name), a.id, "actor", "full"))
        for name in a.short_ar:
            out.append(Entry(fold(name), a.id, "actor", "short"))
        for name in a.ambiguous_ar:
            out.append(Entry(fold(name), a.id, "actor", "ambiguous"))
    stop = load_stoplist()
    for p in places:
        own = {fold(n) for n in (p.name_ar, *p.aliases_ar)}
        for key in place_surface_forms(p, stop):
            if key in drop:
                continue
            # a form without its article, or a common word, needs a cue (في، مدينة، ريف …)
            context = key not in own or key in context_places or needs_context(key, stop)
            out.append(Entry(key, p.id, "place", "context" if context else "full"))
    return out


def _load_places() -> list[PlaceRecord]:
    from tahaluf.lexicon.places import load_places

    return list(load_places())


def build_lexicon(actors: list[ActorRecord], places: list[PlaceRecord] | None = None,
                  *, context_places: frozenset[str] = frozenset(),
                  drop_places: frozenset[str] = frozenset(), version: str = "custom") -> Lexicon:
    places = places or []
    entries = _entries(actors, places, context_places, drop_places)
    by_key: dict[str, list[Entry]] = {}
    for e in entries:
        by_key.setdefault(e.key, []).append(e)
    latin: dict[str, str] = {}
    for a in actors:
        for name in (a.name_en, *a.aliases_en):
            latin.setdefault(latin_key(name), a.id)
    cues_spec = load_yaml("place_cues.yaml")
    ana_spec = load_yaml("anaphora.yaml")
    anaphors: dict[str, dict[str, str | None]] = {}
    for item in ana_spec["nouns"]:
        anaphors[fold(item["noun"])] = {"head": fold(item["head"]) if item.get("head") else None,
                                        "coalition_kind": item.get("coalition_kind")}
    alt = "|".join(sorted((re.escape(k) for k in anaphors), key=len, reverse=True))
    anaphor_re = re.compile(rf"(?<!\w)(?:و|ف|ب|ل|وب|ول|فب|فل)?(?P<noun>{alt})(?!\w)") if alt \
        else re.compile("(?!x)x")
    from tahaluf.lexicon.discovery import head_words

    heads = head_words()
    by_bare: dict[str, str] = {}
    clashes: set[str] = set()
    for a in actors:
        for name in (a.name_ar, *a.aliases_ar):
            words = fold(name).split()
            if len(words) >= 2 and words[0] in heads:
                bare = bare_key(words[0], " ".join(words[1:]))
                if by_bare.get(bare, a.id) != a.id:
                    clashes.add(bare)
                by_bare.setdefault(bare, a.id)
    for bare in clashes:
        by_bare.pop(bare, None)
    return Lexicon(
        _by_bare_name=by_bare, _folded_names={a.id: fold(a.name_ar) for a in actors},
        actors={a.id: a for a in actors}, places={p.id: p for p in places}, version=version,
        matcher=Matcher(entries), cues=frozenset(fold(c) for c in cues_spec["cues"]),
        battle_heads=tuple(tuple(fold(h).split()) for h in cues_spec["battle_heads"]),
        _by_key=by_key, _latin=latin, anaphors=anaphors, anaphor_re=anaphor_re,
        anaphor_need_pause=frozenset(fold(w) for w in ana_spec.get("need_pause", [])))


@functools.cache
def load_lexicon() -> Lexicon:
    """The packaged lexicon (plus places the user imported), loaded once per process."""
    from tahaluf.lexicon.places import user_place_files

    files = actor_files() + sorted((data_dir() / "places").glob("*")) + user_place_files()
    return build_lexicon(load_actors(), _load_places(), version=files_version(files))


def _glossed(folded: str, h: Hit) -> bool:
    """'"غرفة العمليات الموحدة" (عزم)': a short name in brackets right after a name is the
    gloss of that name, safe without an earlier full mention."""
    before = folded[max(0, h.word_start - 3):h.word_start].rstrip()
    after = folded[h.end:h.end + 2].lstrip()
    if not (before.endswith("(") and after.startswith(")")):
        return False
    prev = folded[max(0, h.word_start - 40):h.word_start].rstrip(" (\"")
    return bool(prev) and prev[-1].isalpha()
