"""Typed records of the lexicon data files."""

from __future__ import annotations

from dataclasses import dataclass, field

ACTOR_KINDS = frozenset({"faction", "coalition", "state_force", "militia", "jihadist_org",
                         "foreign_state", "person"})
COALITION_KINDS = frozenset({"operations_room", "merger", "front", "umbrella_army"})
PLACE_LEVELS = frozenset({"country", "governorate", "district", "subdistrict", "city", "town",
                          "village", "region", "neighbourhood", "landmark"})


@dataclass(frozen=True, slots=True)
class Leadership:
    """A person led (commanded, headed) an organisation from ``start`` to ``end`` (years,
    inclusive; ``None`` = unknown). Lexicon data, with its source: it maps a person named as
    the agent of an event to the organisation he spoke for on that date."""

    actor: str
    start: int | None = None
    end: int | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class ActorRecord:
    id: str
    name_en: str
    name_ar: str
    kind: str
    coalition_kind: str | None = None
    aliases_ar: tuple[str, ...] = ()
    short_ar: tuple[str, ...] = ()
    ambiguous_ar: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    active: tuple[int | None, int | None] = (None, None)
    renamed_from: str | None = None
    renamed_to: str | None = None
    note: str = ""
    source: str = ""
    known: bool = True
    #: for persons: the organisations led, with years
    leads: tuple[Leadership, ...] = ()

    def led_on(self, year: int | None) -> str | None:
        """The one organisation this person led in ``year`` (``None`` when none or several
        fit, or the year is unknown and he led more than one)."""
        fits = [ld.actor for ld in self.leads
                if year is None or ((ld.start is None or ld.start <= year)
                                    and (ld.end is None or year <= ld.end))]
        fits = list(dict.fromkeys(fits))
        return fits[0] if len(fits) == 1 else None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"id": self.id, "name_en": self.name_en, "name_ar": self.name_ar,
                                  "kind": self.kind}
        if self.coalition_kind:
            out["coalition_kind"] = self.coalition_kind
        if not self.known:
            out["known"] = False
        return out


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    """A gazetteer entry. ``level`` is one of :data:`PLACE_LEVELS`."""

    id: str
    name_en: str
    name_ar: str
    level: str
    lat: float | None = None
    lon: float | None = None
    aliases_ar: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    parent: str | None = None  # id of the enclosing governorate/district, when known
    source: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "name_en": self.name_en, "name_ar": self.name_ar,
                "level": self.level, "lat": self.lat, "lon": self.lon}
