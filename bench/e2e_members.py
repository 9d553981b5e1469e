"""End-to-end check of ``members(coalition, on=day)`` on the real dev set (realdev).

Ingests every realdev excerpt into a fresh SQLite knowledge base (in a temporary folder,
removed at the end), builds a reference membership timeline from the gold events, asks
the store who belonged to each gold coalition around each dated gold event, and judges
every listed member against the gold:

* ``supported`` — the gold has the member starting in the coalition (JOIN, MERGE, or a
  founder of its FORM) surely on or before the day, and nothing ending it since;
* ``contradicted`` — the latest gold event of the pair surely on or before the day ends
  it (WITHDRAW, EXPEL, SPLIT, or a DISSOLVE of the coalition);
* ``unsupported`` — the gold says nothing that places the member in the coalition by then.

``expected`` are the gold members supported on a query point; recall counts how many of
them the store listed. The texts are read from ``--texts`` (``<id>.txt``) and never
printed or written outside the temporary folder.

Usage (the ``tahaluf`` package used is whichever is first on the path, so two checkouts
can be compared)::

    python bench/e2e_members.py --gold /work/shared/realdev/gold.jsonl \\
        --texts /tmp/realdev-texts [--json figures.json] [--keep DIR] [--margin 30]
    PYTHONPATH=/other/checkout/src python bench/e2e_members.py --gold ... --texts ...
"""

from __future__ import annotations

import argparse
import calendar
import inspect
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import tahaluf
from tahaluf.errors import TahalufError
from tahaluf.evaluate import _Resolver
from tahaluf.kb import KB
from tahaluf.lexicon.core import load_lexicon
from tahaluf.pipeline import analyze
from tahaluf.types import Document

START_TYPES = frozenset({"JOIN", "MERGE"})  # FORM: its participants start
END_TYPES = frozenset({"WITHDRAW", "EXPEL", "SPLIT"})
_FULL_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Kind = Literal["start", "end", "dissolve"]
Verdict = Literal["supported", "contradicted", "unsupported"]


# --- gold ---------------------------------------------------------------------------------
def load_records(path: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                sys.exit(f"{path}:{n}: malformed JSON: {exc}")
            if isinstance(rec, dict):
                out.append(rec)
    return out


def published_of(rec: dict[str, Any]) -> str | None:
    """The record's publication date, else its URL date when that is a full day."""
    for key in ("publication_date", "url_date"):
        v = rec.get(key)
        if isinstance(v, str) and _FULL_DAY.match(v.strip()):
            return v.strip()
    return None


def day_range(value: str | None, precision: str | None) -> tuple[str, str] | None:
    """A gold ``date`` (YYYY, YYYY-MM or YYYY-MM-DD) → its first and last day."""
    if not value:
        return None
    parts = value.split("-")
    try:
        y = int(parts[0])
        if len(parts) == 1 or precision == "year":
            return f"{y:04d}-01-01", f"{y:04d}-12-31"
        m = int(parts[1])
        if len(parts) == 2 or precision == "month":
            last = calendar.monthrange(y, m)[1]
            return f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{last:02d}"
        d = date(y, m, int(parts[2])).isoformat()
    except (ValueError, IndexError):
        return None
    return d, d


@dataclass(frozen=True)
class GoldFact:
    """One membership consequence of a gold event."""

    kind: Kind
    coalition: frozenset[str]
    member: frozenset[str]  # empty for a DISSOLVE
    member_label: str
    lo: str | None  # earliest day (None: unbounded)
    hi: str | None  # latest day (None: unknown)
    rejoin: bool
    record: str
    type: str

    def surely_by(self, day: str) -> bool:
        return self.hi is not None and self.hi <= day

    def order(self) -> tuple[str, str, int]:
        # same range: a start comes before an end, except a rejoin
        rank = 2 if (self.kind == "start" and self.rejoin) else (0 if self.kind == "start"
                                                                   else 1)
        return self.hi or "9999-12-31", self.lo or "0000-01-01", rank


@dataclass
class Reference:
    facts: list[GoldFact] = field(default_factory=list)
    #: coalition id → days of its dated gold events (first day, last day)
    dated: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    skipped: Counter[str] = field(default_factory=Counter)
    gold_events: int = 0

    def dissolutions(self) -> dict[str, list[GoldFact]]:
        """coalition id → its gold DISSOLVE events."""
        out: dict[str, list[GoldFact]] = defaultdict(list)
        for f in self.facts:
            if f.kind == "dissolve":
                for c in f.coalition:
                    out[c].append(f)
        return out

    def by_pair(self) -> dict[tuple[str, str], list[GoldFact]]:
        """(member id, coalition id) → its gold facts, the coalition's dissolutions included."""
        dissolves = self.dissolutions()
        out: dict[tuple[str, str], list[GoldFact]] = defaultdict(list)
        for f in self.facts:
            if f.kind == "dissolve":
                continue
            for m in f.member:
                for c in f.coalition:
                    if m != c:
                        out[(m, c)].append(f)
        for (_m, c), facts in out.items():
            facts.extend(dissolves.get(c, ()))
        return out


def _label(ref: dict[str, Any] | None) -> str:
    if not ref:
        return ""
    return str(ref.get("canonical") or ref.get("surface") or "")


def add_record(ref: Reference, rec: dict[str, Any], res: _Resolver) -> None:
    rid = str(rec.get("id"))
    pub = published_of(rec)
    for ev in rec.get("events") or []:
        ref.gold_events += 1
        typ = str(ev.get("type"))
        rng = day_range(ev.get("date"), ev.get("date_precision"))
        lo, hi = rng if rng else (None, pub)
        coalition = res.ids(ev.get("coalition"))
        if not coalition:
            ref.skipped["coalition unmapped"] += 1
            continue
        if rng:
            for c in coalition:
                ref.dated[c].add(rng)
        flags = {str(f) for f in ev.get("flags") or []}
        rejoin = "rejoin" in flags

        if typ == "FORM":
            for part in ev.get("participants") or []:
                ids = res.ids(part)
                if ids:
                    ref.facts.append(GoldFact("start", coalition, ids, _label(part), lo, hi,
                                              rejoin, rid, typ))
                else:
                    ref.skipped["founder unmapped"] += 1
        elif typ == "DISSOLVE":
            ref.facts.append(GoldFact("dissolve", coalition, frozenset(), "", lo, hi, rejoin,
                                      rid, typ))
        elif typ == "RENAME":
            ref.skipped["RENAME (new name is a separate coalition)"] += 1
        elif typ in START_TYPES or typ in END_TYPES:
            if "member_unnamed" in flags:
                ref.skipped["member unnamed"] += 1
                continue
            ids = res.ids(ev.get("member"))
            if not ids:
                ref.skipped["member unmapped"] += 1
                continue
            kind: Kind = "start" if typ in START_TYPES else "end"
            ref.facts.append(GoldFact(kind, coalition, ids, _label(ev.get("member")), lo, hi,
                                      rejoin, rid, typ))
        else:
            ref.skipped[f"unknown type {typ}"] += 1


def judge(facts: Iterable[GoldFact], day: str) -> Verdict:
    """What the gold says about one (member, coalition) pair on ``day``."""
    sure = sorted((f for f in facts if f.surely_by(day)), key=GoldFact.order)
    if not sure:
        return "unsupported"
    # the latest by its last possible day (ties: a start before an end, a rejoin after);
    # an end with no start before it still says the member was out by then
    return "supported" if sure[-1].kind == "start" else "contradicted"


# --- steps --------------------------------------------------------------------------------
def progress_line(label: str, i: int, n: int, extra: str = "") -> None:
    sys.stderr.write(f"\r{label} {i}/{n} {extra}".ljust(70))
    sys.stderr.flush()
    if i >= n:
        sys.stderr.write("\n")


def write_corpus(records: list[dict[str, Any]], texts: Path, out: Path
                 ) -> tuple[list[tuple[dict[str, Any], str]], list[str]]:
    """The JSONL corpus; returns (record, text) pairs found and ids whose text is missing."""
    found: list[tuple[dict[str, Any], str]] = []
    missing: list[str] = []
    with out.open("w", encoding="utf-8") as fh:
        for rec in records:
            p = texts / f"{rec.get('id')}.txt"
            try:
                text = p.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                missing.append(str(rec.get("id")))
                continue
            if not text.strip():
                missing.append(str(rec.get("id")))
                continue
            found.append((rec, text))
            line: dict[str, Any] = {"id": rec.get("id"), "source": rec.get("id"), "text": text,
                                    "published": published_of(rec)}
            for key in ("url",):
                if isinstance(rec.get(key), str):
                    line[key] = rec[key]
            if isinstance(rec.get("outlet_domain"), str):
                line["outlet"] = rec["outlet_domain"]
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return found, missing


def ingest(kb: KB, corpus: Path, n: int, workers: int) -> dict[str, Any]:
    counts: Counter[str] = Counter()

    def progress(event: str, source: str) -> None:
        counts[event] += 1
        progress_line("ingest", sum(counts.values()), n,
                      " ".join(f"{k} {v}" for k, v in sorted(counts.items())))

    report = kb.ingest([corpus], workers=workers, progress=progress)
    if sum(counts.values()) < n:
        sys.stderr.write("\n")
    kb.refresh()
    failures = [str(getattr(f, "reason", f)) for f in getattr(report, "failures", []) or []]
    return {"stored": int(getattr(report, "stored", counts["stored"])),
            "skipped": int(getattr(report, "skipped", counts["skipped"])),
            "failed": int(getattr(report, "failed", counts["failed"])),
            "failures": failures[:10]}


def build_reference(found: list[tuple[dict[str, Any], str]]) -> Reference:
    lex = load_lexicon()
    ref = Reference()
    for i, (rec, text) in enumerate(found, 1):
        doc = Document.from_text(text, str(rec.get("id")), published=published_of(rec))
        try:
            a = analyze(doc, lexicon=lex)
        except Exception as exc:  # one bad text must not stop the check
            ref.skipped[f"analysis failed: {exc.__class__.__name__}"] += len(
                rec.get("events") or [])
            continue
        add_record(ref, rec, _Resolver(rec, text, a, lex))
        progress_line("analyse gold", i, len(found))
    return ref


def query_days(ref: Reference, margin: int) -> list[tuple[str, str]]:
    points: set[tuple[str, str]] = set()
    for c, ranges in ref.dated.items():
        for lo, hi in ranges:
            points.add((c, (date.fromisoformat(hi) + timedelta(days=margin)).isoformat()))
            points.add((c, (date.fromisoformat(lo) - timedelta(days=margin)).isoformat()))
    return sorted(points)


def _dv(d: Any) -> str | None:
    if d is None:
        return None
    value = getattr(d, "value", None)
    lo, hi = getattr(d, "earliest", None), getattr(d, "latest", None)
    if value:
        return str(value)
    if lo or hi:
        return f"{lo or '?'}..{hi or '?'}"
    return "?"


@dataclass
class Tally:
    listed: int = 0
    supported: int = 0
    contradicted: int = 0
    unsupported: int = 0
    expected: int = 0
    expected_listed: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)
    #: why listed members are unsupported (gold side; store side counted separately)
    why: Counter[str] = field(default_factory=Counter)

    def figures(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None
        return {"listed": self.listed, "supported": self.supported,
                "contradicted": self.contradicted, "unsupported": self.unsupported,
                "precision_strict": ratio(self.supported, self.listed),
                "precision_lenient": ratio(self.listed - self.contradicted, self.listed),
                "expected": self.expected, "expected_listed": self.expected_listed,
                "recall": ratio(self.expected_listed, self.expected),
                "unsupported_why": dict(sorted(self.why.items()))}


def run_queries(kb: KB, ref: Reference, points: list[tuple[str, str]],
                kwargs: dict[str, Any], *, name: str = "query", only_certain: bool = False
                ) -> tuple[Tally, Counter[str]]:
    pairs = ref.by_pair()
    dissolved = ref.dissolutions()
    by_coalition: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for (m, c), facts in pairs.items():  # coalition → member label → its ids
        for f in facts:
            if f.kind != "dissolve" and m in f.member:
                by_coalition[c][f.member_label].append(m)
    tally = Tally()
    problems: Counter[str] = Counter()
    for i, (cid, day) in enumerate(points, 1):
        listed: dict[str, Any] = {}
        try:
            ans = kb.members(cid, on=day, **kwargs)
            if ans.coalition.id != cid:
                problems["coalition id resolved to another actor"] += 1
            else:
                for iv in ans.members:
                    if only_certain and not getattr(iv, "certain", True):
                        continue
                    listed.setdefault(iv.member.id, iv)
        except TahalufError:
            problems["coalition not in the store"] += 1
        for mid, iv in sorted(listed.items()):
            # a member the gold never pairs with C is still out once C is dissolved
            pair = pairs.get((mid, cid))
            verdict = judge(pair or dissolved.get(cid, []), day)
            tally.listed += 1
            setattr(tally, verdict, getattr(tally, verdict) + 1)
            if verdict == "unsupported":
                tally.why["gold never pairs member with coalition" if not pair else
                          "gold start of the pair not surely by the day"] += 1
                if getattr(iv.start, "latest", None) is None:
                    tally.why["store interval start has no latest day"] += 1
            if verdict != "supported":
                tally.rows.append({
                    "verdict": verdict, "coalition": cid,
                    "coalition_name": ans.coalition.name_en, "day": day, "member": mid,
                    "member_name": iv.member.name_en, "start": _dv(iv.start),
                    "end": _dv(iv.end) if iv.end is not None else "open",
                    "start_how": iv.start_how, "end_how": iv.end_how,
                    "certain": bool(getattr(iv, "certain", True))})
        for ids in by_coalition.get(cid, {}).values():
            ids_u = sorted(set(ids))
            if any(judge(pairs[(m, cid)], day) == "supported" for m in ids_u):
                tally.expected += 1
                tally.expected_listed += any(m in listed for m in ids_u)
        if i % 20 == 0 or i == len(points):
            progress_line(name, i, len(points))
    return tally, problems


def worst(rows: list[dict[str, Any]], verdict: str, n: int = 15) -> list[dict[str, Any]]:
    """The most frequent (coalition, member, interval) of one verdict, with their days."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r["verdict"] == verdict:
            key = (r["coalition"], r["member"], str(r["start"]), str(r["end"]))
            groups[key].append(r)
    out = []
    for _key, rs in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        first = dict(rs[0])
        first["days"] = [r["day"] for r in rs]
        out.append(first)
    return out[:n]


def print_figures(name: str, fig: dict[str, Any]) -> None:
    def pct(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.3f}"
    print(f"{name}: listed {fig['listed']}  supported {fig['supported']}  "
          f"contradicted {fig['contradicted']}  unsupported {fig['unsupported']}")
    print(f"{'':{len(name) + 2}}precision_strict {pct(fig['precision_strict'])}  "
          f"precision_lenient {pct(fig['precision_lenient'])}  recall {pct(fig['recall'])} "
          f"({fig['expected_listed']}/{fig['expected']} expected listed)")
    why = fig.get("unsupported_why") or {}
    if why:
        print(f"{'':{len(name) + 2}}unsupported: "
              + ", ".join(f"{k} {v}" for k, v in why.items()))


def print_rows(title: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n{title} ({len(rows)} shown; grouped by coalition/member/interval):")
    if not rows:
        print("  (none)")
    for r in rows:
        days = r["days"]
        when = days[0] if len(days) == 1 else f"{days[0]} (+{len(days) - 1} more days)"
        print(f"  {r['coalition']} @ {when}: {r['member']} [{r['member_name']}]  "
              f"{r['start']} → {r['end']}  start_how={r['start_how'] or '-'} "
              f"end_how={r['end_how'] or '-'}{'' if r['certain'] else '  (uncertain)'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--gold", type=Path, required=True, help="realdev gold.jsonl")
    ap.add_argument("--texts", type=Path, required=True, help="folder of <id>.txt")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here")
    ap.add_argument("--margin", type=int, default=30, help="days before/after each event")
    ap.add_argument("--workers", type=int, default=1, help="ingest worker processes")
    ap.add_argument("--keep", type=Path, default=None,
                    help="build corpus and store in this folder and keep them (default: a "
                         "temporary folder, removed)")
    args = ap.parse_args(argv)
    if not args.texts.is_dir():
        sys.exit(f"--texts {args.texts}: no such folder")
    t0 = time.perf_counter()
    records = load_records(args.gold)
    print(f"tahaluf {getattr(tahaluf, '__version__', '?')} from {Path(tahaluf.__file__).parent}")
    with tempfile.TemporaryDirectory(prefix="tahaluf-e2e-") as tmpname:
        tmp = args.keep or Path(tmpname)
        tmp.mkdir(parents=True, exist_ok=True)
        corpus = tmp / "corpus.jsonl"
        found, missing = write_corpus(records, args.texts, corpus)
        kb = KB(f"sqlite:///{(tmp / 'kb.sqlite').resolve()}")
        try:
            ing = ingest(kb, corpus, len(found), args.workers)
            stats = kb.stats()
            ref = build_reference(found)
            points = query_days(ref, args.margin)
            params = inspect.signature(kb.members).parameters
            has_possible = "possible" in params
            runs: dict[str, tuple[Tally, Counter[str]]] = {}
            runs["default"] = run_queries(kb, ref, points, {}, name="query default")
            runs["certain_only"] = run_queries(kb, ref, points, {}, name="query certain",
                                               only_certain=True)
            if has_possible:
                runs["possible=True"] = run_queries(kb, ref, points, {"possible": True},
                                                    name="query possible")
        finally:
            kb.close()
    elapsed = time.perf_counter() - t0

    print(f"\nrecords: {len(records)}  texts missing: {len(missing)}"
          + (f" ({', '.join(missing[:5])}{'…' if len(missing) > 5 else ''})" if missing else ""))
    print(f"ingested: stored {ing['stored']}  skipped {ing['skipped']}  failed {ing['failed']}")
    print(f"store: {stats.get('documents', 0)} documents, {stats.get('facts', 0)} facts, "
          f"{stats.get('intervals', 0)} intervals")
    print(f"gold: {ref.gold_events} events → {len(ref.facts)} membership facts; skipped: "
          + (", ".join(f"{k} {v}" for k, v in sorted(ref.skipped.items())) or "none"))
    print(f"query points: {len(points)} ({len(ref.dated)} coalitions, ±{args.margin} days)"
          + ("" if has_possible else "; members() has no 'possible' keyword"))
    problems = runs["default"][1]
    if problems:
        print("query problems: " + ", ".join(f"{k} {v}" for k, v in sorted(problems.items())))
    print()
    for name, (tally, _p) in runs.items():
        print_figures(name, tally.figures())
    rows = runs["default"][0].rows
    unsup, contra = worst(rows, "unsupported"), worst(rows, "contradicted")
    print_rows("top unsupported", unsup)
    print_rows("top contradicted", contra)
    print(f"\n{elapsed:.1f}s")

    if args.json:
        out = {"tahaluf": str(Path(tahaluf.__file__).parent),
               "records": len(records), "texts_missing": missing, "ingest": ing,
               "store": stats, "gold_events": ref.gold_events,
               "gold_membership_facts": len(ref.facts), "gold_skipped": dict(ref.skipped),
               "query_points": len(points), "coalitions": len(ref.dated),
               "margin_days": args.margin, "members_has_possible": has_possible,
               "query_problems": dict(problems),
               "figures": {k: t.figures() for k, (t, _p) in runs.items()},
               "top_unsupported": unsup, "top_contradicted": contra,
               "seconds": round(elapsed, 1)}
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
