"""The Python API: names in Arabic or English, clear errors, durability, JSON answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tahaluf.kb
from tahaluf.errors import NotFoundError
from tahaluf.kb import KB
from tahaluf.kb.testing import toy, toy_lexicon
from tahaluf.lexicon.core import build_lexicon

G = "gondor-room"


@pytest.fixture
def kb(tmp_path: Path) -> KB:
    kb = tahaluf.kb.open(f"sqlite:///{tmp_path}/kb.sqlite",
                         lexicon=toy_lexicon())  # type: ignore[arg-type]
    kb.store_analysis(toy(["FORM arnor-brigade gondor-room 2015-03-24 with=rohan-corps",
                           "WITHDRAW rohan-corps gondor-room 2016-01-02"],
                          outlet="Dale Herald", published="2016-01-03"))
    return kb


def _members(kb: KB, name: str) -> list[str]:
    return [m.member.id for m in kb.members(name, on="2015-06-01").members]


@pytest.mark.parametrize("name", ["gondor-room", "Gondor Operations Room", "gondor room",
                                  "غرفة عمليات غوندور", "وغرفة عمليات غوندور",
                                  "غرفة عمليات غوندور"])
def test_arabic_and_english_names_give_the_same_answer(kb: KB, name: str) -> None:
    assert _members(kb, name) == ["arnor-brigade", "rohan-corps"]


def test_discovered_names_stored_in_the_db_resolve(tmp_path: Path) -> None:
    # a lexicon that knows none of the toy groups: names come from the stored actors
    kb = tahaluf.kb.open(f"sqlite:///{tmp_path}/kb.sqlite",
                         lexicon=build_lexicon([], version="empty"))
    kb.store_analysis(toy(["JOIN rohan-corps gondor-room 2015-03-24"]))
    for name in ("فيلق روهان", "لفيلق روهان", "Rohan Corps", "rohan-corps"):
        assert kb.history(name).actor.id == "rohan-corps"
    assert kb.resolve("غرفة عمليات غوندور").known is False


def test_unknown_name_lists_close_matches(kb: KB) -> None:
    with pytest.raises(NotFoundError) as info:
        kb.members("Gondor Ops Room")
    assert "no actor named 'Gondor Ops Room'" in str(info.value)
    assert "Gondor Operations Room" in str(info.value)
    with pytest.raises(NotFoundError, match=r"close matches: .*فيلق روهان"):
        kb.history("فيلق روهن")


def test_real_lexicon_names(tmp_path: Path) -> None:
    from tahaluf.lexicon.core import load_lexicon

    lex = load_lexicon()
    if "jaish-al-fatah" not in lex.actors or "failaq-al-sham" not in lex.actors:
        pytest.skip("the packaged lexicon does not have these groups yet")
    kb = tahaluf.kb.open(f"sqlite:///{tmp_path}/kb.sqlite", lexicon=lex)
    kb.store_analysis(toy(["JOIN failaq-al-sham jaish-al-fatah 2015-03-24",
                           "WITHDRAW failaq-al-sham jaish-al-fatah 2016-01-02"]))
    answers = {json.dumps([m.member.id for m in kb.members(n, on="2015-12-01").members])
               for n in ("جيش الفتح", "Jaish al-Fatah", "Jaysh al-Fath", "jaish-al-fatah")}
    assert answers == {'["failaq-al-sham"]'}
    ids = {kb.history(n).actor.id for n in ("فيلق الشام", "وفيلق الشام", "Failaq al-Sham")}
    assert ids == {"failaq-al-sham"}
    assert kb.resolve("جيش الفتح").coalition_kind == "operations_room"


def test_sources_and_fact(kb: KB) -> None:
    (m,) = kb.members(G, on="2016-06-01").members
    fid = m.fact_ids[0]
    s = kb.sources(fid)
    assert s.fact.id == fid and s.fact.type == "FORM"
    (e,) = s.evidence
    assert e.outlet == "Dale Herald" and e.published == "2016-01-03"
    assert e.quote == "FORM arnor-brigade gondor-room 2015-03-24 with=rohan-corps"
    with pytest.raises(NotFoundError):
        kb.sources(12345)


def test_answers_are_json(kb: KB) -> None:
    for answer in (kb.members(G, on="2015-06-01"), kb.history("rohan-corps"), kb.timeline(G),
                   kb.sources(1)):
        text = json.dumps(answer.to_json(), ensure_ascii=False)
        assert "gondor-room" in text
    assert json.loads(json.dumps(kb.members(G, on="2015-06-01").to_json()))["members"][0][
        "member"]["name_ar"] == "لواء أرنور"


def test_durability_by_coalition_kind(tmp_path: Path) -> None:
    kb = tahaluf.kb.open(f"sqlite:///{tmp_path}/kb.sqlite",
                         lexicon=toy_lexicon())  # type: ignore[arg-type]
    kb.store_analysis(toy(["FORM arnor-brigade gondor-room 2015-03-24",
                           "DISSOLVE - gondor-room 2015-09-20",        # 180 days
                           "FORM rohan-corps eriador-front 2014-01-01",
                           "JOIN dale-battalions eriador-front 2014-06-01",
                           "MERGE eriador-front arda-army 2016-01-01",  # 730 days
                           "FORM bree-movement arda-army 2016-01-01",
                           "MEMBER bree-movement arda-army 2018-01-01"]))  # open: 731+
    rows = {r.coalition_kind: r for r in kb.durability()}
    assert rows["operations_room"].median_days == 180 and rows["operations_room"].ended == 1
    assert rows["operations_room"].median_ended_days == 180
    assert rows["front"].median_days == 730 and rows["front"].coalitions[0].ended_by == "MERGE"
    merger = rows["merger"]
    assert merger.ended == 0 and merger.coalitions[0].ended_by == "last-known"
    assert merger.median_days == 731 and merger.median_ended_days is None
    assert set(rows) == {"operations_room", "front", "merger"}  # factions are not coalitions


def test_open_is_exposed() -> None:
    assert tahaluf.kb.open is tahaluf.kb.api.open
