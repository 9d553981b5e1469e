"""``tahaluf places``: import other gazetteers, count the places tahaluf loads.

Thin: the reading, validation and merging live in :mod:`tahaluf.lexicon.places`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tahaluf.errors import TahalufError
from tahaluf.lexicon.places import (
    import_places,
    imported_file_name,
    load_places,
    places_dir_user,
    save_imported,
    user_place_files,
)

places_app = typer.Typer(
    help=("Place gazetteers: import OCHA/OpenSyria JSON or GeoJSON files, count the places "
          "loaded.\n\nExample: tahaluf places import subdistricts.json"),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
_err = Console(stderr=True, soft_wrap=True, highlight=False)

# the order levels are listed in, largest first
_LEVEL_ORDER = ("country", "governorate", "region", "district", "subdistrict", "city", "town",
                "village", "neighbourhood", "landmark")


@places_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="A JSON gazetteer: OpenSyria/OCHA records, a "
                                               "GeoJSON FeatureCollection, or tahaluf's own.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check the file, save nothing.")]
    = False,
) -> None:
    """Check a gazetteer file and save its good records for tahaluf to use.

    Reads OpenSyria/OCHA-style records (id, name.en, name.ar, aliases, centroid), a GeoJSON
    FeatureCollection (properties name_en/name_ar or ADM3_EN/ADM3_AR; Point geometry), or
    the JSON this command writes. Each problem is printed as "file:index id: message"
    (index from 0). The good records are saved to the user's places folder ($TAHALUF_HOME
    or ~/.local/share/tahaluf) even when some are rejected; the exit code is then 1.
    Importing a file of the same name again replaces the earlier import.

    Example: tahaluf places import ../shared/data/syria-geography/subdistricts.json
    """
    try:
        result = import_places(file)
    except TahalufError as exc:
        _err.print(f"error {exc}")
        raise typer.Exit(2) from exc
    for problem in result.problems:
        _err.print(problem)
    for warning in result.warnings:
        _err.print(f"warning {warning}")
    typer.echo(f"{file.name} ({result.format}): {result.total} record(s) read, "
               f"{len(result.records)} accepted, {result.rejected} rejected")
    if dry_run:
        typer.echo(f"dry run: nothing saved (would write "
                   f"{places_dir_user() / imported_file_name(file)})")
    elif result.records:
        target = save_imported(result)
        typer.echo(f"saved {len(result.records)} place(s) to {target}")
    else:
        typer.echo("nothing to save")
    if result.rejected:
        raise typer.Exit(1)


@places_app.command("list")
def list_command(
    no_user: Annotated[bool, typer.Option("--no-user",
                                          help="Leave out the imported files.")] = False,
) -> None:
    """Count the places tahaluf loads (merged), by level and by source.

    Sources: curated (the team's file), geonames (built from GeoNames), and user:NAME for
    each imported file. A place found in several sources counts under the first.

    Example: tahaluf places list
    """
    try:
        places = load_places(include_user=not no_user)
    except TahalufError as exc:
        _err.print(f"error {exc}")
        raise typer.Exit(2) from exc
    counts = Counter((p.level, p.source) for p in places)
    sources = sorted({p.source for p in places},
                     key=lambda s: (s != "curated", s != "geonames", s))
    levels = [lv for lv in _LEVEL_ORDER if any(lv == k[0] for k in counts)]
    levels += sorted({k[0] for k in counts} - set(levels))
    table = Table(show_header=True, header_style="bold")
    table.add_column("level")
    for source in sources:
        table.add_column(source, justify="right")
    table.add_column("total", justify="right")
    for level in levels:
        row = [counts[(level, s)] for s in sources]
        table.add_row(level, *(str(n) for n in row), str(sum(row)))
    totals = [sum(counts[(lv, s)] for lv in levels) for s in sources]
    table.add_row("total", *(str(n) for n in totals), str(sum(totals)))
    Console().print(table)
    merged = sum(1 for p in places if p.extra.get("merged"))
    typer.echo(f"{len(places)} places ({merged} merged from more than one source)")
    files = [] if no_user else user_place_files()
    typer.echo(f"imported files in {places_dir_user()}: "
               + (", ".join(f.name for f in files) if files else "none"))
