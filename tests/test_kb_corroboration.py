"""Several reports of one event become one fact; disagreements are kept side by side."""

from __future__ import annotations

from pathlib import Path

import pytest

import tahaluf.kb
from tahaluf.kb import KB
from tahaluf.kb.facts import ProvView, corroborated
from tahaluf.kb.testing import toy, toy_lexicon
from tahaluf.types import UNKNOWN_DATE

G = "gondor-room"


@pytest.fixture
def kb(tmp_path: Path) -> KB:
    return tahaluf.kb.open(f"sqlite:///{tmp_path}/kb.sqlite",
                           lexicon=toy_lexicon())  # type: ignore[arg-type]


def _timeline(kb: KB) -> list[tuple[str, str | None, str, int, int]]:
    return [(f.type, f.member.id if f.member else None, f.when, f.n_sources, f.n_outlets)
            for f in kb.timeline(G).facts]


def test_confidence_formula() -> None:
    def p(outlet: str, c: float) -> ProvView:
        return ProvView(outlet, "asserted", (), c, UNKNOWN_DATE)

    assert corroborated([p("a", 0.6)]) == (0.6, 1)
    assert corroborated([p("a", 0.6), p("a", 0.6)]) == (0.6, 1)  # one outlet twice: no gain
    assert corroborated([p("a", 0.6), p("b", 0.5)]) == (0.8, 2)  # 1 − 0.4 × 0.5
    assert corroborated([p("a", 0.6), p("a", 0.9), p("b", 0.5)]) == (0.95, 2)


def test_same_event_from_several_outlets_is_one_fact(kb: KB) -> None:
    kb.store_analysis(toy(["JOIN arnor-brigade gondor-room 2015-06 conf=0.6"], outlet="Dale Herald"))
    kb.store_analysis(toy(["JOIN arnor-brigade gondor-room 2015-06-12 conf=0.5"],
                          outlet="Bree Post"))
    kb.store_analysis(toy(["JOIN arnor-brigade gondor-room - conf=0.6", "prose"],
                          outlet="Bree Post", published="2015-07-01"))
    (fact,) = kb.timeline(G).facts
    assert (fact.n_sources, fact.n_outlets) == (3, 2)
    assert fact.date.value == "2015-06-12" and fact.date.precision == "day"  # narrowed
    assert fact.confidence == pytest.approx(1 - 0.4 * 0.4)
    assert len(kb.sources(fact.id).evidence) == 3
    assert kb.contradictions() == []


def test_documents_without_outlet_are_independent(kb: KB) -> None:
    kb.store_analysis(toy(["JOIN arnor-brigade gondor-room 2015-06"], url="https://a.example/1"))
    kb.store_analysis(toy(["JOIN arnor-brigade gondor-room 2015-06", "."],
                          url="https://www.a.example/2"))
    kb.store_analysis(toy(["JOIN arnor-brigade gondor-room 2015-06", ".", "."]))
    assert _timeline(kb) == [("JOIN", "arnor-brigade", "2015-06", 3, 2)]


def test_withdrew_vs_expelled_is_a_contradiction(kb: KB) -> None:
    kb.store_analysis(toy(["JOIN rohan-corps gondor-room 2015-03",
                           "WITHDRAW rohan-corps gondor-room 2016-01-02"], outlet="Dale Herald"))
    kb.store_analysis(toy(["EXPEL rohan-corps gondor-room 2016-01"], outlet="Bree Post"))
    types = [t for t, *_ in _timeline(kb)]
    assert types == ["JOIN", "EXPEL", "WITHDRAW"]  # both kept, nothing overwritten
    (c,) = kb.contradictions()
    assert c.kind == "exit_reason" and c.member is not None and c.member.id == "rohan-corps"
    assert sorted(f.type for f in c.facts) == ["EXPEL", "WITHDRAW"]
    wid = next(f.id for f in c.facts if f.type == "WITHDRAW")
    assert [x.kind for x in kb.sources(wid).contradictions] == ["exit_reason"]
    # the interval still ends, with both reports as evidence of the end
    (iv,) = kb.history("rohan-corps").intervals
    assert iv.end is not None and len(iv.fact_ids) == 3


def test_hedged_alternatives_count(kb: KB) -> None:
    kb.store_analysis(toy(["WITHDRAW dale-battalions gondor-room 2015-10 hedged alt=EXPEL"]))
    (c,) = kb.contradictions()
    assert c.kind == "exit_reason" and "or EXPEL" in c.detail
    kb.store_analysis(toy(["EXPEL bree-movement gondor-room 2014 hedged alt=WITHDRAW",
                           "WITHDRAW bree-movement gondor-room 2014-03"]))
    assert [x.kind for x in kb.contradictions()] == ["exit_reason", "exit_reason"]


def test_exits_years_apart_do_not_contradict(kb: KB) -> None:
    kb.store_analysis(toy(["JOIN arnor-brigade gondor-room 2013",
                           "WITHDRAW arnor-brigade gondor-room 2014-02",
                           "JOIN arnor-brigade gondor-room 2015-01",
                           "EXPEL arnor-brigade gondor-room 2017-07"]))
    assert kb.contradictions() == []
    assert [(iv.start.value, iv.end.value if iv.end else None)
            for iv in kb.history("arnor-brigade").intervals] == [("2013", "2014-02"),
                                                                  ("2015-01", "2017-07")]


def test_dates_that_do_not_overlap(kb: KB) -> None:
    kb.store_analysis(toy(["FORM arnor-brigade gondor-room 2015-03-24"], outlet="Dale Herald"))
    kb.store_analysis(toy(["FORM rohan-corps gondor-room 2014-11"], outlet="Bree Post"))
    kb.store_analysis(toy(["JOIN dale-battalions gondor-room 2015-02"], outlet="Dale Herald"))
    kb.store_analysis(toy(["JOIN dale-battalions gondor-room 2016-08"], outlet="Bree Post"))
    kinds = sorted((c.kind, c.member.id if c.member else "") for c in kb.contradictions())
    assert kinds == [("date", ""), ("date", "dale-battalions")]
    assert len(kb.timeline(G).facts) == 4  # two JOINs kept, not merged


def test_a_denial_against_an_assertion(kb: KB) -> None:
    kb.store_analysis(toy(["JOIN shire-gathering gondor-room 2016-05"], outlet="Dale Herald"))
    kb.store_analysis(toy(["JOIN shire-gathering gondor-room 2016-05-20 negated"],
                          outlet="Shire Times"))
    (c,) = kb.contradictions()
    assert c.kind == "denial"
    assert sorted(f.modality for f in c.facts) == ["asserted", "negated"]
    # the denial does not undo the membership; the two facts stay apart
    assert [m.member.id for m in kb.members(G, on="2016-06-01").members] == ["shire-gathering"]


def test_contradictions_as_known_on(tmp_path: Path) -> None:
    from datetime import datetime

    now = [datetime(2016, 1, 1)]
    kb = tahaluf.kb.open(f"sqlite:///{tmp_path}/kb.sqlite", clock=lambda: now[0],
                         lexicon=toy_lexicon())  # type: ignore[arg-type]
    kb.store_analysis(toy(["WITHDRAW rohan-corps gondor-room 2016-01-02"]))
    now[0] = datetime(2016, 6, 1)
    kb.store_analysis(toy(["EXPEL rohan-corps gondor-room 2016-01"]))
    assert len(kb.contradictions()) == 1
    assert kb.contradictions(as_known_on="2016-02-01") == []
    assert len(kb.contradictions(G, as_known_on="2016-06-01")) == 1
