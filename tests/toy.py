"""A toy lexicon of invented groups and places for logic tests (PETRARCH's Arnor/Gondor)."""

from __future__ import annotations

import functools

from tahaluf.lexicon.core import Lexicon, build_lexicon
from tahaluf.lexicon.schema import ActorRecord, PlaceRecord

ACTORS = [
    ActorRecord("valley-army", "Valley Army", "جيش الوادي", "coalition", "operations_room",
                aliases_ar=("غرفة عمليات جيش الوادي",), short_ar=("الجيش",),
                aliases_en=("Jaish al-Wadi",)),
    ActorRecord("mountain-corps", "Mountain Corps", "فيلق الجبل", "faction", short_ar=("الفيلق",)),
    ActorRecord("river-movement", "River Movement", "حركة النهر", "faction"),
    ActorRecord("plain-brigade", "Plain Brigade", "لواء السهل", "faction"),
    ActorRecord("coast-front", "Coast Front", "جبهة الساحل", "coalition", "merger",
                short_ar=("الجبهة",)),
    ActorRecord("dawn-battalions", "Dawn Battalions", "كتائب الفجر", "faction"),
    ActorRecord("desert-front", "Desert Front", "جبهة الصحراء", "coalition", "front"),
    ActorRecord("old-guard", "Old Guard", "الحرس القديم", "jihadist_org"),
    ActorRecord("new-guard", "New Guard", "الحرس الجديد", "jihadist_org"),
    ActorRecord("capital-forces", "Capital forces", "قوات العاصمة", "state_force"),
]
PLACES = [
    PlaceRecord("star-hill", "Star Hill", "تل النجوم", "town", 35.0, 37.0),
    PlaceRecord("moon-city", "Moon City", "مدينة القمر", "city", 35.5, 37.5),
    PlaceRecord("south-plain", "southern plain countryside", "ريف السهل الجنوبي", "region", 35.2, 37.1),
]


@functools.cache
def toy_lexicon() -> Lexicon:
    return build_lexicon(ACTORS, PLACES, version="toy")
