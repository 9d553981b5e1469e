"""``tahaluf lexicon lint``: every problem in the language data files, as
``file:line id: message``.

Checks every string in every data file (NFC, no presentation forms, no tatweel, no
Persian ی/ک, no diacritics in names); every YAML file against its schema
(:mod:`tahaluf.lexicon.schemas`: unknown or duplicate keys, missing keys, wrong types, values
outside their set; a file without a schema is a problem too); and across the actor files:
coalition_kind exactly on coalitions, unique ids, rename links that exist, and aliases
shared by two actors unless both mark them ``ambiguous_ar``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tahaluf.lexicon.schema import COALITION_KINDS
from tahaluf.lexicon.schemas import schema_for
from tahaluf.lexicon.shape import check
from tahaluf.resources import data_dir
from tahaluf.text.normalize import fold

_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_TATWEEL = "\u0640"
_PERSIAN = re.compile("[\u06cc\u06a9]")
_HARAKAT = re.compile("[\u064b-\u0652\u0670]")
_ARABIC = re.compile("[\u0600-\u06ff]")


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    ident: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.ident}: {self.message}"


def _scalars(node: yaml.Node, owner: str = "-") -> Iterator[tuple[str, int, str]]:
    """Every string scalar with its line (1-based) and the id of the record around it."""
    if isinstance(node, yaml.ScalarNode):
        if isinstance(node.value, str):
            yield node.value, node.start_mark.line + 1, owner
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item, owner)
    elif isinstance(node, yaml.MappingNode):
        ident = owner
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == "id" and isinstance(v, yaml.ScalarNode):
                ident = v.value
        for _k, v in node.value:
            yield from _scalars(v, ident)


def _text_problems(path: str, node: yaml.Node) -> Iterator[Problem]:
    for value, line, ident in _scalars(node):
        if unicodedata.normalize("NFC", value) != value:
            yield Problem(path, line, ident, f"not NFC: {value!r}")
        if _PRESENTATION.search(value):
            yield Problem(path, line, ident, f"presentation-form letters (U+FB50-FEFF) in {value!r}")
        if _TATWEEL in value:
            yield Problem(path, line, ident, f"tatweel in {value!r}")
        if _PERSIAN.search(value):
            yield Problem(path, line, ident, f"Persian ی/ک in {value!r}; use ي/ك")


def _lines_of(node: yaml.Node) -> dict[str, int]:
    out: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == "actors" and isinstance(
                    v, yaml.SequenceNode):
                for item in v.value:
                    if isinstance(item, yaml.MappingNode):
                        for kk, vv in item.value:
                            if kk.value == "id" and isinstance(vv, yaml.ScalarNode):
                                out[vv.value] = item.start_mark.line + 1
    return out


def _str_values(value: Any) -> list[str]:
    """A string or a list of them, as the loader reads it; anything else is the schema's."""
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def _actor_problems(files: list[Path]) -> Iterator[Problem]:
    seen_ids: dict[str, str] = {}
    alias_owner: dict[str, list[tuple[str, str, int, bool]]] = defaultdict(list)
    renames: list[tuple[str, int, str, str]] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
            node = yaml.compose(text)
            spec: Any = yaml.safe_load(text) or {}
        except (UnicodeDecodeError, yaml.YAMLError):
            continue  # reported by lint() as not UTF-8 or invalid YAML
        lines = _lines_of(node) if node is not None else {}
        # missing keys, wrong types and unknown kinds are the schema's (schemas.py) to report
        records = spec.get("actors") if isinstance(spec, dict) else None
        for raw in records if isinstance(records, list) else []:
            if not isinstance(raw, dict):
                continue
            ident = str(raw.get("id") or "?")
            line = lines.get(ident, 1)
            p = str(path)
            if ident in seen_ids:
                yield Problem(p, line, ident, f"duplicate id (also in {seen_ids[ident]})")
            seen_ids[ident] = p
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", ident):
                yield Problem(p, line, ident, "id must be kebab-case ASCII")
            kind = raw.get("kind")
            ck = raw.get("coalition_kind")
            if kind == "coalition" and not (isinstance(ck, str) and ck in COALITION_KINDS):
                yield Problem(p, line, ident, "a coalition needs coalition_kind "
                              + "|".join(sorted(COALITION_KINDS)))
            if kind != "coalition" and ck is not None:
                yield Problem(p, line, ident, "coalition_kind is only for coalitions")
            for key in ("renamed_from", "renamed_to"):
                if raw.get(key):
                    renames.append((p, line, ident, str(raw[key])))
            leads = raw.get("leads") or []
            if leads and kind != "person":
                yield Problem(p, line, ident, "leads is only for persons")
            for item in leads if isinstance(leads, list) else [leads]:
                if not isinstance(item, dict) or not item.get("actor"):
                    continue  # the schema reports it
                renames.append((p, line, ident, str(item["actor"])))
                lo, hi = item.get("from"), item.get("to")
                if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
                    yield Problem(p, line, ident, f"leads {item['actor']}: from after to")
            amb = raw.get("ambiguous_ar") or []
            own_ambiguous = {fold(v) for v in _str_values(amb)}
            for key in ("name_ar", "aliases_ar", "short_ar", "ambiguous_ar"):
                for v in _str_values(raw.get(key)):
                    if _HARAKAT.search(str(v)):
                        yield Problem(p, line, ident, f"diacritics in {key} {v!r}")
                    if key != "short_ar" and not _ARABIC.search(str(v)):
                        yield Problem(p, line, ident, f"{key} {v!r} has no Arabic letters")
                    if key in ("name_ar", "aliases_ar", "ambiguous_ar"):
                        alias_owner[fold(str(v))].append(
                            (ident, p, line, fold(str(v)) in own_ambiguous))
    for p, line, ident, target in renames:
        if target not in seen_ids:
            yield Problem(p, line, ident, f"link to unknown actor {target!r}")
    for alias, owners in alias_owner.items():
        ids = {o[0] for o in owners}
        if len(ids) > 1 and not all(o[3] for o in owners):
            for ident, p, line, ambiguous in owners:
                if not ambiguous:
                    others = ", ".join(sorted(ids - {ident}))
                    yield Problem(p, line, ident, f"alias {alias!r} is shared with {others}; "
                                  "list it under ambiguous_ar in every actor that uses it")


def _schema_problems(path: Path, relative: str, node: yaml.Node | None) -> Iterator[Problem]:
    shape = schema_for(relative)
    if shape is None:
        yield Problem(str(path), 1, "-", f"no schema for data file {relative!r}; add one to "
                      "tahaluf/lexicon/schemas.py")
        return
    if node is None:
        yield Problem(str(path), 1, "-", "empty data file")
        return
    for line, ident, message in check(node, shape):
        yield Problem(str(path), line, ident, message)


def lint(root: Path | None = None) -> list[Problem]:
    root = root or data_dir()
    problems: list[Problem] = []
    files = sorted(root.rglob("*.yaml"))
    for path in files:
        try:
            node = yaml.compose(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            problems.append(Problem(str(path), 1, "-", f"not UTF-8: {exc.reason}"))
            continue
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problems.append(Problem(str(path), (mark.line + 1) if mark else 1, "-",
                                    f"invalid YAML: {exc}"))
            continue
        if node is not None:
            problems.extend(_text_problems(str(path), node))
        problems.extend(_schema_problems(path, path.relative_to(root).as_posix(), node))
    problems.extend(_actor_problems(sorted((root / "actors").glob("*.yaml"))))
    return problems


def stats() -> dict[str, Any]:
    from tahaluf.lexicon.core import load_lexicon

    lex = load_lexicon()
    kinds = Counter(a.kind for a in lex.actors.values())
    ck = Counter(a.coalition_kind for a in lex.actors.values() if a.coalition_kind)
    levels = Counter(p.level for p in lex.places.values())
    aliases = sum(1 + len(a.aliases_ar) + len(a.short_ar) + len(a.ambiguous_ar)
                  for a in lex.actors.values())
    return {"version": lex.version, "actors": len(lex.actors), "arabic_forms": aliases,
            "by_kind": dict(sorted(kinds.items())),
            "by_coalition_kind": dict(sorted(ck.items())),
            "places": len(lex.places), "places_by_level": dict(sorted(levels.items()))}
