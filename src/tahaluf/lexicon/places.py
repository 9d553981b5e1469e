"""The place gazetteer: curated places, GeoNames places and the user's imported files.

Three sources, merged in this order (an earlier source wins a field; later ones add
aliases):

1. ``data/places/curated.yaml`` — written by the team;
2. ``data/places/geonames_sy.json`` — built from GeoNames by ``scripts/build_places.py``;
3. ``*.json`` files in :func:`places_dir_user`, written by ``tahaluf places import``, then
   any ``extra_files`` the caller names.

Two records are one place when a curated record names the other's GeoNames id, or when
one's folded Arabic name is the other's name or alias and they lie within
:data:`MERGE_KM` of each other (areas — country, governorate, region — only merge with
records of the same level). ``data/places/stop.yaml`` lists the forms that are never a
place on their own and the names that need a cue (:func:`needs_context`).

The importer (:func:`import_places`) reads OpenSyria/OCHA-style JSON, GeoJSON feature
collections and this module's own JSON format, and reports every problem as
``file:index id: message``.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tahaluf.errors import InputError, LexiconError
from tahaluf.lexicon.schema import PLACE_LEVELS, PlaceRecord
from tahaluf.resources import data_dir, load_yaml
from tahaluf.text.normalize import fold

MERGE_KM = 10.0
AREA_LEVELS = frozenset({"country", "governorate", "region"})
#: Syria's bounding box (lat_min, lat_max, lon_min, lon_max) and the margin the importer
#: allows around it before it calls a coordinate wrong (often: latitude and longitude swapped)
SYRIA_BBOX = (32.3, 37.4, 35.6, 42.4)
IMPORT_MARGIN = 0.5
SOURCE_CURATED = "curated"
SOURCE_GEONAMES = "geonames"
_ARTICLE = "ال"

# removed from imported Arabic names: harakat, dagger alef, tatweel, bidi/zero-width marks
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u06d6-\u06ed\u200b-\u200f\u202a-\u202e"
                    "\u2066-\u2069\ufeff]")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
#: the curated data's standard: Arabic letters hamza..yeh (no tatweel) and single spaces
_STANDARD_AR = re.compile("[\u0621-\u063a\u0641-\u064a]+(?: [\u0621-\u063a\u0641-\u064a]+)*")
_PAREN = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<alias>[^()]+)\)$")


# ── where the user's files live ──────────────────────────────────────────────────────

def tahaluf_home() -> Path:
    """``$TAHALUF_HOME``, else ``$XDG_DATA_HOME/tahaluf``, else ``~/.local/share/tahaluf``."""
    home = os.environ.get("TAHALUF_HOME")
    if home:
        return Path(home).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "tahaluf"


def places_dir_user() -> Path:
    """The folder that holds imported gazetteers (not created here)."""
    return tahaluf_home() / "places"


def user_place_files() -> list[Path]:
    folder = places_dir_user()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


# ── names and forms ──────────────────────────────────────────────────────────────────

def folded_form(text: str) -> str:
    """The matching form of a name: :func:`fold` with single spaces."""
    return " ".join(fold(text).split())


def letters_without_article(form: str) -> int:
    form = form.replace(" ", "")
    return len(form) - 2 if form.startswith(_ARTICLE) and len(form) > 2 else len(form)


def is_standard_arabic(text: str) -> bool:
    """Standard Arabic letters and single spaces only, NFC (the curated data's rule)."""
    return bool(_STANDARD_AR.fullmatch(text)) and unicodedata.is_normalized("NFC", text)


def clean_name_ar(text: str) -> str:
    """An imported Arabic name made standard: NFC, presentation forms decomposed, harakat,
    tatweel and direction marks removed, spaces collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return " ".join(_MARKS.sub("", text).split())


def _arabic_name_problem(text: str) -> str | None:
    if not text:
        return "empty Arabic name"
    bad = sorted({c for c in text if c != " " and not ("\u0620" <= c <= "\u064a"
                                                       or "\u066e" <= c <= "\u06d3")})
    if bad:
        shown = " ".join(f"{c!r} (U+{ord(c):04X})" for c in bad[:5])
        return f"Arabic name {text!r} has characters that are not Arabic letters: {shown}"
    return None


@dataclass(frozen=True, slots=True)
class PlaceStoplist:
    """``data/places/stop.yaml``, folded."""

    not_places: frozenset[str] = frozenset()
    needs_context: frozenset[str] = frozenset()
    short_ok: frozenset[str] = frozenset()


def _names(items: Iterable[Any] | None) -> frozenset[str]:
    out = set()
    for item in items or ():
        name = item.get("name") if isinstance(item, Mapping) else item
        if isinstance(name, str) and name.strip():
            out.add(folded_form(name))
    return frozenset(out)


@functools.cache
def load_stoplist() -> PlaceStoplist:
    spec = load_yaml("places/stop.yaml") or {}
    return PlaceStoplist(not_places=_names(spec.get("not_places")),
                         needs_context=_names(spec.get("needs_context")),
                         short_ok=_names(spec.get("short_ok")))


def needs_context(form: str, stop: PlaceStoplist | None = None) -> bool:
    """True if the (folded) form is a place only after a cue: listed in ``needs_context``,
    or 1-3 letters long (article not counted) and not reviewed as ``short_ok``."""
    stop = stop or load_stoplist()
    key = folded_form(form)
    if key in stop.needs_context:
        return True
    return letters_without_article(key) <= 3 and key not in stop.short_ok


def place_surface_forms(p: PlaceRecord, stop: PlaceStoplist | None = None) -> list[str]:
    """The folded Arabic forms the matcher indexes for ``p``: name and aliases, and for
    forms that start with ال also the form without it — unless that bare form is listed
    in ``not_places``, is 1-3 letters long, or comes from a name that needs context."""
    stop = stop or load_stoplist()
    out: list[str] = []
    for raw in (p.name_ar, *p.aliases_ar):
        key = folded_form(raw)
        if not key or key in stop.not_places:
            continue
        if key not in out:
            out.append(key)
        if key.startswith(_ARTICLE) and key not in stop.needs_context:
            bare = key[len(_ARTICLE):]
            if (bare not in stop.not_places and bare not in out
                    and (letters_without_article(bare) > 3 or bare in stop.short_ok)):
                out.append(bare)
    return out


# ── records ──────────────────────────────────────────────────────────────────────────

def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def in_syria(lat: float, lon: float, margin: float = 0.0) -> bool:
    lat_min, lat_max, lon_min, lon_max = SYRIA_BBOX
    return (lat_min - margin <= lat <= lat_max + margin
            and lon_min - margin <= lon <= lon_max + margin)


def place_to_json(p: PlaceRecord) -> dict[str, Any]:
    """Every field of a record, for the files the importer writes."""
    return {"id": p.id, "name_en": p.name_en, "name_ar": p.name_ar, "level": p.level,
            "lat": p.lat, "lon": p.lon, "aliases_ar": list(p.aliases_ar),
            "aliases_en": list(p.aliases_en), "parent": p.parent, "source": p.source,
            "extra": dict(sorted(p.extra.items()))}


def _str_list(value: Any, what: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{what} must be a list of strings")
        return ()
    return tuple(" ".join(v.split()) for v in value if v.strip())


def _coordinate(value: Any, what: str, low: float, high: float,
                problems: list[str]) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = float(str(value))
        except ValueError:
            problems.append(f"{what} {value!r} is not a number")
            return None
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        problems.append(f"{what} {number} is outside [{low}, {high}]")
        return None
    return number


def record_from_mapping(d: Mapping[str, Any], *, source: str, strict_arabic: bool,
                        ) -> tuple[PlaceRecord | None, list[str], list[str]]:
    """(record or None, problems, warnings) for the JSON/YAML form of a place.

    ``strict_arabic`` (the curated data): names and aliases must already be standard
    Arabic. Otherwise they are cleaned with :func:`clean_name_ar` first, and an alias that
    is still not Arabic is left out with a warning instead of rejecting the record.
    """
    problems: list[str] = []
    warnings: list[str] = []
    pid = d.get("id")
    if not isinstance(pid, str) or not pid.strip():
        problems.append("missing id")
        pid = ""
    name_en = d.get("name_en")
    if not isinstance(name_en, str) or not name_en.strip():
        problems.append("missing name_en")
        name_en = ""
    level = d.get("level")
    if level not in PLACE_LEVELS:
        problems.append(f"level {level!r} is not one of {', '.join(sorted(PLACE_LEVELS))}")
    raw_ar = d.get("name_ar")
    aliases_ar = _str_list(d.get("aliases_ar"), "aliases_ar", problems)
    if not isinstance(raw_ar, str):
        problems.append("missing name_ar")
        name_ar = ""
    elif strict_arabic:
        name_ar = raw_ar
        for text in (raw_ar, *aliases_ar):
            if not is_standard_arabic(text):
                problems.append(f"{text!r} is not standard Arabic letters (no diacritics, "
                                "tatweel or presentation forms; NFC; single spaces)")
    else:
        name_ar = clean_name_ar(raw_ar)
        problem = _arabic_name_problem(name_ar)
        if problem:
            problems.append(problem)
        kept = []
        for alias in (clean_name_ar(x) for x in aliases_ar):
            problem = _arabic_name_problem(alias) if alias else None
            if problem:
                warnings.append(f"alias left out: {problem}")
            elif alias:
                kept.append(alias)
        aliases_ar = tuple(kept)
    aliases_en = _str_list(d.get("aliases_en"), "aliases_en", problems)
    lat = _coordinate(d.get("lat"), "lat", -90, 90, problems)
    lon = _coordinate(d.get("lon"), "lon", -180, 180, problems)
    if (lat is None) != (lon is None) and not problems:
        problems.append("lat and lon must be given together")
    parent = d.get("parent")
    if parent is not None and not isinstance(parent, str):
        problems.append("parent must be an id (a string)")
        parent = None
    extra: dict[str, str] = {}
    raw_extra = d.get("extra")
    if isinstance(raw_extra, Mapping):
        extra.update({str(k): str(v) for k, v in raw_extra.items() if v is not None})
    for key in ("geonames", "note"):
        if d.get(key) is not None:
            extra[key] = str(d[key])
    if problems:
        return None, problems, warnings
    record = PlaceRecord(
        id=pid, name_en=" ".join(name_en.split()), name_ar=name_ar, level=str(level),
        lat=lat, lon=lon, aliases_ar=aliases_ar,
        aliases_en=aliases_en,
        parent=parent, source=str(d.get("source") or source), extra=extra)
    return record, problems, warnings


# ── the packaged data ────────────────────────────────────────────────────────────────

def _raise_problems(where: str, problems: Sequence[str]) -> None:
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise LexiconError(f"{where}: {len(problems)} problem(s):\n  {shown}{more}",
                           hint="fix the data file; 'tahaluf lexicon lint' checks it")


@functools.cache
def load_curated() -> tuple[PlaceRecord, ...]:
    """``data/places/curated.yaml`` (validated: every problem is reported at once)."""
    spec = load_yaml("places/curated.yaml") or {}
    out: list[PlaceRecord] = []
    problems: list[str] = []
    seen: set[str] = set()
    for i, entry in enumerate(spec.get("places") or ()):
        if not isinstance(entry, Mapping):
            problems.append(f"curated.yaml:{i}: not a mapping")
            continue
        record, errs, _ = record_from_mapping(entry, source=SOURCE_CURATED,
                                              strict_arabic=True)
        pid = entry.get("id", "?")
        problems += [f"curated.yaml:{i} {pid}: {e}" for e in errs]
        if record is not None:
            if record.id in seen:
                problems.append(f"curated.yaml:{i} {pid}: duplicate id")
            seen.add(record.id)
            out.append(record)
    _raise_problems("data/places/curated.yaml", problems)
    return tuple(out)


def _read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError as exc:
        raise InputError(str(path), "no such file") from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text ({exc.reason})",
                         hint="save the file as UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not valid JSON: {exc.msg}", line=exc.lineno) from exc


def geonames_file() -> Path:
    return data_dir() / "places" / "geonames_sy.json"


@functools.cache
def load_geonames() -> tuple[PlaceRecord, ...]:
    """``data/places/geonames_sy.json`` as records (``extra``: geonames id, population)."""
    doc = _read_json(geonames_file())
    out: list[PlaceRecord] = []
    for item in doc.get("places") or ():
        out.append(PlaceRecord(
            id=item["id"], name_en=item["name_en"], name_ar=item["name_ar"],
            level=item["level"], lat=item["lat"], lon=item["lon"],
            aliases_ar=tuple(item.get("aliases_ar") or ()),
            aliases_en=tuple(item.get("aliases_en") or ()), parent=item.get("parent"),
            source=SOURCE_GEONAMES,
            extra={"geonames": str(item["geonameid"]),
                   "population": str(item.get("population") or 0)}))
    return tuple(out)


def load_place_file(path: Path) -> list[PlaceRecord]:
    """A file written by ``tahaluf places import`` (records as :func:`place_to_json`)."""
    doc = _read_json(path)
    items = doc.get("places") if isinstance(doc, Mapping) else None
    if not isinstance(items, list):
        raise InputError(str(path), "no 'places' list: not a file written by "
                         "'tahaluf places import'", hint="import the original file again")
    out: list[PlaceRecord] = []
    problems: list[str] = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            problems.append(f"{path.name}:{i}: not an object")
            continue
        record, errs, _ = record_from_mapping(item, source=f"user:{path.stem}",
                                              strict_arabic=False)
        problems += [f"{path.name}:{i} {item.get('id', '?')}: {e}" for e in errs]
        if record is not None:
            out.append(record)
    _raise_problems(str(path), problems)
    return out


# ── merging ──────────────────────────────────────────────────────────────────────────

@dataclass
class _Acc:
    record: PlaceRecord
    aliases_ar: list[str]
    aliases_en: list[str]
    extra: dict[str, str]
    lat: float | None
    lon: float | None
    parent: str | None
    merged: list[str] = field(default_factory=list)

    def forms(self) -> set[str]:
        return {folded_form(x) for x in (self.record.name_ar, *self.aliases_ar)}

    def build(self) -> PlaceRecord:
        extra = dict(self.extra)
        if self.merged:
            extra["merged"] = ",".join(self.merged)
        r = self.record
        return PlaceRecord(id=r.id, name_en=r.name_en, name_ar=r.name_ar, level=r.level,
                           lat=self.lat, lon=self.lon, aliases_ar=tuple(self.aliases_ar),
                           aliases_en=tuple(self.aliases_en), parent=self.parent,
                           source=r.source, extra=extra)


def _compatible(a: str, b: str) -> bool:
    return a == b if (a in AREA_LEVELS or b in AREA_LEVELS) else True


def _absorb(acc: _Acc, r: PlaceRecord) -> None:
    forms = acc.forms()
    for text in (r.name_ar, *r.aliases_ar):
        key = folded_form(text)
        if key and key not in forms:
            acc.aliases_ar.append(text)
            forms.add(key)
    seen_en = {x.casefold() for x in (acc.record.name_en, *acc.aliases_en)}
    for text in (r.name_en, *r.aliases_en):
        if text and text.casefold() not in seen_en:
            acc.aliases_en.append(text)
            seen_en.add(text.casefold())
    if acc.lat is None and r.lat is not None:
        acc.lat, acc.lon = r.lat, r.lon
    acc.parent = acc.parent or r.parent
    for k, v in r.extra.items():
        acc.extra.setdefault(k, v)
    acc.merged.append(r.id)


def merge_places(groups: Iterable[Iterable[PlaceRecord]]) -> list[PlaceRecord]:
    """One record per place (see the module docstring); the first record of a place
    keeps its id, names, level and source."""
    accs: list[_Acc] = []
    by_form: dict[str, list[int]] = {}
    by_geonames: dict[str, int] = {}
    ids: set[str] = set()
    for group in groups:
        for r in group:
            target = by_geonames.get(r.extra.get("geonames", ""))
            if target is None and r.lat is not None and r.lon is not None:
                key = folded_form(r.name_ar)
                alias_keys = {folded_form(a) for a in r.aliases_ar}
                candidates = set(by_form.get(key, ()))
                candidates |= {i for i, a in enumerate(accs)
                               if folded_form(a.record.name_ar) in alias_keys}
                best: tuple[float, int] | None = None
                for i in sorted(candidates):
                    a = accs[i]
                    if a.lat is None or a.lon is None:
                        continue
                    if not _compatible(a.record.level, r.level):
                        continue
                    km = haversine_km(a.lat, a.lon, r.lat, r.lon)
                    if km <= MERGE_KM and (best is None or km < best[0]):
                        best = (km, i)
                target = best[1] if best else None
            if target is not None:
                _absorb(accs[target], r)
                index = target
            elif r.id in ids:
                continue  # the same id again (a file imported twice): the first one stays
            else:
                accs.append(_Acc(r, list(r.aliases_ar), list(r.aliases_en), dict(r.extra),
                                 r.lat, r.lon, r.parent))
                index = len(accs) - 1
                ids.add(r.id)
            for form in accs[index].forms():
                if index not in by_form.setdefault(form, []):
                    by_form[form].append(index)
            gid = r.extra.get("geonames")
            if gid:
                by_geonames.setdefault(gid, index)
    return [a.build() for a in accs]


def load_places(extra_files: Sequence[Path] = (), *,
                include_user: bool = True) -> list[PlaceRecord]:
    """Curated + GeoNames + the user's imported files (+ ``extra_files``), merged.

    Settlements come before areas (country, governorate, region): a matcher that takes
    the first record of a name reads bare "إدلب" as the city, as outlets mostly mean it;
    the governorate is named by its alias "محافظة إدلب".
    """
    groups: list[Iterable[PlaceRecord]] = [load_curated(), load_geonames()]
    files = (user_place_files() if include_user else []) + list(extra_files)
    groups += [load_place_file(Path(f)) for f in files]
    merged = merge_places(groups)
    return sorted(merged, key=lambda p: p.level in AREA_LEVELS)


# ── importing other gazetteers ───────────────────────────────────────────────────────

@dataclass
class ImportResult:
    """What :func:`import_places` read: the accepted records and every problem."""

    path: Path
    format: str
    total: int = 0
    records: list[PlaceRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # each rejects its record
    warnings: list[str] = field(default_factory=list)  # the record is kept

    @property
    def rejected(self) -> int:
        return self.total - len(self.records)


_OSM_LEVELS = {"city": "city", "town": "town", "village": "village", "hamlet": "village",
               "locality": "village", "isolated_dwelling": "village", "suburb": "neighbourhood",
               "quarter": "neighbourhood", "neighbourhood": "neighbourhood",
               "camp": "landmark", "region": "region", "district": "district",
               "subdistrict": "subdistrict", "governorate": "governorate",
               "state": "governorate", "province": "governorate", "country": "country"}
_ADMIN_LEVELS = {1: "governorate", 2: "district", 3: "subdistrict", 4: "village"}


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", ascii_lower(text)).strip("-")
    return s or "places"


def ascii_lower(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii()).lower()


def _split_paren(name: str) -> tuple[str, str | None]:
    m = _PAREN.match(name)
    return (m["name"].strip(), m["alias"].strip()) if m else (name, None)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _opensyria_level(item: Mapping[str, Any]) -> str:
    kind = item.get("kind")
    if kind is not None:
        return _OSM_LEVELS.get(str(kind).lower(), str(kind))
    if item.get("subdistrictId"):
        return "village"
    if item.get("districtId"):
        return "subdistrict"
    if item.get("governorateId"):
        return "district"
    return "governorate"


def _opensyria_mapping(item: Mapping[str, Any]) -> dict[str, Any]:
    """An OpenSyria / OCHA-style record (``name.en``, ``name.ar``, ``aliases[]``,
    ``centroid``) in this module's field names."""
    name = _mapping(item.get("name"))
    aliases_ar: list[str] = []
    aliases_en: list[str] = []
    for alias in item.get("aliases") or ():
        if not isinstance(alias, Mapping) or not isinstance(alias.get("value"), str):
            continue
        lang = str(alias.get("language") or "").lower()
        (aliases_ar if lang == "ar" else aliases_en if lang == "en" else []).append(
            alias["value"])
    centroid = _mapping(item.get("centroid")) or _mapping(item.get("coordinates"))
    lat = centroid.get("latitude", centroid.get("lat"))
    lon = centroid.get("longitude", centroid.get("lon", centroid.get("lng")))
    external = _mapping(item.get("externalIds"))
    extra = {"ocha_pcode": external.get("ochaPcode"), "wikidata": external.get("wikidata"),
             "geonames": external.get("geonames")}
    return {"id": item.get("id"), "name_en": name.get("en"), "name_ar": name.get("ar"),
            "level": _opensyria_level(item), "lat": lat, "lon": lon,
            "aliases_ar": aliases_ar, "aliases_en": aliases_en,
            "parent": item.get("subdistrictId") or item.get("districtId")
            or item.get("governorateId"),
            "extra": {k: v for k, v in extra.items() if v}}


def _prop(props: Mapping[str, Any], *names: str) -> Any:
    lower = {str(k).lower(): v for k, v in props.items()}
    for n in names:
        v = lower.get(n.lower())
        if v not in (None, ""):
            return v
    return None


def _geometry_point(geometry: Any) -> tuple[Any, Any, str | None]:
    """(lat, lon, note) of a GeoJSON geometry: a Point, or the centre of the bounding box
    of a (Multi)Polygon or (Multi)LineString."""
    if not isinstance(geometry, Mapping):
        return None, None, None
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Point" and isinstance(coords, list) and len(coords) >= 2:
        return coords[1], coords[0], None
    points: list[tuple[float, float]] = []

    def walk(c: Any) -> None:
        if isinstance(c, list) and len(c) >= 2 and all(isinstance(x, (int, float))
                                                         for x in c[:2]):
            points.append((float(c[0]), float(c[1])))
        elif isinstance(c, list):
            for sub in c:
                walk(sub)

    walk(coords)
    if not points:
        return None, None, None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2,
            f"centre of the {kind} bounding box")


def _geojson_mapping(feature: Mapping[str, Any], index: int, stem: str) -> dict[str, Any]:
    props = _mapping(feature.get("properties"))
    admin = max((n for n in _ADMIN_LEVELS if _prop(props, f"ADM{n}_AR", f"ADM{n}_EN")),
                default=None)
    name_ar = _prop(props, "name_ar", "name:ar", "NAME_AR", "arabic_name", "name_arabic")
    name_en = _prop(props, "name_en", "name:en", "NAME_EN", "english_name")
    if admin is not None:
        name_ar = name_ar or _prop(props, f"ADM{admin}_AR")
        name_en = name_en or _prop(props, f"ADM{admin}_EN")
    name_en = name_en or _prop(props, "name")
    kind = _prop(props, "level", "place", "kind", "type")
    if kind is not None and str(kind).lower() in PLACE_LEVELS:
        level = str(kind).lower()
    elif kind is not None:
        level = _OSM_LEVELS.get(str(kind).lower(), str(kind))
    else:
        level = _ADMIN_LEVELS.get(admin, "village") if admin else "village"
    pid = _prop(props, "id", "pcode", f"ADM{admin}_PCODE" if admin else "pcode") \
        or feature.get("id") or f"{stem}-{index}"
    parent = _prop(props, f"ADM{admin - 1}_PCODE") if admin and admin > 1 else None
    lat, lon, note = _geometry_point(feature.get("geometry"))
    aliases_ar = _prop(props, "aliases_ar", "alt_name:ar") or []
    aliases_en = _prop(props, "aliases_en", "alt_name:en", "alt_name") or []
    if isinstance(aliases_ar, str):
        aliases_ar = [a.strip() for a in aliases_ar.split(";")]
    if isinstance(aliases_en, str):
        aliases_en = [a.strip() for a in aliases_en.split(";")]
    return {"id": str(pid), "name_en": name_en, "name_ar": name_ar, "level": level,
            "lat": lat, "lon": lon, "aliases_ar": aliases_ar, "aliases_en": aliases_en,
            "parent": str(parent) if parent else None,
            "extra": {"coordinates": note} if note else {}}


def detect_format(doc: Any) -> tuple[str, list[Any]]:
    """("geojson" | "opensyria" | "tahaluf", the list of records) or InputError's reason."""
    if isinstance(doc, Mapping) and doc.get("type") == "FeatureCollection":
        features = doc.get("features")
        return "geojson", features if isinstance(features, list) else []
    items: Any = doc
    if isinstance(doc, Mapping):
        for key in ("places", "items", "records", "data"):
            if isinstance(doc.get(key), list):
                items = doc[key]
                break
    if not isinstance(items, list):
        raise ValueError("expected a JSON list of places, an object with a 'places' or "
                         "'items' list, or a GeoJSON FeatureCollection")
    sample = next((x for x in items if isinstance(x, Mapping)), {})
    if "name_ar" in sample or "name_en" in sample:
        return "tahaluf", items
    return "opensyria", items


def import_places(path: Path) -> ImportResult:
    """Read and validate a gazetteer file; raises :class:`InputError` if the file as a
    whole cannot be read. Problems are ``file:index id: message`` (index from 0)."""
    doc = _read_json(path)
    try:
        fmt, items = detect_format(doc)
    except ValueError as exc:
        raise InputError(str(path), str(exc)) from exc
    result = ImportResult(path=path, format=fmt, total=len(items))
    source = f"user:{slug(path.stem)}"
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            result.problems.append(f"{path.name}:{i} ?: not a JSON object")
            continue
        if fmt == "geojson":
            mapping = _geojson_mapping(item, i, slug(path.stem))
        elif fmt == "opensyria":
            mapping = _opensyria_mapping(item)
        else:
            mapping = dict(item)
        if isinstance(mapping.get("name_ar"), str):
            name, alias = _split_paren(clean_name_ar(mapping["name_ar"]))
            mapping["name_ar"] = name
            if alias:
                mapping["aliases_ar"] = [alias, *(mapping.get("aliases_ar") or [])]
        record, errs, warns = record_from_mapping(mapping, source=source, strict_arabic=False)
        pid = str(mapping.get("id") or "?")
        result.warnings += [f"{path.name}:{i} {pid}: {w}" for w in warns]
        if record is not None and record.lat is not None and record.lon is not None \
                and not in_syria(record.lat, record.lon, IMPORT_MARGIN):
            errs = [f"coordinates ({record.lat}, {record.lon}) fall outside Syria "
                    "(latitude and longitude swapped?)"]
            record = None
        if record is not None and record.id in seen:
            errs = [f"duplicate id (first at index {seen[record.id]})"]
            record = None
        result.problems += [f"{path.name}:{i} {pid}: {e}" for e in errs]
        if record is not None:
            seen[record.id] = i
            extra = {**record.extra, "imported_from": path.name}
            result.records.append(PlaceRecord(
                id=record.id, name_en=record.name_en, name_ar=record.name_ar,
                level=record.level, lat=record.lat, lon=record.lon,
                aliases_ar=_dedupe_ar(record.name_ar, record.aliases_ar),
                aliases_en=_dedupe_en(record.name_en, record.aliases_en),
                parent=record.parent, source=source, extra=extra))
    return result


def _dedupe_ar(name: str, aliases: Iterable[str]) -> tuple[str, ...]:
    seen = {folded_form(name)}
    out = []
    for a in aliases:
        key = folded_form(a)
        if key and key not in seen:
            seen.add(key)
            out.append(a)
    return tuple(out)


def _dedupe_en(name: str, aliases: Iterable[str]) -> tuple[str, ...]:
    seen = {name.casefold()}
    out = []
    for a in aliases:
        if a and a.casefold() not in seen:
            seen.add(a.casefold())
            out.append(a)
    return tuple(out)


def imported_file_name(path: Path) -> str:
    return f"{slug(path.stem)}.json"


def save_imported(result: ImportResult, folder: Path | None = None) -> Path:
    """Write the accepted records of ``result`` into the user's places folder (or
    ``folder``) as ``<slug of the input name>.json``; an earlier import of the same name
    is replaced."""
    folder = folder or places_dir_user()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / imported_file_name(result.path)
    doc = {"id": f"user-{slug(result.path.stem)}", "source": result.path.name,
           "format": result.format, "imported_with": "tahaluf places import",
           "count": len(result.records),
           "places": [place_to_json(r) for r in result.records]}
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                   encoding="utf-8")
    tmp.replace(target)
    return target
