"""Scoring recognition (actors and places) against annotated paragraphs.

Records: ``{"text", "actors": [{"id", "surface"}], "places": [{"name_en", "surface"}],
"not_actors": [...], "not_places": [...]}``. A gold actor is found when a predicted actor
mention overlaps its surface and, if the gold id is a lexicon id, carries that id. A gold
place is found when a predicted place mention overlaps its surface. Every predicted
mention that overlaps no gold surface is a false positive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tahaluf.lexicon.core import Lexicon


@dataclass
class RecognitionScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _occ(text: str, surface: str) -> list[tuple[int, int]]:
    out, i = [], text.find(surface)
    while i >= 0 and surface:
        out.append((i, i + len(surface)))
        i = text.find(surface, i + 1)
    return out


def score_recognition(records: Iterable[dict[str, Any]],
                      lex: Lexicon) -> tuple[RecognitionScore, RecognitionScore]:
    actors, places = RecognitionScore(), RecognitionScore()
    for rec in records:
        text = rec["text"]
        found = lex.recognize(text)
        for kind, score, gold in (("actor", actors, rec.get("actors") or []),
                                  ("place", places, rec.get("places") or [])):
            pred = [m for m in found.mentions if m.kind == kind]
            gold_spans: list[tuple[int, int]] = []
            for g in gold:
                occ = _occ(text, g["surface"])
                gold_spans.extend(occ)
                want = g.get("id") if kind == "actor" and g.get("id") in lex.actors else None
                ok = any(m.span.start < e and s < m.span.end and (want is None or m.entity_id == want)
                         for s, e in occ for m in pred)
                if ok:
                    score.tp += 1
                else:
                    score.fn += 1
                    score.misses.append(f"{rec.get('id')}: {g['surface']}")
            for m in pred:
                if not any(m.span.start < e and s < m.span.end for s, e in gold_spans):
                    score.fp += 1
                    score.false.append(f"{rec.get('id')}: {m.surface} → {m.entity_id}")
    return actors, places
