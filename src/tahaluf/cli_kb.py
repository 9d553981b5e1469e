"""Knowledge-base commands: parse, call :mod:`tahaluf.kb`, print. Registered onto the main
Typer app by :func:`register`; ``python -m tahaluf.cli_kb`` runs them on their own.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import sys
import tempfile
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from tahaluf.errors import OutputError, TahalufError
from tahaluf.kb import KB
from tahaluf.kb import open as open_kb
from tahaluf.kb.compare import Comparison, MemberCheck, Score
from tahaluf.kb.results import (
    Contradiction,
    Evidence,
    FactInfo,
    HistoryAnswer,
    IngestReport,
    MemberInterval,
    MembersAnswer,
)

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class QueryFormat(StrEnum):
    table = "table"
    json = "json"


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    graphml = "graphml"
    geojson = "geojson"
    ftm = "ftm"


DbOpt = Annotated[str | None, typer.Option(
    "--db", envvar="TAHALUF_DB", show_envvar=True,
    help="Database URL (sqlite:///file, postgresql://…) or a SQLite file path. "
         "Default: tahaluf.sqlite in $TAHALUF_HOME, $XDG_DATA_HOME/tahaluf or "
         "~/.local/share/tahaluf.")]
FormatOpt = Annotated[QueryFormat, typer.Option("--format", "-f", help="table or json.")]
KnownOpt = Annotated[str | None, typer.Option(
    "--as-known-on", help="Answer with only what was recorded by this day (YYYY-MM-DD).")]
AuthorOpt = Annotated[str | None, typer.Option(
    "--author", envvar="TAHALUF_AUTHOR", help="Who decides (default: your user name).")]
NoteOpt = Annotated[str, typer.Option("--note", help="Why.")]


def _kb(db: str | None) -> KB:
    return open_kb(db)


def _author(author: str | None) -> str:
    return author or getpass.getuser()


def _json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=1, default=str) + "\n")


def _row(table: Table, *cells: str) -> None:
    """Add a row of plain text (no rich markup: sources and sentences may hold brackets)."""
    table.add_row(*(Text(c) for c in cells))


def _clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _source(e: Evidence) -> str:
    who = e.outlet or e.source
    return f"{who}, {e.published}" if e.published else who


# --- ingest -------------------------------------------------------------------------------
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Files or folders (.txt .md .html .jsonl).")] = None,
    db: DbOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1,
                                         help="Processes analysing documents.")] = 1,
    date_: Annotated[str | None, typer.Option(
        "--date", help="Publication date YYYY-MM-DD of every document given (overrides "
                       "metadata, sidecars, dates.csv, file names and datelines).")] = None,
    reextract: Annotated[bool, typer.Option(
        "--reextract", help="Analyse documents again even if stored (all stored documents "
                            "when no PATH is given); reviews are kept.")] = False,
    analyzer: Annotated[str | None, typer.Option(
        "--analyzer", hidden=True, help="module:function used instead of the pipeline.")] = None,
) -> None:
    """Read, analyse and store articles. Idempotent and resumable: stored documents are
    skipped, so an interrupted run can simply be started again. Bad inputs are reported
    with their path and the run goes on (exit status 1 if any failed).

    Example: tahaluf ingest articles/ feeds/enab.jsonl --workers 4
    """
    from tahaluf.kb.dates import parse_day
    from tahaluf.kb.ingest import count_inputs, load_analyzer

    fn = load_analyzer(analyzer) if analyzer else None
    published = parse_day(date_, "--date") if date_ else None
    if not paths and not reextract:
        raise TahalufError("nothing to ingest", hint="give files or folders, e.g. "
                                                     "'tahaluf ingest articles/'")
    kb = _kb(db)
    total = count_inputs(paths) if paths else kb.stats()["documents"]
    t0 = time.perf_counter()
    # no refresh thread (auto_refresh off): worker processes may be forked safely
    with Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                  MofNCompleteColumn(), TextColumn("{task.fields[counts]}"),
                  TimeElapsedColumn(), console=err, transient=False,
                  auto_refresh=False) as bar:
        task = bar.add_task("ingest", total=total or None, counts="")
        counts = {"stored": 0, "skipped": 0, "failed": 0}
        shown = [0.0]

        def progress(event: str, source: str) -> None:
            counts[event] = counts.get(event, 0) + 1
            bar.update(task, advance=1, counts=" ".join(f"{k} {v}" for k, v in counts.items()))
            if time.monotonic() - shown[0] > 0.1:
                shown[0] = time.monotonic()
                bar.refresh()

        handler = _ConsoleLog(bar.console)
        ingest_log = logging.getLogger("tahaluf.kb.ingest")
        ingest_log.addHandler(handler)
        ingest_log.propagate = False
        try:
            report = _run_ingest(kb, paths, workers, fn, published, progress, reextract)
        finally:
            ingest_log.removeHandler(handler)
            ingest_log.propagate = True
    _summary(report, time.perf_counter() - t0)
    _notes(report)
    kb.close()
    if report.failed:
        raise typer.Exit(1)


def _run_ingest(kb: KB, paths: list[Path] | None, workers: int, fn: Any,
                published: str | None, progress: Any, reextract: bool) -> IngestReport:
    if paths:
        return kb.ingest(paths, workers=workers, analyzer=fn, published=published,
                         progress=progress, reextract=reextract)
    return kb.reextract(workers=workers, analyzer=fn, progress=progress)


class _ConsoleLog(logging.Handler):
    """Bad inputs, printed above the progress bar as they happen."""

    def __init__(self, console: Console) -> None:
        super().__init__(logging.WARNING)
        self.console = console

    def emit(self, record: logging.LogRecord) -> None:
        self.console.print(Text(record.getMessage(), style="red"), soft_wrap=True)


def _summary(report: IngestReport, seconds: float) -> None:
    rate = report.stored / seconds if seconds > 0 else 0.0
    err.print(f"{report.read} read, {report.stored} stored, {report.skipped} already stored, "
              f"{report.failed} failed in {seconds:.1f} s ({rate:.0f} docs/s)")


def _first(items: list[str], n: int) -> list[str]:
    """The first ``n`` items, then a line saying how many more."""
    return items[:n] + ([f"… and {len(items) - n} more"] if len(items) > n else [])


def _notes(report: IngestReport, n: int = 20) -> None:
    """What the readers ignored, and the documents stored without a date."""
    for line in _first(report.notes, n):
        err.print(Text(line, style="yellow"))
    if report.undated:
        err.print(f"{len(report.undated)} of {report.stored} stored document(s) have no "
                  "date (give one with FILE.json, dates.csv, a date in the file name or "
                  "--date; see the README):", highlight=False)
        for line in _first(report.undated, n):
            err.print(Text(f"  {line}"))


# --- queries ------------------------------------------------------------------------------
def _intervals_table(title: str, items: tuple[MemberInterval, ...], *, who: str) -> None:
    t = Table(title=title, title_justify="left")
    for col in ("#", who, "from → until", "how", "sure"):
        t.add_column(col, justify="right" if col == "#" else "left")
    for i, iv in enumerate(items, 1):
        actor = iv.member if who == "member" else iv.coalition
        _row(t, str(i), actor.label, iv.span_text,
             f"{iv.start_how or '?'} → {iv.end_how or ('open' if iv.end is None else '?')}",
             "yes" if iv.certain else ("likely" if iv.standing == "likely" else "maybe"))
    out.print(t)
    for i, iv in enumerate(items, 1):
        actor = iv.member if who == "member" else iv.coalition
        _evidence(f"{i}. {actor.label} (facts {', '.join(f'#{x}' for x in iv.fact_ids)})",
                  iv.evidence)


def _evidence(head: str, items: tuple[Evidence, ...], n: int = 3) -> None:
    if not items:
        return
    out.print(Text(head, style="bold"))
    for e in items[:n]:
        out.print(Text(f"   [{_source(e)}] ", style="dim") + Text(_clip(e.sentence, 300)))


def _facts_table(title: str, facts: tuple[FactInfo, ...], *, evidence: bool = True) -> None:
    t = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    t.add_column("#", justify="right", no_wrap=True)
    t.add_column("date", no_wrap=True)
    t.add_column("type")
    t.add_column("member/actor")
    t.add_column("coalition/place")
    t.add_column("conf×src", justify="right", no_wrap=True)
    t.add_column("review")
    for f in facts:
        kind = f.type + (f" or {'/'.join(f.alternatives)}" if f.alternatives else "")
        if f.modality != "asserted":
            kind += f" ({f.modality})"
        who = f.member or f.actor
        _row(t, str(f.id), f.when, kind, who.name_en if who else "—",
             f.coalition.name_en if f.coalition else (f.place or "—"),
             f"{f.confidence:.2f}×{f.n_sources}", "" if f.status == "unreviewed" else f.status)
    out.print(t)
    if evidence:
        for f in facts:
            _evidence(f"#{f.id} {f.type}", f.evidence, 1)


def print_members(a: MembersAnswer) -> None:
    known = f", as known on {a.as_known_on}" if a.as_known_on else ""
    _intervals_table(f"Members of {a.coalition.label} on {a.on}{known}", a.members,
                     who="member")
    if not a.members:
        out.print("no members known on that day")


def print_history(h: HistoryAnswer) -> None:
    known = f", as known on {h.as_known_on}" if h.as_known_on else ""
    _intervals_table(f"Coalitions of {h.actor.label}{known}", h.intervals, who="coalition")
    if h.facts:
        _facts_table(f"Reports about {h.actor.label}", h.facts, evidence=False)


def members(
    coalition: Annotated[str, typer.Argument(help="Coalition name (Arabic or English) or id.")],
    on: Annotated[str | None, typer.Option("--on", help="Day YYYY-MM-DD (default today).")] = None,
    as_known_on: KnownOpt = None, db: DbOpt = None, fmt: FormatOpt = QueryFormat.table,
    possible: Annotated[bool, typer.Option(
        "--possible", help="Also list members the record cannot place on that day (undated "
                           "reports, a join or exit whose date range straddles it).")] = False,
) -> None:
    """Who belonged to a coalition on a day, with the sentences that prove it.

    Lists members whose membership that day is certain ("yes") or more likely than not
    ("likely"); --possible adds the rest ("maybe").

    Example: tahaluf members "جيش الفتح" --on 2016-03-01
    """
    a = _kb(db).members(coalition, on=on, as_known_on=as_known_on, possible=possible)
    _json(a.to_json()) if fmt is QueryFormat.json else print_members(a)


def history(
    actor: Annotated[str, typer.Argument(help="Group name (Arabic or English) or id.")],
    as_known_on: KnownOpt = None, db: DbOpt = None, fmt: FormatOpt = QueryFormat.table,
) -> None:
    """Every coalition a group joined and left, in date order, with sources.

    Example: tahaluf history "Failaq al-Sham"
    """
    h = _kb(db).history(actor, as_known_on=as_known_on)
    _json(h.to_json()) if fmt is QueryFormat.json else print_history(h)


def timeline(
    coalition: Annotated[str, typer.Argument(help="Coalition name (Arabic or English) or id.")],
    as_known_on: KnownOpt = None, db: DbOpt = None, fmt: FormatOpt = QueryFormat.table,
) -> None:
    """Events of a coalition in date order.

    Example: tahaluf timeline "Jaish al-Fatah" --format json
    """
    t = _kb(db).timeline(coalition, as_known_on=as_known_on)
    if fmt is QueryFormat.json:
        _json(t.to_json())
    else:
        _facts_table(f"Timeline of {t.coalition.label}", t.facts)


def sources(
    fact_id: Annotated[int, typer.Argument(help="Fact number (shown as # in other commands).")],
    db: DbOpt = None, fmt: FormatOpt = QueryFormat.table,
) -> None:
    """Every report of one fact, its review log and its contradictions.

    Example: tahaluf sources 42
    """
    s = _kb(db).sources(fact_id)
    if fmt is QueryFormat.json:
        _json(s.to_json())
        return
    _facts_table(f"Fact #{fact_id}", (s.fact,), evidence=False)
    out.print(Text(f"Reports ({len(s.evidence)})", style="bold"))
    for e in s.evidence:
        out.print(Text(f"   [{_source(e)}] {e.source} · {e.modality} · recorded "
                       f"{e.recorded_at.isoformat(timespec='seconds')} · "
                       f"{e.extractor_version}/{e.lexicon_version}", style="dim"))
        out.print(Text(f"   {_clip(e.sentence, 600)}"))
    for c in s.contradictions:
        out.print(f"[yellow]contradiction[/yellow] {c.kind}: {c.detail}", highlight=False)
    for r in s.reviews:
        out.print(f"review {r.at:%Y-%m-%d %H:%M} {r.author} {r.action}: {r.note}",
                  highlight=False)


def print_contradictions(items: list[Contradiction]) -> None:
    if not items:
        out.print("no contradictions")
    for c in items:
        who = f"{c.member.label} in " if c.member else ""
        _facts_table(f"{c.kind}: {who}{c.coalition.label} — {c.detail}", c.facts)


def contradictions(
    coalition: Annotated[str | None, typer.Argument(help="Only this coalition.")] = None,
    as_known_on: KnownOpt = None, db: DbOpt = None, fmt: FormatOpt = QueryFormat.table,
) -> None:
    """Reports that disagree, side by side: withdrew vs expelled, denials, dates that do
    not overlap.

    Example: tahaluf contradictions "جيش الفتح"
    """
    items = _kb(db).contradictions(coalition, as_known_on=as_known_on)
    if fmt is QueryFormat.json:
        _json([c.to_json() for c in items])
    else:
        print_contradictions(items)


def durability(db: DbOpt = None, fmt: FormatOpt = QueryFormat.table) -> None:
    """How long coalitions last, by kind (operations rooms, mergers, fronts …). The end is a
    dissolution or merger; without one, the last day anything is known (a lower bound;
    "median of ended" leaves those out).

    Example: tahaluf durability --format json
    """
    rows = _kb(db).durability()
    if fmt is QueryFormat.json:
        _json([r.to_json() for r in rows])
        return
    t = Table(title="Durability of coalitions (days)", title_justify="left")
    for col in ("kind", "coalitions", "ended", "median", "mean", "median of ended"):
        t.add_column(col, justify="left" if col == "kind" else "right")

    def num(x: float | None) -> str:
        return "—" if x is None else f"{x:.0f}"

    for r in rows:
        _row(t, r.coalition_kind, str(r.n), str(r.ended), num(r.median_days),
             num(r.mean_days), num(r.median_ended_days))
    out.print(t)


# --- compare ------------------------------------------------------------------------------
def _names(checks: tuple[MemberCheck, ...]) -> str:
    return "\n".join(c.member.label + ("" if c.store is None or c.store.certain else " (maybe)")
                     for c in checks)


def _ratio(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def _score_row(t: Table, label: str, dates: str, s: Score) -> None:
    _row(t, label, dates, str(s.agreed), str(s.missing), str(s.only_in_store),
         _ratio(s.precision), _ratio(s.recall))


def print_comparison(c: Comparison) -> None:
    t = Table(title=f"{c.reference}: the table against the store", title_justify="left",
              show_lines=True)
    for col in ("coalition", "on", "agreed", "missing from store", "only in store"):
        t.add_column(col)
    for g in c.groups:
        _row(t, g.coalition.label, g.on, f"{len(g.agreed)}\n{_names(g.agreed)}",
             f"{len(g.missing)}\n{_names(g.missing)}",
             f"{len(g.only_in_store)}\n{_names(g.only_in_store)}")
    out.print(t)
    for g in c.groups:
        for m in g.only_in_store:
            if m.store is not None:
                _evidence(f"only in store: {m.member.label} in {g.coalition.label} on {g.on} "
                          f"({m.store.span_text})", m.store.evidence, 1)
    s = Table(title="Totals", title_justify="left")
    for col in ("coalition", "dates", "agreed", "missing", "only in store", "precision",
                "recall"):
        s.add_column(col, justify="left" if col == "coalition" else "right")
    for cs in c.by_coalition:
        _score_row(s, cs.coalition.label, str(cs.dates), cs.score)
    _score_row(s, "all", str(len(c.groups)), c.overall)
    out.print(s)
    for u in c.unresolved:
        close = ", ".join(a.label for a in u.close_matches) or "none"
        lines = ", ".join(map(str, u.lines))
        out.print(Text(f"unknown {u.role} {u.name!r} (line {lines}); close matches: {close}",
                       style="yellow"))
    if c.rows_not_compared:
        out.print(Text(f"{c.rows_not_compared} of {c.rows} rows not compared (unknown names)",
                       style="yellow"))


def compare_command(
    reference: Annotated[Path, typer.Argument(
        help="CSV with the header coalition,date,member[,source], or JSONL with those keys; "
             "dates YYYY-MM-DD; names in Arabic, English or actor ids.")],
    as_known_on: KnownOpt = None, db: DbOpt = None, fmt: FormatOpt = QueryFormat.table,
) -> None:
    """Check the store against your own membership table: for each coalition and day,
    the members both name, those missing from the store and those only in the store (with
    the store's evidence); precision and recall per coalition and overall.

    Example: tahaluf compare my-table.csv --format json
    """
    from tahaluf.kb.compare import compare
    from tahaluf.kb.reference import read_reference

    rows = read_reference(reference)
    c = compare(_kb(db), rows, reference=str(reference),
                as_known_on=_day_opt(as_known_on))
    _json(c.to_json()) if fmt is QueryFormat.json else print_comparison(c)


def _day_opt(value: str | None) -> str | None:
    from tahaluf.kb.dates import parse_day

    return parse_day(value, "--as-known-on") if value else None


# --- review -------------------------------------------------------------------------------
review_app = typer.Typer(
    help="Accept, reject, correct or add facts; every decision is logged and survives "
         "re-ingest and re-extraction.\n\nExample: tahaluf review reject 42 --note \"another group\"",
    no_args_is_help=True, rich_markup_mode=None)


def _print_fact(f: FactInfo, verb: str) -> None:
    _facts_table(f"{verb} #{f.id}", (f,), evidence=False)


@review_app.command("accept")
def review_accept(fact_id: Annotated[int, typer.Argument(help="Fact number.")],
                  note: NoteOpt = "", author: AuthorOpt = None, db: DbOpt = None) -> None:
    """Mark a fact as checked and right.

    Example: tahaluf review accept 42 --note "confirmed by the statement"
    """
    _print_fact(_kb(db).accept(fact_id, author=_author(author), note=note), "accepted")


@review_app.command("reject")
def review_reject(fact_id: Annotated[int, typer.Argument(help="Fact number.")],
                  note: NoteOpt = "", author: AuthorOpt = None, db: DbOpt = None) -> None:
    """Mark a fact as wrong: it stays stored (and stays rejected on re-ingest) but no longer
    counts.

    Example: tahaluf review reject 42 --note "the article is about another group"
    """
    _print_fact(_kb(db).reject(fact_id, author=_author(author), note=note), "rejected")


@review_app.command("correct")
def review_correct(
    fact_id: Annotated[int, typer.Argument(help="Fact number.")],
    type_: Annotated[str | None, typer.Option("--type", help="FORM JOIN WITHDRAW EXPEL MERGE "
                                                            "SPLIT DISSOLVE RENAME")] = None,
    member: Annotated[str | None, typer.Option("--member", help="Group name or id.")] = None,
    coalition: Annotated[str | None, typer.Option("--coalition",
                                                  help="Coalition name or id.")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="YYYY, YYYY-MM or YYYY-MM-DD.")]
    = None,
    modality: Annotated[str | None, typer.Option(
        "--modality", help="asserted, reported, hedged, negated or hypothetical.")] = None,
    note: NoteOpt = "", author: AuthorOpt = None, db: DbOpt = None,
) -> None:
    """Correct a fact's type, member, coalition, date or modality.

    Example: tahaluf review correct 42 --type EXPEL --date 2015-10 --note "expelled, per SOHR"
    """
    f = _kb(db).correct(fact_id, author=_author(author), note=note, type=type_, member=member,
                        coalition=coalition, date=date_, modality=modality)
    _print_fact(f, "corrected")


@review_app.command("add")
def review_add(
    type_: Annotated[str, typer.Option("--type", help="FORM JOIN WITHDRAW EXPEL MERGE SPLIT "
                                                      "DISSOLVE RENAME")],
    coalition: Annotated[str, typer.Option("--coalition", help="Coalition name or id.")],
    member: Annotated[str | None, typer.Option("--member", help="Group name or id.")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="YYYY, YYYY-MM or YYYY-MM-DD.")]
    = None,
    modality: Annotated[str, typer.Option(
        "--modality", help="asserted, reported, hedged, negated or hypothetical.")] = "asserted",
    note: NoteOpt = "", author: AuthorOpt = None, db: DbOpt = None,
) -> None:
    """Add a fact by hand.

    Example: tahaluf review add --type JOIN --member "Failaq al-Sham" --coalition "Jaish al-Fatah" --date 2015-03-24
    """
    f = _kb(db).add(type=type_, member=member, coalition=coalition, date=date_,
                    modality=modality, author=_author(author), note=note)
    _print_fact(f, "added")


@review_app.command("log")
def review_log(fact_id: Annotated[int | None, typer.Argument(help="Only this fact.")] = None,
               db: DbOpt = None, fmt: FormatOpt = QueryFormat.table) -> None:
    """The audit log of review decisions.

    Example: tahaluf review log --format json
    """
    entries = _kb(db).review_log(fact_id)
    if fmt is QueryFormat.json:
        _json([e.to_json() for e in entries])
        return
    t = Table(title="Review log", title_justify="left")
    for col in ("#", "at", "fact", "action", "author", "note", "after"):
        t.add_column(col)
    for e in entries:
        after = e.after or {}
        _row(t, str(e.id), e.at.isoformat(timespec="seconds"), str(e.fact_id), e.action,
                  e.author, e.note, json.dumps(after.get("overrides") or {}, ensure_ascii=False))
    out.print(t)


# --- export -------------------------------------------------------------------------------
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv (ACLED-like), json, "
                                                                     "graphml, geojson, ftm")],
    out_: Annotated[Path | None, typer.Option(
        "--out", "-o", help="File, or a folder to write tahaluf.FORMAT in (default stdout).")]
    = None,
    all_modalities: Annotated[bool, typer.Option(
        "--all-modalities", help="csv and geojson: add negated and hypothetical events "
                                 "(by default only what the store asserts); the modality "
                                 "column tells them apart.")] = False,
    db: DbOpt = None,
) -> None:
    """Export facts, memberships and places.

    Example: tahaluf export --format graphml --out alliances.graphml
    """
    from tahaluf.kb.export import FILTERED_FORMATS, output_path
    from tahaluf.kb.export import export as run_export

    if all_modalities and fmt.value not in FILTERED_FORMATS:
        raise TahalufError(f"--all-modalities applies to {' and '.join(FILTERED_FORMATS)}",
                           hint="json holds every fact with its modality; graphml and "
                                "ftm hold membership intervals")
    path = output_path(out_, fmt.value) if out_ is not None else None
    kb = _kb(db)
    if path is None:
        run_export(kb, fmt.value, sys.stdout, all_modalities=all_modalities)
        return
    try:
        with path.open("w", encoding="utf-8", newline="") as fh:
            n = run_export(kb, fmt.value, fh, all_modalities=all_modalities)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    err.print(f"wrote {n} records to {path}", highlight=False)


# --- demo ---------------------------------------------------------------------------------
def sample_inputs() -> list[Path]:
    from importlib import resources

    folder = Path(str(resources.files("tahaluf") / "samples"))
    corpus = folder / "corpus.jsonl"
    return [corpus] if corpus.exists() else sorted(folder.glob("*.txt"))


def demo_command(
    db: Annotated[str | None, typer.Option(
        "--db", help="Where to build the demo database (default: a new temporary file).")]
    = None,
) -> None:
    """Load the bundled sample articles into a fresh knowledge base and ask it questions.

    Example: tahaluf demo
    """
    if db is None:
        db = str(Path(tempfile.mkdtemp(prefix="tahaluf-demo-")) / "demo.sqlite")
    kb = open_kb(db)
    inputs = sample_inputs()
    report = kb.ingest(inputs)
    err.print(f"loaded {report.stored} sample article(s) into {db}")
    try:
        print_members(kb.members("جيش الفتح", on="2016-03-01"))
    except TahalufError as exc:
        err.print(Text(str(exc), style="yellow"))
    try:
        print_history(kb.history("فيلق الشام"))
    except TahalufError as exc:
        err.print(Text(str(exc), style="yellow"))
    out.print(f"Try: tahaluf timeline \"Jaish al-Fatah\" --db {db}")


def register(app: typer.Typer) -> None:
    """Add the knowledge-base commands to ``app``."""
    app.command("ingest")(ingest)
    app.command("members")(members)
    app.command("history")(history)
    app.command("timeline")(timeline)
    app.command("sources")(sources)
    app.command("contradictions")(contradictions)
    app.command("durability")(durability)
    app.command("compare")(compare_command)
    app.add_typer(review_app, name="review")
    app.command("export")(export)
    app.command("demo")(demo_command)


def make_app() -> typer.Typer:
    app = typer.Typer(name="tahaluf", no_args_is_help=True, add_completion=False,
                      rich_markup_mode=None,
                      help="tahaluf knowledge base: ingest, query, review, export.")
    register(app)
    return app


def main() -> None:
    from tahaluf.cli_guard import run_app

    run_app(make_app(), err)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    main()
