"""The shape of every data file under ``data/`` (see :mod:`tahaluf.lexicon.shape`).

One entry per file the code reads; a YAML file with no entry here is itself a lint
problem, so a new data file comes with its schema. Keys the loaders read but no file uses
yet are listed too (optional), so adding them is not flagged.
"""

from __future__ import annotations

from collections.abc import Mapping

from tahaluf.lexicon.schema import ACTOR_KINDS, COALITION_KINDS, PLACE_LEVELS
from tahaluf.lexicon.shape import (
    BOOL,
    INT,
    NUM,
    STR,
    Enum,
    ListOf,
    MapOf,
    Pattern,
    Shape,
    opt,
    rec,
    strings,
)
from tahaluf.types import COALITION_EVENT_TYPES, OTHER_EVENT_TYPES

WORDS = ListOf(STR)
CODEPOINT = Pattern(r"U\+[0-9A-Fa-f]{4,6}", "a code point U+XXXX")
ISO_DAY = Pattern(r"\d{4}-\d{2}-\d{2}", "an ISO date YYYY-MM-DD")
EVENT_TYPE = Enum(frozenset(COALITION_EVENT_TYPES))
OTHER_TYPE = Enum(frozenset(OTHER_EVENT_TYPES))
TRIGGER_FORM = Enum(frozenset({"masdar", "verb", "verb_passive", "verb_genitive", "announce",
                               "agent_coalition", "rename", "participle"}))
PRECISION = Enum(frozenset({"day", "month", "year"}))
ACTOR_KIND = Enum(ACTOR_KINDS)
COALITION_KIND = Enum(COALITION_KINDS)

ACTOR_FILE = rec(
    ("actors",),
    source=STR,
    actors=ListOf(rec(
        ("id", "name_en", "name_ar", "kind"),
        id=STR, name_en=STR, name_ar=STR, kind=ACTOR_KIND, coalition_kind=opt(COALITION_KIND),
        aliases_ar=strings(), short_ar=strings(), ambiguous_ar=strings(), aliases_en=strings(),
        active=opt(strings(opt(INT))), renamed_from=opt(STR), renamed_to=opt(STR), note=STR,
        source=STR,
        leads=ListOf(rec(("actor",), actor=STR, **{"from": opt(INT)}, to=opt(INT), source=STR)),
    )),
)

_SCOPED = rec(("words",), scope=INT, words=WORDS)
_NAMED_UNIT = rec(("id", "names"), id=STR, names=WORDS, ambiguous=BOOL)

SCHEMAS: Mapping[str, Shape] = {
    "anaphora.yaml": rec(
        ("id",), id=STR, need_pause=WORDS,
        nouns=ListOf(rec(("noun",), noun=STR, head=opt(STR), coalition_kind=COALITION_KIND))),
    "anchors.yaml": rec(
        ("id", "anchors"), id=STR,
        anchors=ListOf(rec(("id", "phrases", "date"), id=STR, phrases=WORDS, date=ISO_DAY,
                           earliest=ISO_DAY, end=ISO_DAY, precision=PRECISION, source=STR))),
    "boilerplate.yaml": rec(
        ("id",), id=STR, empty_trailers=WORDS, html_drop_tags=WORDS, html_drop_markers=WORDS,
        html_blocks=WORDS),
    "calibration.yaml": rec(
        ("rules",), id=STR,
        rules=MapOf(STR, rec(("tp", "fp"), tp=INT, fp=INT))),
    "clauses.yaml": rec(
        ("id",), id=STR, relative=WORDS, complement=WORDS, conditional=WORDS,
        conditional_answer_prefix=STR, exception=WORDS, target=WORDS, reported=WORDS,
        coordinate=WORDS, background=WORDS, quoted_min_words=INT),
    "clitics.yaml": rec(
        ("id",), id=STR, before_article=WORDS, lam_contraction=WORDS, before_bare=WORDS,
        token_prefixes=WORDS, left_boundaries=WORDS),
    "discovery.yaml": rec(
        ("id", "heads"), id=STR, stop_after=WORDS, generic_names=WORDS, max_name_words=INT,
        heads=ListOf(rec(("word", "kind"), word=STR, kind=ACTOR_KIND,
                         coalition_kind=opt(COALITION_KIND), strict=BOOL))),
    "factivity.yaml": rec(
        ("id",), id=STR, non_factive=WORDS, negative=WORDS, negators=WORDS,
        negated_carriers=WORDS),
    "grammar.yaml": rec(
        ("id",), id=STR, **{k: WORDS for k in (
            "prepositions", "form_blockers", "rename_blockers", "merge_into", "object_preps",
            "partitive_preps", "partitive_clitics", "relative_pronouns", "relative_auxiliaries",
            "verbal_negators", "list_all", "list_fillers", "additive", "locative_heads",
            "coalition_pronouns", "coalition_pronoun_preps", "elapsed_markers", "elapsed_units",
            "reflexives", "merge_words", "own_group_nouns", "partitive_subjects",
            "person_roles", "person_role_links", "organs", "masculine_heads", "feminine_heads")},
        **{k: STR for k in ("with", "elapsed_link", "first_person_suffix", "article")}),
    "modality.yaml": rec(
        ("id",), id=STR, hypothetical=_SCOPED, negated=_SCOPED, denied=_SCOPED,
        reported=_SCOPED, hedged=rec((), alternation=WORDS, words=WORDS),
        pre_trigger_hypothetical=WORDS, post_trigger_hypothetical=WORDS,
        purpose_proclitic=STR, past_markers=WORDS, background=WORDS),
    "months.yaml": rec(
        ("id",), id=STR,
        gregorian=ListOf(rec(("id", "month", "names"), id=STR, month=INT, names=WORDS,
                             ambiguous=BOOL)),
        hijri=ListOf(rec(("id", "month", "names"), id=STR, month=INT, names=WORDS,
                         ambiguous=BOOL)),
        weekdays=ListOf(rec(("id", "iso", "names"), id=STR, iso=INT, names=WORDS,
                            ambiguous=BOOL)),
        hijri_marks=WORDS, hijri_years=ListOf(INT), years=ListOf(INT),
        ordinal_days=MapOf(INT, WORDS),
        words=rec((), day=WORDS, month=WORDS, year=WORDS, of=WORDS, corresponding=WORDS,
                  article=WORDS, ad_marks=WORDS, this=WORDS),
        today=WORDS, today_not_before=WORDS, yesterday=WORDS, day_before_yesterday=WORDS,
        qualifiers=rec((), past=WORDS, current=WORDS, next=WORDS, recent=WORDS),
        periods=rec((), year=WORDS, month=WORDS, week=WORDS),
        week_starts_iso=INT,
        parts=ListOf(rec(("id", "names"), id=STR, names=WORDS, months=ListOf(INT),
                         days=ListOf(INT))),
        cues=WORDS, anchor_heads=WORDS,
        ago=rec((), cues=WORDS, vague=WORDS, about=WORDS),
        during=rec((), cues=WORDS, fillers=WORDS),
        units=ListOf(rec(("id",), id=STR, singular=WORDS, dual=WORDS, plural=WORDS,
                         plural_article=WORDS, vague=ListOf(INT))),
        relations=rec((), since=WORDS, after=WORDS, before=WORDS, during=WORDS)),
    "normalize.yaml": rec(
        ("id",), id=STR,
        fold=ListOf(rec(("from", "to"), **{"from": ListOf(CODEPOINT)}, to=CODEPOINT,
                        note=STR)),
        delete=ListOf(rec(("range",), range=ListOf(CODEPOINT), note=STR)),
        compatibility_ranges=ListOf(ListOf(CODEPOINT))),
    "place_cues.yaml": rec(("id",), id=STR, cues=WORDS, battle_heads=WORDS),
    "quantities.yaml": rec(
        ("id",), id=STR, numbers=MapOf(INT, WORDS), multipliers=MapOf(INT, WORDS),
        vague=ListOf(rec(("value", "names"), value=INT, names=WORDS, needs_unit=BOOL)),
        approximate_before=WORDS, approximate_after=WORDS,
        units=ListOf(rec(("id", "names"), id=STR, names=WORDS))),
    "segment.yaml": rec(
        ("id",), id=STR, abbreviations=WORDS, terminals=WORDS, closers=WORDS,
        quote_pairs=ListOf(WORDS)),
    "triggers.yaml": rec(
        ("id", "coalition", "other"), id=STR,
        coalition=ListOf(rec(
            ("id", "type", "stems"), id=STR, type=EVENT_TYPE, form=TRIGGER_FORM, stems=WORDS,
            suffix=Enum(frozenset({"pronoun", "none"})), preps=WORDS, flags=WORDS,
            needs_coalition_prep=BOOL, agent=Enum(frozenset({"coalition"})),
            alternatives=ListOf(EVENT_TYPE))),
        other=ListOf(rec(("id", "type", "stems"), id=STR, type=OTHER_TYPE, form=TRIGGER_FORM,
                         stems=WORDS, preps=WORDS)),
        state=rec((), member_of=WORDS, includes_fillers=WORDS, partitive_lists=WORDS,
                  includes=WORDS),
        **{k: WORDS for k in (
            "naming_frames", "new_body", "list_introducers", "group_nouns", "descriptors",
            "group_specifiers", "specified_group_nouns",
            "form_constitutes", "form_excluded_heads", "coalition_fillers",
            "non_coalition_objects", "individuals")}),
    "places/curated.yaml": rec(
        ("places",), id=STR,
        places=ListOf(rec(
            ("id", "name_en", "name_ar", "level"), id=STR, name_en=STR, name_ar=STR,
            level=Enum(PLACE_LEVELS), lat=opt(NUM), lon=opt(NUM), aliases_ar=ListOf(STR),
            aliases_en=ListOf(STR), parent=opt(STR), geonames=INT, geonames_admin1=STR,
            note=STR, source=STR, extra=MapOf(STR, opt(STR))))),
    "places/stop.yaml": rec(
        (), id=STR,
        **{k: ListOf(rec(("name",), name=STR, note=STR)) for k in (
            "not_places", "needs_context", "short_ok", "elsewhere")},
        **{k: ListOf(rec(("geonames",), geonames=INT, name=STR, note=STR)) for k in (
            "drop_geonames", "drop_aliases")}),
}


def schema_for(relative: str) -> Shape | None:
    """The shape of the data file at ``relative`` (a POSIX path under ``data/``)."""
    if relative.startswith("actors/"):
        return ACTOR_FILE
    return SCHEMAS.get(relative)
