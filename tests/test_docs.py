"""The README documents every command, and every command's help ends with an example."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.main import get_command

from tahaluf.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, str]]:
    root = get_command(app)
    out: list[tuple[str, str]] = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        if sub:
            out.extend((f"{name} {s}", c.help or "") for s, c in sub.items())
        else:
            out.append((name, cmd.help or ""))
    return out


@pytest.mark.parametrize(("name", "help_text"), _commands())
def test_command_documented_with_example(name: str, help_text: str) -> None:
    top = name.split()[0]
    assert f"tahaluf {top}" in README, f"README does not mention `tahaluf {top}`"
    assert "Example:" in help_text, f"`tahaluf {name}` help has no example"


def test_first_screen_has_the_two_commands() -> None:
    first = README.split("---")[0]
    assert "pip install . && tahaluf demo" in first
    assert "bash .ci/run" in first


def test_app_is_typer() -> None:
    assert isinstance(app, typer.Typer)


def test_readme_tells_how_documents_get_their_dates() -> None:
    from tahaluf.ingest.docdates import DATE_BASES

    section = README.split("### Giving documents their dates", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert [line.split("`")[1] for line in rows] == list(DATE_BASES)  # in precedence order
    for example in ("dates.csv", "--date", ".json", "2016-01-03_outlet.txt"):
        assert example in section
    assert "--all-modalities" in README
