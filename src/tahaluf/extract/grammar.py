"""Function words (data/grammar.yaml) compiled into the patterns the extractor uses."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tahaluf.resources import load_yaml
from tahaluf.text.normalize import fold


def _alt(words: list[str]) -> str:
    return "|".join(sorted((re.escape(fold(w)) for w in words), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Grammar:
    prepositions: tuple[str, ...]
    form_blockers: tuple[str, ...]
    rename_blockers: tuple[str, ...]
    merge_into: tuple[str, ...]
    object_preps: frozenset[str]
    partitive_preps: frozenset[str]
    partitive_clitics: frozenset[str]
    list_all: frozenset[str]
    list_gap: re.Pattern[str]
    tail: re.Pattern[str]
    coalition_pronoun: re.Pattern[str]
    with_word: re.Pattern[str]
    elapsed: re.Pattern[str]
    relative_anywhere: re.Pattern[str]
    relative_before_verb: re.Pattern[str]
    verbal_negation: re.Pattern[str]
    dissolve_into_merger: re.Pattern[str]
    own_group: re.Pattern[str]
    partitive_subject: re.Pattern[str]
    person_roles: frozenset[str]
    person_role_links: frozenset[str]
    organ: re.Pattern[str]
    masculine_heads: frozenset[str]
    feminine_heads: frozenset[str]
    additive: re.Pattern[str]
    reflexive_stem: str
    first_person: str
    article: str


@functools.cache
def grammar() -> Grammar:
    g = load_yaml("grammar.yaml")
    seps = r'\s،,؛;و"\'«»“”″()\-–—:/'
    fillers = _alt(g["list_fillers"])
    list_all = _alt(g["list_all"])
    list_gap = re.compile(
        rf"^[{seps}]*(?:(?:و)?(?:{list_all})\s+{re.escape(fold('من'))}|(?:و)?(?:{fillers}))?[{seps}]*$")
    tail = re.compile(rf"^\s*(?:\([^()]{{0,50}}\)|(?:{_alt(g['locative_heads'])})"
                      r"\s[^،,.؛:!?()\n]{0,40}?)(?=\s*[،,]|\s*$)")
    pronoun = re.compile(rf"\s*(?:\S+\s+){{0,12}}?(?:{_alt(g['coalition_pronoun_preps'])})?\s*"
                         rf"(?:{_alt(g['coalition_pronouns'])})(?!\w)")
    with_word = re.compile(rf"\s*(?:\S+\s+){{0,2}}?{re.escape(fold(g['with']))}\s")
    elapsed = re.compile(rf"(?:{_alt(g['elapsed_markers'])})\s+(?:\S+\s+){{0,4}}?"
                         rf"(?:{_alt(g['elapsed_units'])})\s+(?:\S+\s+)?"
                         rf"{re.escape(fold(g['elapsed_link']))}\s*$")
    rel = _alt(g["relative_pronouns"])
    aux = _alt(g["relative_auxiliaries"])
    reflexive = _alt(g["reflexives"])
    merge = _alt(g["merge_words"])
    return Grammar(
        prepositions=tuple(fold(w) for w in g["prepositions"]),
        form_blockers=tuple(fold(w) for w in g["form_blockers"]),
        rename_blockers=tuple(fold(w) for w in g["rename_blockers"]),
        merge_into=tuple(fold(w) for w in g["merge_into"]),
        object_preps=frozenset(fold(w) for w in g["object_preps"]),
        partitive_preps=frozenset(fold(w) for w in g["partitive_preps"]),
        partitive_clitics=frozenset(fold(w) for w in g["partitive_clitics"]),
        list_all=frozenset(fold(w) for w in g["list_all"]),
        list_gap=list_gap,
        tail=tail,
        coalition_pronoun=pronoun,
        with_word=with_word,
        elapsed=elapsed,
        relative_anywhere=re.compile(rf"(?<!\w)(?:{rel})(?!\w)"),
        relative_before_verb=re.compile(rf"(?:^|\s)(?:و)?(?:{rel})(?:\s+(?:{aux}))*\s*$"),
        verbal_negation=re.compile(rf"(?<!\w)(?:و|ف)?(?:{_alt(g['verbal_negators'])})(?!\w)"),
        dissolve_into_merger=re.compile(rf"\s*(?:{reflexive})?\s*(?:و)?(?:{merge})"),
        additive=re.compile(rf"(?<!\w)(?:و)?(?:{_alt(g['additive'])})\s*$"),
        own_group=re.compile(rf"(?<!\w)(?:و|ل|ب)?(?:{_alt(g['own_group_nouns'])})(?!\w)"),
        partitive_subject=re.compile(rf"(?<!\w)(?:{_alt(g['partitive_subjects'])})(?!\w)"),
        person_roles=frozenset(fold(w) for w in g["person_roles"]),
        organ=re.compile(rf"(?<!\w)(?:{_alt(g['organs'])})\s*$"),
        person_role_links=frozenset(fold(w) for w in g["person_role_links"]),
        masculine_heads=frozenset(fold(w) for w in g["masculine_heads"]),
        feminine_heads=frozenset(fold(w) for w in g["feminine_heads"]),
        reflexive_stem=fold(g["reflexives"][0])[:3],
        first_person=fold(g["first_person_suffix"]),
        article=fold(g["article"]),
    )
