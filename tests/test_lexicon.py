"""Lexicon data, lint, matcher and discovery."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tahaluf.cli import app
from tahaluf.lexicon.core import load_lexicon
from tahaluf.lexicon.lint import lint
from tahaluf.lexicon.score import score_recognition
from tahaluf.resources import data_dir
from toy import toy_lexicon

RECOGNITION = Path(__file__).parent / "data" / "recognition.jsonl"


def mentions(text: str) -> list[tuple[str, str | None, str]]:
    found = toy_lexicon().recognize(text)
    return [(m.kind, m.entity_id, text[m.span.start:m.span.end]) for m in found.mentions]


def test_packaged_data_lints_clean() -> None:
    assert [str(p) for p in lint()] == []


def test_lint_reports_file_line_and_id(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(data_dir(), root)
    bad = root / "actors" / "zz_bad.yaml"
    bad.write_text(
        "source: test\nactors:\n"
        "  - id: bad-one\n    name_en: Bad\n    name_ar: \"ﺟﻴﺶ الوادي\"\n    kind: faction\n"
        "  - id: bad-two\n    name_en: Bad two\n    name_ar: \"جيش الفتح\"\n    kind: rebels\n"
        "  - id: bad-three\n    name_en: Bad three\n    name_ar: \"لواء الحـق\"\n    kind: coalition\n",
        encoding="utf-8")
    messages = [str(p) for p in lint(root)]
    assert any(m.startswith(f"{bad}:5 bad-one: presentation-form") for m in messages)
    assert any("bad-two: actors[1].kind: unknown value 'rebels' (one of coalition|" in m
               for m in messages)
    assert any("bad-two: alias 'جيش الفتح' is shared with jaish-al-fatah" in m for m in messages)
    assert any("bad-three: tatweel" in m for m in messages)
    assert any("bad-three: a coalition needs coalition_kind" in m for m in messages)


def _data_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(data_dir(), root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_lint_reports_unknown_keys_and_wrong_types_with_file_and_key(tmp_path: Path) -> None:
    root = _data_copy(tmp_path)
    triggers, grammar, modality = (root / "triggers.yaml", root / "grammar.yaml",
                                   root / "modality.yaml")
    # a misspelt key (loaded and silently ignored before the schema), a wrong type, a bad value
    _edit(triggers, "flags: [rejoin], needs_coalition_prep: true",
          "flags: [rejoin], needs_coalition_preps: true")
    _edit(triggers, "{id: join-masdar, type: JOIN,", "{id: join-masdar, type: JOINS,")
    _edit(grammar, "\narticle:", "\narticles:")
    _edit(modality, "scope:", "scope: wide\n  old_scope:")
    (root / "extra.yaml").write_text("id: extra-v1\nwords: [كلمة]\n", encoding="utf-8")
    messages = [str(p) for p in lint(root)]
    line = next(i for i, t in enumerate(triggers.read_text("utf-8").splitlines(), 1)
                if "needs_coalition_preps" in t)
    assert any(m.startswith(f"{triggers}:{line} join-rejoin: coalition[2].needs_coalition_preps: "
                            "unknown key") for m in messages), messages
    assert any(f"{triggers}:" in m and "join-masdar: coalition[0].type: unknown value 'JOINS'" in m
               for m in messages)
    assert any(f"{grammar}:" in m and "articles: unknown key" in m for m in messages)
    assert any(f"{modality}:" in m and "hypothetical.scope: expected an integer, got a string "
               "'wide'" in m for m in messages)
    assert any(f"{root / 'extra.yaml'}:1" in m and "no schema for data file 'extra.yaml'" in m
               for m in messages)
    result = CliRunner().invoke(app, ["lexicon", "lint", "--root", str(root)])
    assert result.exit_code == 1 and "needs_coalition_preps: unknown key" in result.stdout


def test_lint_does_not_crash_on_malformed_actor_records(tmp_path: Path) -> None:
    root = _data_copy(tmp_path)
    bad = root / "actors" / "zz_bad.yaml"
    bad.write_text("source: test\nactors:\n  - just a string\n"
                   "  - {id: odd-one, name_en: Odd, name_ar: جيش, kind: [faction], "
                   "coalition_kind: [x], aliases_ar: 7, leads: [{actor: 3, from: x, to: 1}]}\n",
                   encoding="utf-8")
    messages = [str(p) for p in lint(root)]
    assert any("actors[0]: expected a mapping, got a string 'just a string'" in m
               for m in messages)
    assert any("odd-one: actors[1].aliases_ar: expected" in m for m in messages)
    assert any("odd-one: actors[1].leads[0].from: expected" in m for m in messages)


def test_every_packaged_data_file_has_a_schema() -> None:
    from tahaluf.lexicon.schemas import schema_for

    root = data_dir()
    missing = [p.relative_to(root).as_posix() for p in root.rglob("*.yaml")
               if schema_for(p.relative_to(root).as_posix()) is None]
    assert missing == []


def test_lexicon_stats_json() -> None:
    result = CliRunner().invoke(app, ["lexicon", "stats", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["actors"] >= 300
    assert set(data["by_coalition_kind"]) == {"operations_room", "merger", "front", "umbrella_army"}
    assert data["places_by_level"]["governorate"] == 14


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("انضم لواء السهل لجيش الوادي", [("actor", "plain-brigade", "لواء السهل"),
                                          ("actor", "valley-army", "جيش الوادي")]),
        ("وبجيش الوادي", [("actor", "valley-army", "جيش الوادي")]),
        ("قصف للحرس القديم", [("actor", "old-guard", "للحرس القديم")]),
        ("والحرس الجديد", [("actor", "new-guard", "الحرس الجديد")]),
        ("جيشُ الوادي", [("actor", "valley-army", "جيشُ الوادي")]),
        # longest match wins over the shorter name inside it
        ("غرفة عمليات جيش الوادي", [("actor", "valley-army", "غرفة عمليات جيش الوادي")]),
        # no match inside a longer word
        ("سكان تل النجوميين", []),
        # places, with clitics
        ("في تل النجوم وبتل النجوم", [("place", "star-hill", "تل النجوم"),
                                       ("place", "star-hill", "تل النجوم")]),
    ],
)
def test_clitic_aware_longest_match(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert mentions(text) == expected


def test_short_alias_only_after_full_name() -> None:
    assert mentions("وقال الفيلق إن المعارك مستمرة") == []
    got = mentions("أعلن فيلق الجبل انسحابه. وقال الفيلق إن القرار نهائي")
    assert [g[1] for g in got] == ["mountain-corps", "mountain-corps"]


def test_anaphor_refers_to_last_actor_with_that_head() -> None:
    got = mentions("أعلنت جبهة الساحل موقفها. وقالت الجبهة إن المعارك مستمرة.")
    assert [g[1] for g in got] == ["coast-front", "coast-front"]


def test_discovery_of_unknown_groups() -> None:
    found = toy_lexicon().recognize('انضم لواء صقور الجبل وكتيبة "أحرار الساحل" إلى جيش الوادي في تل النجوم')
    unknown = {m.surface: m.entity_id for m in found.mentions if m.rule == "discovery"}
    assert set(unknown) == {"لواء صقور الجبل", 'كتيبة "أحرار الساحل'} or set(unknown) == {
        "لواء صقور الجبل", "كتيبة \"أحرار الساحل\""}
    assert all(i and i.startswith("unk-") for i in unknown.values())
    assert all(not a.known for a in found.discovered)
    again = toy_lexicon().recognize("بيان من لواء صقور الجبل")
    assert {m.entity_id for m in again.mentions} & set(unknown.values())


def test_generic_phrases_are_not_groups() -> None:
    found = toy_lexicon().recognize("تواصلت حركة النزوح وجبهة القتال مشتعلة وقوات كبيرة تتقدم")
    assert [m for m in found.mentions if m.kind == "actor"] == []


def test_a_described_unit_is_not_a_named_group() -> None:
    """An indefinite head with a describing adjective ("ثلاثة ألوية مقاتلة"، "لواءً إسلامياً
    معارضاً") is a description, not a name; a head with a proper name still is one."""
    for text in ("ثلاثة ألوية مقاتلة تعلن انشقاقها عن جيش الوادي",
                 "قال ناشطون إن لواءً إسلامياً معارضاً انضم إلى جيش الوادي",
                 "وانضمت كتيبة محلية صغيرة إلى جبهة الساحل"):
        found = toy_lexicon().recognize(text)
        assert [m.surface for m in found.mentions if m.rule == "discovery"] == [], text
    named = toy_lexicon().recognize("وانضمت كتيبة شهداء الوادي إلى جبهة الساحل")
    assert [m.surface for m in named.mentions if m.rule == "discovery"] == ["كتيبة شهداء الوادي"]


def test_a_descriptor_ends_an_unknown_name() -> None:
    """"اللواء 111 التابع للفيلق"، "كتيبة شهداء الوادي المعروفة باسم…": the name stops
    before the descriptor, and is still found when a known name follows it."""
    found = toy_lexicon().recognize("أصدر جيش الوادي قراراً بفصل اللواء 111 التابع للجيش.")
    assert [m.surface for m in found.mentions if m.rule == "discovery"] == ["اللواء 111"]
    found = toy_lexicon().recognize("وانضمت كتيبة شهداء الوادي المعروفة باسم الشهداء.")
    assert [m.surface for m in found.mentions if m.rule == "discovery"] == ["كتيبة شهداء الوادي"]


def test_resolve_names_in_arabic_and_english() -> None:
    lex = load_lexicon()
    ids = {lex.resolve(n).id for n in ("جيش الفتح", "بجيش الفتح", "Jaish al-Fatah",
                                         "Jaysh al-Fath", "Army of Conquest")}  # type: ignore[union-attr]
    assert ids == {"jaish-al-fatah"}
    assert lex.resolve("فيلق الشام").id == lex.resolve("Faylaq al-Sham").id == "failaq-al-sham"  # type: ignore[union-attr]
    assert lex.resolve("نادي كرة القدم") is None


def test_recognition_corpus_report(capsys: pytest.CaptureFixture[str]) -> None:
    records = [json.loads(line) for line in RECOGNITION.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    assert len(records) >= 30
    actors, places = score_recognition(records, load_lexicon())
    with capsys.disabled():
        print(f"\nrecognition corpus ({len(records)} paragraphs): "
              f"actors P={actors.precision:.3f} R={actors.recall:.3f} "
              f"places P={places.precision:.3f} R={places.recall:.3f}")
    assert actors.recall >= 0.95 and actors.precision >= 0.9, (actors.misses, actors.false)
    assert places.recall >= 0.9 and places.precision >= 0.9, (places.misses, places.false)
