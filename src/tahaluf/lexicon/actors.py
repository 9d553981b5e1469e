"""Loading the actor lexicon (``data/actors/*.yaml``) into :class:`ActorRecord` values."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from tahaluf.errors import LexiconError
from tahaluf.lexicon.schema import ACTOR_KINDS, COALITION_KINDS, ActorRecord, Leadership
from tahaluf.resources import data_dir


def actor_files() -> list[Path]:
    return sorted((data_dir() / "actors").glob("*.yaml"))


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _active(value: Any) -> tuple[int | None, int | None]:
    if not value:
        return (None, None)
    if isinstance(value, int):
        return (value, None)
    lo = value[0] if len(value) > 0 else None
    hi = value[1] if len(value) > 1 else None
    return (int(lo) if lo is not None else None, int(hi) if hi is not None else None)


def _leads(ident: str, value: Any) -> tuple[Leadership, ...]:
    out = []
    for item in value or []:
        if not isinstance(item, dict) or not item.get("actor"):
            raise LexiconError(f"actor {ident}: each leads entry needs an actor",
                               hint="leads: [{actor: ID, from: YEAR, to: YEAR, source: ...}]")
        lo, hi = item.get("from"), item.get("to")
        out.append(Leadership(str(item["actor"]), int(lo) if lo is not None else None,
                              int(hi) if hi is not None else None, str(item.get("source") or "")))
    return tuple(out)


def record_from_dict(raw: dict[str, Any], default_source: str = "") -> ActorRecord:
    """Build a record; raise :class:`LexiconError` naming the first problem."""
    for key in ("id", "name_en", "name_ar", "kind"):
        if not raw.get(key):
            raise LexiconError(f"actor {raw.get('id', '?')}: missing {key}")
    kind = str(raw["kind"])
    if kind not in ACTOR_KINDS:
        raise LexiconError(f"actor {raw['id']}: unknown kind {kind!r}",
                           hint="one of " + ", ".join(sorted(ACTOR_KINDS)))
    ck = raw.get("coalition_kind")
    if ck is not None and ck not in COALITION_KINDS:
        raise LexiconError(f"actor {raw['id']}: unknown coalition_kind {ck!r}")
    return ActorRecord(
        id=str(raw["id"]), name_en=str(raw["name_en"]), name_ar=str(raw["name_ar"]), kind=kind,
        coalition_kind=ck, aliases_ar=_tuple(raw.get("aliases_ar")),
        short_ar=_tuple(raw.get("short_ar")), ambiguous_ar=_tuple(raw.get("ambiguous_ar")),
        aliases_en=_tuple(raw.get("aliases_en")), active=_active(raw.get("active")),
        renamed_from=raw.get("renamed_from"), renamed_to=raw.get("renamed_to"),
        note=str(raw.get("note") or ""), source=str(raw.get("source") or default_source),
        leads=_leads(str(raw["id"]), raw.get("leads")),
    )


def load_actor_file(path: Path) -> list[ActorRecord]:
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc
    default_source = str(spec.get("source") or "")
    return [record_from_dict(raw, default_source) for raw in spec.get("actors") or []]


def load_actors(files: Iterable[Path] | None = None) -> list[ActorRecord]:
    out: list[ActorRecord] = []
    seen: set[str] = set()
    for path in files if files is not None else actor_files():
        for rec in load_actor_file(path):
            if rec.id in seen:
                raise LexiconError(f"{path}: duplicate actor id {rec.id}",
                                   hint="run 'tahaluf lexicon lint'")
            seen.add(rec.id)
            out.append(rec)
    return out


def files_version(files: Iterable[Path]) -> str:
    """A short content hash of data files: the lexicon version stored with provenance."""
    h = hashlib.sha256()
    for p in sorted(files):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]
