"""Command-line interface: parse arguments, call the library, print. Nothing else lives here."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tahaluf import __version__
from tahaluf.errors import DateError, InputError, describe
from tahaluf.ingest import iter_documents
from tahaluf.ingest.readers import DEFAULT_MAX_BYTES
from tahaluf.pipeline import analyze
from tahaluf.serialize import analysis_json
from tahaluf.types import Analysis

app = typer.Typer(
    name="tahaluf",
    help="Coalition membership of armed groups over time, extracted from Arabic reporting.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
err = Console(stderr=True, soft_wrap=True)


class Format(StrEnum):
    json = "json"
    table = "table"


def parse_iso_date(value: str | None, option: str = "--date") -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise DateError(f"{option} {value!r} is not a date", hint="write it as YYYY-MM-DD") from exc


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tahaluf {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool | None, typer.Option("--version", callback=_version,
                                                   is_eager=True, help="Print the version.")] = None,
) -> None:
    """tahaluf reads Arabic articles and records which group belonged to which coalition, when."""


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Files or folders (.txt .md .html .jsonl).")],
    date_: Annotated[str | None, typer.Option("--date", help="Publication date YYYY-MM-DD of every document given (overrides the dates found with them).")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="json (the documented contract) or table.")] = Format.table,
    max_bytes: Annotated[int, typer.Option(help="Largest file (or JSONL line) read, in bytes.")] = DEFAULT_MAX_BYTES,
) -> None:
    """Extract actors, places, dates and coalition events from articles and print them.

    Example: tahaluf extract article.txt --date 2016-01-02 --format json
    """
    published = parse_iso_date(date_)
    analyses: list[Analysis] = []
    payloads: list[dict[str, Any]] = []
    failed = 0
    for result in iter_documents(files, published=published, max_bytes=max_bytes):
        for note in result.notes:
            err.print(note, highlight=False, markup=False, style="yellow")
        if result.problem is not None:
            failed += 1
            _failure(str(result.problem))
            continue
        if result.document is None:
            continue
        doc = result.document
        try:
            a = analyze(doc, published=published)
            if fmt is Format.json:
                payloads.append(analysis_json(a))
        except Exception as exc:  # one bad document must not stop the others
            failed += 1
            _failure(f"{doc.source}: analysis failed: {describe(exc)}")
            continue
        analyses.append(a)
    if fmt is Format.json:
        sys.stdout.write(json.dumps({"documents": payloads}, ensure_ascii=False, indent=1)
                         + "\n")
    else:
        for a in analyses:
            try:
                _print_table([a])
            except Exception as exc:  # printed as far as it went; the others still print
                failed += 1
                _failure(f"{a.document.source}: printing failed: {describe(exc)}")
    if failed:
        err.print(f"{failed} input(s) failed, {len(analyses)} document(s) read")
        raise typer.Exit(1)


def _failure(message: str) -> None:
    """One line on stderr for a document that failed; paths are never read as markup."""
    err.print(Text(message, style="red"), soft_wrap=True)


@app.command("eval")
def eval_(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL file(s): realdev records or the project's devset.")],
    texts: Annotated[Path | None, typer.Option(help="Folder with <id>.txt for records without text.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table or json.")] = Format.table,
    errors: Annotated[bool, typer.Option("--errors", help="List missed and spurious events.")] = False,
    rules: Annotated[bool, typer.Option("--rules", help="Per-rule precision and calibration.")] = False,
    write_calibration: Annotated[Path | None, typer.Option(
        "--write-calibration", help="Write the per-rule counts as a calibration table "
        "(src/tahaluf/data/calibration.yaml is the one the extractor reads).")] = None,
) -> None:
    """Score extraction against annotated passages: precision, recall and F1 per event type,
    memberships, actor mentions and dates.

    Several gold files are scored together (their counts add up).

    Example: tahaluf eval ../shared/realdev/gold.jsonl --texts /tmp/realdev-texts

    Example: tahaluf eval tests/devset/devset.jsonl ../shared/realdev/gold.jsonl
    --texts /tmp/realdev-texts --write-calibration src/tahaluf/data/calibration.yaml
    """
    from tahaluf.evaluate import (
        calibration_yaml,
        evaluate,
        format_report,
        format_rules,
        load_records,
        merge_reports,
    )

    for g in gold:
        if not g.exists():
            raise InputError(str(g), "no such file")
    if texts is not None and not texts.is_dir():
        raise InputError(str(texts), "--texts must be a folder of <id>.txt files")
    report = merge_reports(evaluate(load_records(g), texts) for g in gold)
    if report.missing_texts and not report.records:
        raise InputError(str(texts) if texts else ", ".join(map(str, gold)),
                         f"no text found for any of the {len(report.missing_texts)} "
                         "record(s), nothing was scored",
                         hint="--texts must be the folder holding <id>.txt for each record"
                         if texts else "give --texts FOLDER with <id>.txt for each record")
    if write_calibration is not None:
        write_calibration.write_text(calibration_yaml(report, [str(g) for g in gold]),
                                     encoding="utf-8")
        err.print(f"calibration table written to {write_calibration}")
    if fmt is Format.json:
        out = report.to_json()
        if errors:
            out["errors"] = report.errors
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    else:
        typer.echo(format_report(report))
        if rules:
            typer.echo(format_rules(report))
        if errors:
            for e in report.errors:
                typer.echo(f"{e['id']}\t{e['kind']}\t{e['type']}\t{e['member']}\t"
                           f"{e['coalition']}\t{e.get('rule') or '-'}\t{e['evidence']}")
    if report.missing_texts:
        err.print(f"{len(report.missing_texts)} record(s) had no text: "
                  + ", ".join(report.missing_texts[:10]))


from tahaluf.cli_places import places_app  # noqa: E402

app.add_typer(places_app, name="places")
from tahaluf.cli_kb import register as _register_kb  # noqa: E402

_register_kb(app)
from tahaluf.cli_web import register as _register_web  # noqa: E402

_register_web(app)

lexicon_app = typer.Typer(help="Check and describe the language data files.",
                          no_args_is_help=True)
app.add_typer(lexicon_app, name="lexicon")


@lexicon_app.command("lint")
def lexicon_lint(
    root: Annotated[Path | None, typer.Option(help="Data folder (default: the package's).")] = None,
) -> None:
    """Check every data file; print each problem as file:line id: message.

    Example: tahaluf lexicon lint
    """
    from tahaluf.lexicon.lint import lint

    problems = lint(root)
    for p in problems:
        typer.echo(str(p))
    if problems:
        err.print(f"{len(problems)} problem(s)")
        raise typer.Exit(1)
    typer.echo("no problems")


@lexicon_app.command("stats")
def lexicon_stats(
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table or json.")] = Format.table,
) -> None:
    """Counts of actors by kind and coalition kind, and of places by level.

    Example: tahaluf lexicon stats --format json
    """
    from tahaluf.lexicon.lint import stats

    data = stats()
    if fmt is Format.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return
    for key, value in data.items():
        typer.echo(f"{key}: {value}")


def sample_dir() -> Path:
    from importlib import resources

    return Path(str(resources.files("tahaluf") / "samples"))


def _print_table(analyses: list[Analysis]) -> None:
    from tahaluf.lexicon.core import load_lexicon

    lex = load_lexicon()
    console = Console()

    def name(aid: str | None, discovered: dict[str, str]) -> str:
        if aid is None:
            return "—"
        rec = lex.actors.get(aid)
        return rec.name_en if rec else discovered.get(aid, aid)

    for a in analyses:
        doc = a.document
        found = {d.id: d.name_ar for d in a.discovered}
        when = f"{doc.published}, from {doc.date_basis}" if doc.published else "no date"
        console.rule(f"{doc.source}  ({when})")
        actors: dict[str, int] = {}
        places: dict[str, int] = {}
        for m in a.mentions:
            if m.entity_id:
                bucket = actors if m.kind == "actor" else places
                bucket[m.entity_id] = bucket.get(m.entity_id, 0) + 1
        console.print("[bold]actors[/bold]: " + ", ".join(
            f"{name(k, found)} ×{v}" for k, v in actors.items()) or "none")
        console.print("[bold]places[/bold]: " + ", ".join(
            f"{lex.places[k].name_en if k in lex.places else k} ×{v}" for k, v in places.items())
            or "none")
        table = Table(show_header=True, header_style="bold", title="coalition events")
        for col in ("type", "member", "coalition", "modality", "date", "evidence"):
            table.add_column(col)
        for e in a.events:
            kind = e.type + (f" / {'/'.join(e.alternatives)}" if e.alternatives else "")
            text = doc.text[e.evidence.start:e.evidence.end].replace("\n", " ")
            table.add_row(kind, name(e.member, found), name(e.coalition, found), e.modality,
                          f"{e.date.value or '?'} ({e.date.basis})",
                          text[:90] + ("…" if len(text) > 90 else ""))
        console.print(table)
        if a.other_events:
            other = Table(show_header=True, header_style="bold", title="other events")
            for col in ("type", "actors", "place / target", "quantity", "date"):
                other.add_column(col)
            for o in a.other_events:
                where = (lex.places[o.place].name_en if o.place in lex.places else o.place) \
                    if o.place else name(o.target, found)
                qty = f"{o.quantity.value:g} {o.quantity.unit or ''}" if o.quantity else ""
                other.add_row(o.type, ", ".join(name(x, found) for x in o.actors or (o.actor,)),
                              where or "", qty, f"{o.date.value or '?'} ({o.date.basis})")
            console.print(other)
        if a.memberships:
            console.print("[bold]memberships[/bold]: " + "; ".join(
                f"{name(m.member, found)} ∈ {name(m.coalition, found)}" for m in a.memberships))


def main() -> None:
    from tahaluf.cli_guard import run_app

    run_app(app, err)
