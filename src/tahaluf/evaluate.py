"""Scoring the extractor against annotated passages (``tahaluf eval``).

Two record formats are read:

* the realdev format (``../shared/realdev/README.md``): texts kept outside the repository
  and found as ``<id>.txt`` in ``--texts DIR``; actors named by an English ``canonical``
  label and the ``surface`` as written;
* the project's own development set (``tests/devset/devset.jsonl``): the same fields plus
  ``text``, ``published`` and optional project actor ``id`` values.

Gold actors are mapped to project ids without any hand-made table: an explicit ``id``
wins; otherwise the ids of the predicted mentions that overlap the gold surface in the
text, then the lexicon's resolution of the surface and of the English label. So an
unknown group found by discovery still matches when its mention sits on the gold surface.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tahaluf.errors import InputError
from tahaluf.lexicon.core import Lexicon, load_lexicon
from tahaluf.pipeline import analyze
from tahaluf.types import COALITION_EVENT_TYPES, MEMBERSHIP_CHANGING, Analysis, Document, Event


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


@dataclass
class Report:
    records: int = 0
    missing_texts: list[str] = field(default_factory=list)
    events: PRF = field(default_factory=PRF)
    by_type: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    memberships: PRF = field(default_factory=PRF)
    actors: PRF = field(default_factory=PRF)
    dated_gold: int = 0
    date_exact: int = 0
    date_within: int = 0
    negative_records: int = 0
    events_in_negatives: int = 0
    non_event_hits: int = 0
    non_events: int = 0
    founders_gold: int = 0
    founders_found: int = 0
    day_gold: int = 0
    day_exact: int = 0
    #: per extraction rule (its ``rule`` name up to the first ``:``): true and false positives
    by_rule: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    #: per full rule name, modifiers included (``join-masdar:list``): the calibration counts
    by_full_rule: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    #: per confidence band (0.1 wide): predicted events and how many were right
    by_band: dict[float, PRF] = field(default_factory=lambda: defaultdict(PRF))
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "records": self.records, "missing_texts": self.missing_texts,
            "events": self.events.to_json(),
            "by_type": {t: p.to_json() for t, p in sorted(self.by_type.items())},
            "memberships": self.memberships.to_json(), "actors": self.actors.to_json(),
            "dates": {"gold_dated_matched": self.dated_gold, "exact": self.date_exact,
                      "within_range": self.date_within},
            "founders": {"gold": self.founders_gold, "found": self.founders_found},
            "day_dates": {"gold": self.day_gold, "exact": self.day_exact},
            "by_rule": {r: p.to_json() for r, p in sorted(self.by_rule.items())},
            "calibration": {f"{b:.1f}": p.to_json() for b, p in sorted(self.by_band.items())},
            "negatives": {"records": self.negative_records,
                          "events_predicted": self.events_in_negatives},
            "non_events": {"annotated": self.non_events, "predicted_as_events": self.non_event_hits},
        }


def _occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    out, i = [], text.find(surface)
    while i >= 0 and surface:
        out.append((i, i + len(surface)))
        i = text.find(surface, i + 1)
    return out


class _Resolver:
    """Maps a gold actor reference to the set of project ids it may stand for."""

    def __init__(self, rec: dict[str, Any], text: str, a: Analysis, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.mentions = [(m.span.start, m.span.end, m.entity_id) for m in a.mentions
                         if m.kind == "actor" and m.entity_id]
        # every surface of a canonical label named in the record
        self.surfaces: dict[str, set[str]] = defaultdict(set)
        for act in rec.get("actors") or []:
            key = act.get("canonical") or act.get("id")
            if key and act.get("surface"):
                self.surfaces[key].add(act["surface"])
        self.cache: dict[str, frozenset[str]] = {}

    def ids(self, ref: dict[str, Any] | None) -> frozenset[str]:
        if not ref:
            return frozenset()
        if ref.get("id") and ref["id"] in self.lex.actors:
            return frozenset({ref["id"]})
        key = str(ref.get("canonical") or ref.get("surface") or "")
        if key in self.cache:
            return self.cache[key]
        out: set[str] = set()
        surfaces = {ref["surface"]} if ref.get("surface") else set()
        surfaces |= self.surfaces.get(key, set())
        for surface in surfaces:
            for s, e in _occurrences(self.text, surface):
                out |= {aid for ms, me, aid in self.mentions if ms < e and s < me and aid}
            rec = self.lex.resolve(surface.strip(' "«»“”″\''))
            if rec is not None:
                out.add(rec.id)
        if ref.get("canonical"):
            rec = self.lex.resolve(str(ref["canonical"]).split("(")[0].strip())
            if rec is not None:
                out.add(rec.id)
        self.cache[key] = frozenset(out)
        return self.cache[key]


def _gold_events(rec: dict[str, Any]) -> list[dict[str, Any]]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for ev in rec.get("events") or []:
        def label(r: dict[str, Any] | None) -> str:
            return "" if not r else str(r.get("id") or r.get("canonical") or r.get("surface"))
        member = "" if ev["type"] == "FORM" else label(ev.get("member"))
        key = (ev["type"], member, label(ev.get("coalition")))
        if key in seen:
            continue
        seen.add(key)
        out.append(ev)
    return out


def _predicted(a: Analysis) -> list[Event]:
    """Membership-changing events; FORM collapsed to one per coalition."""
    out: list[Event] = []
    forms: set[str | None] = set()
    for e in a.events:
        if e.modality not in MEMBERSHIP_CHANGING:
            continue
        if e.type == "FORM":
            if e.coalition in forms:
                continue
            forms.add(e.coalition)
        out.append(e)
    return out


def _matches(pred: Event, gold: dict[str, Any], res: _Resolver) -> bool:
    gtypes = {gold["type"], *(gold.get("alt_types") or [])}
    if pred.type not in gtypes and gold["type"] not in pred.alternatives:
        return False
    if pred.coalition not in res.ids(gold.get("coalition")):
        return False
    if gold["type"] == "FORM" or pred.type == "FORM":
        return True
    if not gold.get("member"):
        return pred.member is None
    return pred.member in res.ids(gold.get("member"))


def _absorbed(p: Event, formed: list[dict[str, Any]], pred: list[Event], used: set[int],
              res: _Resolver) -> bool:
    """DESIGN.md gives one FORM (or merger) event per founder; the gold gives one FORM with
    its founders as participants. A predicted founder event of a matched gold FORM is part
    of that FORM, not a spurious event."""
    for g in formed:
        if p.coalition not in res.ids(g.get("coalition")):
            continue
        if p.type not in {"FORM", *(g.get("alt_types") or [])}:
            continue
        if not any(i in used and pred[i].coalition == p.coalition for i in range(len(pred))):
            continue
        founders: frozenset[str] = frozenset().union(*(res.ids(x) for x in g.get("participants") or []))
        if not founders or p.member in founders:
            return True
    return False


def _date_ok(pred: Event, gold: dict[str, Any]) -> tuple[bool, bool]:
    g = str(gold["date"])
    v = pred.date.value or ""
    exact = bool(v) and v[: len(g)] == g and pred.date.basis != "unknown"
    lo, hi = pred.date.earliest, pred.date.latest
    gl = g + "-01-01"[len(g) - 4:] if len(g) < 10 else g
    within = bool(lo and hi and lo <= gl <= hi) or exact
    return exact, within


def load_records(path: Path) -> list[dict[str, Any]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(str(path), f"malformed JSON: {exc}", line=n) from exc
    return out


def _record_text(rec: dict[str, Any], texts: Path | None) -> str | None:
    if isinstance(rec.get("text"), str):
        return str(rec["text"])
    if texts is None:
        return None
    p = texts / f"{rec['id']}.txt"
    return p.read_text(encoding="utf-8") if p.exists() else None


def _published(rec: dict[str, Any]) -> str | None:
    for key in ("published", "publication_date"):
        if isinstance(rec.get(key), str) and len(rec[key]) == 10:
            return str(rec[key])
    url_date = rec.get("url_date")
    if isinstance(url_date, str) and len(url_date) == 10:
        return url_date
    return None


def evaluate(records: Iterable[dict[str, Any]], texts: Path | None = None,
             lexicon: Lexicon | None = None) -> Report:
    lex = lexicon or load_lexicon()
    rep = Report()
    for rec in records:
        text = _record_text(rec, texts)
        if text is None:
            rep.missing_texts.append(str(rec.get("id")))
            continue
        rep.records += 1
        doc = Document.from_text(text, str(rec.get("id")), published=_published(rec))
        a = analyze(doc, lexicon=lex)
        res = _Resolver(rec, text, a, lex)
        gold = _gold_events(rec)
        pred = _predicted(a)
        used: set[int] = set()
        for g in gold:
            hit = next((i for i, p in enumerate(pred) if i not in used and _matches(p, g, res)),
                       None)
            if hit is None:
                rep.events.fn += 1
                rep.by_type[g["type"]].fn += 1
                rep.errors.append({"id": rec.get("id"), "kind": "missed", "type": g["type"],
                                   "member": (g.get("member") or {}).get("surface"),
                                   "coalition": (g.get("coalition") or {}).get("surface"),
                                   "evidence": g.get("evidence")})
                continue
            used.add(hit)
            rep.events.tp += 1
            rep.by_type[g["type"]].tp += 1
            if g.get("date"):
                rep.dated_gold += 1
                exact, within = _date_ok(pred[hit], g)
                rep.date_exact += exact
                rep.date_within += within
                if g.get("date_precision") == "day":
                    rep.day_gold += 1
                    rep.day_exact += exact and pred[hit].date.precision == "day"
            if g["type"] == "FORM":
                _score_founders(g, pred[hit], a, res, rep)
        formed = [g for g in gold if g["type"] == "FORM"]
        for i, p in enumerate(pred):
            if i in used:
                _count_rule(rep, p, True)
                continue
            if _absorbed(p, formed, pred, used, res):
                continue  # a founder's own event of a FORM that matched: not a second event
            _count_rule(rep, p, False)
            rep.events.fp += 1
            rep.by_type[p.type].fp += 1
            rep.errors.append({"id": rec.get("id"), "kind": "spurious", "type": p.type,
                               "member": p.member, "coalition": p.coalition, "rule": p.rule,
                               "evidence": text[p.evidence.start:p.evidence.end][:160]})
        if rec.get("is_negative"):
            rep.negative_records += 1
            rep.events_in_negatives += len(pred)
        for ne in rec.get("non_events") or []:
            rep.non_events += 1
            for s, e in _occurrences(text, ne.get("evidence") or ""):
                if any(p.evidence.start <= s and e <= p.evidence.end and
                       p.type == ne.get("looks_like") for i, p in enumerate(pred) if i not in used):
                    rep.non_event_hits += 1
                    break
        _score_memberships(rec, a, res, rep)
        _score_actors(rec, text, a, rep)
    for t in COALITION_EVENT_TYPES:
        rep.by_type.setdefault(t, PRF())
    return rep


def _count_rule(rep: Report, p: Event, right: bool) -> None:
    rule = p.rule.split(":")[0] if p.rule else "?"
    band = min(0.9, int(p.confidence * 10) / 10)
    for prf in (rep.by_rule[rule], rep.by_band[band], rep.by_full_rule[p.rule or "?"]):
        if right:
            prf.tp += 1
        else:
            prf.fp += 1


def _score_founders(g: dict[str, Any], matched: Event, a: Analysis, res: _Resolver,
                    rep: Report) -> None:
    """Founders of a matched gold FORM: found when a FORM (or founding merger) of the same
    coalition names them as member or participant."""
    found: set[str] = set()
    for e in a.events:
        if e.coalition == matched.coalition and e.modality in MEMBERSHIP_CHANGING and (
                e.type == "FORM" or "FORM" in e.alternatives or e.type == "MERGE"):
            found |= set(e.participants) | ({e.member} if e.member else set())
    for part in g.get("participants") or []:
        rep.founders_gold += 1
        rep.founders_found += bool(res.ids(part) & found)


def _score_memberships(rec: dict[str, Any], a: Analysis, res: _Resolver, rep: Report) -> None:
    gold = rec.get("memberships")
    if gold is None:
        return
    pred = {(m.member, m.coalition) for m in a.memberships}
    matched: set[tuple[str, str]] = set()
    for g in gold:
        ok = next((p for p in pred if p not in matched and p[0] in res.ids(g.get("member"))
                   and p[1] in res.ids(g.get("coalition"))), None)
        if ok:
            matched.add(ok)
            rep.memberships.tp += 1
        else:
            rep.memberships.fn += 1
    rep.memberships.fp += len(pred - matched)


def _score_actors(rec: dict[str, Any], text: str, a: Analysis, rep: Report) -> None:
    spans = [(m.span.start, m.span.end) for m in a.mentions if m.kind == "actor"]
    gold_spans: list[tuple[int, int]] = []
    by_label: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for act in rec.get("actors") or []:
        occ = _occurrences(text, act.get("surface") or "")
        by_label[str(act.get("canonical") or act.get("id") or act.get("surface"))].extend(occ)
        gold_spans.extend(occ)
    for occ in by_label.values():
        if any(any(s < e2 and s2 < e for s2, e2 in spans) for s, e in occ):
            rep.actors.tp += 1
        else:
            rep.actors.fn += 1
    if rec.get("actors") is not None:
        rep.actors.fp += sum(1 for s, e in spans
                             if not any(s < e2 and s2 < e for s2, e2 in gold_spans))


def format_report(rep: Report) -> str:
    lines = [f"records scored: {rep.records}"
             + (f"  (texts missing: {len(rep.missing_texts)})" if rep.missing_texts else "")]
    lines.append(f"{'':12}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}")

    def row(name: str, p: PRF) -> str:
        return (f"{name:12}{p.precision:7.3f}{p.recall:7.3f}{p.f1:7.3f}{p.tp:6d}{p.fp:6d}"
                f"{p.fn:6d}")

    lines.append(row("events", rep.events))
    for t in COALITION_EVENT_TYPES:
        lines.append(row("  " + t, rep.by_type[t]))
    extra = sorted(set(rep.by_type) - set(COALITION_EVENT_TYPES))
    for t in extra:
        lines.append(row("  " + t, rep.by_type[t]))
    lines.append(row("memberships", rep.memberships))
    lines.append(row("actors", rep.actors))
    lines.append(f"dates: {rep.dated_gold} matched gold events carry a date; exact "
                 f"{rep.date_exact}, within range {rep.date_within}")
    lines.append(f"founders: {rep.founders_found}/{rep.founders_gold} of matched formations; "
                 f"day-precise dates exact: {rep.day_exact}/{rep.day_gold}")
    lines.append(f"negative passages: {rep.negative_records}, events predicted in them: "
                 f"{rep.events_in_negatives}")
    lines.append(f"annotated non-events: {rep.non_events}, predicted as events: "
                 f"{rep.non_event_hits}")
    return "\n".join(lines)


def format_rules(rep: Report) -> str:
    """Per-rule precision and calibration (predicted confidence band vs observed precision)."""
    lines = [f"{'rule':28}{'TP':>5}{'FP':>5}{'P':>7}"]
    for r, p in sorted(rep.by_rule.items(), key=lambda kv: -(kv[1].tp + kv[1].fp)):
        lines.append(f"{r:28}{p.tp:5d}{p.fp:5d}{p.precision:7.3f}")
    lines.append(f"{'confidence band':28}{'TP':>5}{'FP':>5}{'P':>7}")
    for b, p in sorted(rep.by_band.items()):
        lines.append(f"{f'{b:.1f}-{b + 0.1:.1f}':28}{p.tp:5d}{p.fp:5d}{p.precision:7.3f}")
    return "\n".join(lines)


def merge_reports(reports: Iterable[Report]) -> Report:
    """One report over several gold sets (counts add up; errors are concatenated)."""
    out = Report()
    for rep in reports:
        out.records += rep.records
        out.missing_texts += rep.missing_texts
        for name in ("events", "memberships", "actors"):
            _add(getattr(out, name), getattr(rep, name))
        for attr in ("by_type", "by_rule", "by_full_rule", "by_band"):
            mine: dict[Any, PRF] = getattr(out, attr)
            for k, v in getattr(rep, attr).items():
                _add(mine[k], v)
        for name in ("dated_gold", "date_exact", "date_within", "negative_records",
                     "events_in_negatives", "non_event_hits", "non_events", "founders_gold",
                     "founders_found", "day_gold", "day_exact"):
            setattr(out, name, getattr(out, name) + getattr(rep, name))
        out.errors += rep.errors
    return out


def _add(a: PRF, b: PRF) -> None:
    a.tp += b.tp
    a.fp += b.fp
    a.fn += b.fn


def calibration_yaml(rep: Report, sources: Iterable[str]) -> str:
    """The calibration table (``data/calibration.yaml``) from a report's per-rule counts."""
    lines = ["# Measured precision per extraction rule: true and false positives of each rule",
             "# (modifiers included) on the gold sets below. Written by `tahaluf eval GOLD...",
             "# --write-calibration FILE`; read by tahaluf.extract.calibration.",
             "# gold: " + ", ".join(sources),
             "id: calibration-v1", "rules:"]
    for rule, p in sorted(rep.by_full_rule.items()):
        lines.append(f'  "{rule}": {{tp: {p.tp}, fp: {p.fp}}}')
    if not rep.by_full_rule:
        lines[-1] = "rules: {}"
    return "\n".join(lines) + "\n"


def count_modalities(analyses: Iterable[Analysis]) -> Counter[str]:
    return Counter(e.modality for a in analyses for e in a.events)
