"""Actor search: the KB's resolver first (Arabic or English, clitics, variants), then a
fuzzy list over every stored name (transliteration variants, typos, partial names)."""

from __future__ import annotations

import bisect
import itertools
import threading
import time
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from tahaluf.api import queries
from tahaluf.errors import NotFoundError
from tahaluf.kb import KB, ActorRef
from tahaluf.lexicon.core import latin_key
from tahaluf.text.normalize import fold

#: seconds between checks whether new actors were stored (by an ingest elsewhere)
RECHECK_SECONDS = 5.0
#: resolver answers kept (cleared when actors change)
RESOLVE_CACHE = 20_000


def search_key(text: str) -> str:
    """Folded Arabic and a folded Latin transliteration key, in one string."""
    return latin_key(fold(text)).replace("-", " ").strip()


@dataclass(frozen=True, slots=True)
class Match:
    actor: ActorRef
    name: str
    score: float

    def to_json(self) -> dict[str, Any]:
        a = self.actor
        return {"actor": {"id": a.id, "name_en": a.name_en, "name_ar": a.name_ar,
                          "kind": a.kind, "coalition_kind": a.coalition_kind,
                          "known": a.known},
                "name": self.name, "score": round(self.score, 1)}


class ActorIndex:
    """Names of every stored actor, rebuilt when the number of actors changes."""

    def __init__(self, kb: KB) -> None:
        self.kb = kb
        self._lock = threading.Lock()
        self._count = -1
        self._checked = 0.0
        self._keys: list[str] = []
        self._names: list[tuple[str, str]] = []
        self._refs: dict[str, ActorRef] = {}
        self._sorted: list[tuple[str, int]] = []
        self._list: list[ActorRef] = []
        self._blob = ""
        self._starts: list[int] = []
        self._resolved: dict[str, ActorRef | None] = {}

    def invalidate(self) -> None:
        self._checked = 0.0
        self._resolved = {}

    def _ensure(self) -> None:
        now = time.monotonic()
        if now - self._checked < RECHECK_SECONDS:
            return
        with self._lock:
            if now - self._checked < RECHECK_SECONDS:
                return
            count = queries.actor_count(self.kb)
            if count != self._count:
                names = queries.actor_names(self.kb)
                self._list = self.kb.actors()
                self._refs = {a.id: a for a in self._list}
                self._names = [(i, n) for i, n in names if i in self._refs]
                self._keys = [search_key(n) for _, n in self._names]
                self._sorted = sorted((k, i) for i, k in enumerate(self._keys))
                self._blob = "\n".join(self._keys)
                self._starts = list(itertools.accumulate(
                    (len(k) + 1 for k in self._keys[:-1]), initial=0))
                self._resolved = {}
                self._count = count
            self._checked = now

    def actors(self) -> list[ActorRef]:
        """Every stored actor, by id (refreshed like the names)."""
        self._ensure()
        return self._list

    def ref(self, actor_id: str) -> ActorRef | None:
        self._ensure()
        return self._refs.get(actor_id)

    def fuzzy(self, query: str, limit: int = 10, cutoff: float = 55.0) -> list[Match]:
        """Closest actors by any of their names, best first, one entry per actor: names
        that start with the query, then contain it, then are similar to it (typos,
        transliteration variants)."""
        return [m for m, _ in self._fuzzy(query, limit, cutoff)]

    def _fuzzy(self, query: str, limit: int, cutoff: float) -> list[tuple[Match, float]]:
        """Matches with their plain similarity (0–100), which gates the KB resolver."""
        self._ensure()
        key = search_key(query)
        if not key:
            return []
        keys, names, refs, order = self._keys, self._names, self._refs, self._sorted
        scores: dict[int, tuple[float, float]] = {}  # index → (rank score, similarity)
        lo = bisect.bisect_left(order, (key, -1))
        for k, i in order[lo:lo + limit * 4]:
            if not k.startswith(key):
                break
            scores[i] = (90.0 + 10.0 * len(key) / len(k), 0.0)
        if len(key) >= 3 and len(scores) < limit:  # names that contain the query
            blob, starts = self._blob, self._starts
            pos = blob.find(key)
            while pos >= 0 and len(scores) < limit * 4:
                i = bisect.bisect_right(starts, pos) - 1
                scores.setdefault(i, (80.0 + 10.0 * len(key) / len(keys[i]), 0.0))
                pos = blob.find(key, starts[i + 1] if i + 1 < len(starts) else len(blob))
        for _, score, i in process.extract(key, keys, scorer=fuzz.QRatio, limit=limit * 4,
                                           score_cutoff=cutoff):
            rank, _sim = scores.get(i, (0.0, 0.0))
            scores[i] = (max(rank, float(score)), float(score))
        best: dict[str, tuple[Match, float]] = {}
        for i, (rank, sim) in scores.items():
            actor_id, name = names[i]
            if actor_id not in best or rank > best[actor_id][0].score:
                best[actor_id] = (Match(refs[actor_id], name, round(rank, 1)), sim)
        out = sorted(best.values(), key=lambda ms: (-ms[0].score, ms[0].actor.id))
        return out[:limit]

    def resolve(self, name: str) -> ActorRef | None:
        """The KB's own resolution, ``None`` when it finds no actor (answers cached)."""
        self._ensure()
        if name in self._resolved:
            return self._resolved[name]
        try:
            ref: ActorRef | None = self.kb.resolve(name)
        except NotFoundError:
            ref = None
        if len(self._resolved) >= RESOLVE_CACHE:
            self._resolved.clear()
        self._resolved[name] = ref
        return ref

    def search(self, query: str, limit: int = 10) -> dict[str, Any]:
        matches = self._fuzzy(query, limit, 55.0)
        # Ask the KB resolver only when it will answer: an id, a name the lexicon resolves
        # (clitics, variants) or a stored name equal to the query once folded. Asked about
        # anything else it fails slowly (it ranks every name to suggest some).
        exact = any(sim >= 100.0 for _, sim in matches)
        resolved = self.resolve(query) if exact or self._known(query) else None
        out = [m for m, _ in matches]
        if resolved is not None:
            out = [Match(resolved, resolved.name_en, 100.0),
                   *(m for m in out if m.actor.id != resolved.id)][:limit]
        return {"query": query,
                "resolved": resolved.to_json() if resolved is not None else None,
                "matches": [m.to_json() for m in out]}

    def _known(self, query: str) -> bool:
        """An actor id, or a name the lexicon knows."""
        if query.strip() in self._refs:
            return True
        lex = self.kb.lexicon
        return lex is not None and lex.resolve(query) is not None
