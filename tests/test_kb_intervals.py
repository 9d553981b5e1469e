"""Membership over time, on a toy world of invented groups (no extractor involved)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

import tahaluf.kb
from tahaluf.kb import KB
from tahaluf.kb.dates import parse_user_date
from tahaluf.kb.derive import interval_rows
from tahaluf.kb.facts import FactView
from tahaluf.kb.intervals import Carried, derive_intervals, standing_on
from tahaluf.kb.testing import toy, toy_lexicon
from tahaluf.types import UNKNOWN_DATE

G = "gondor-room"


def f(i: int, type_: str, member: str | None, date: str, *, coalition: str = G,
      modality: str = "asserted", status: str = "unreviewed", kind: str = "event",
      participants: tuple[str, ...] = ()) -> FactView:
    return FactView(id=i, kind=kind, type=type_, member=member, coalition=coalition,
                    date=parse_user_date(date) if date != "-" else UNKNOWN_DATE,
                    modality=modality, status=status, participants=participants)


def spans(facts: list[FactView], carried: tuple[Carried, ...] = (),
          coalition: str = G) -> list[tuple[str, str | None, str | None]]:
    return [(iv.member, iv.start.value or (f"≤{iv.start.latest}" if iv.start.latest else None),
             None if iv.end is None else iv.end.value)
            for iv in derive_intervals(coalition, facts, carried)]


# (facts, expected intervals (member, start, end)) — the rules of DESIGN.md
CASES = [
    pytest.param([f(1, "FORM", "arnor", "2015-03-24", participants=("rohan",))],
                 [("arnor", "2015-03-24", None), ("rohan", "2015-03-24", None)],
                 id="founders-and-participants-start"),
    pytest.param([f(1, "JOIN", "arnor", "2015-06"), f(2, "WITHDRAW", "arnor", "2016-01-02")],
                 [("arnor", "2015-06", "2016-01-02")], id="join-withdraw"),
    pytest.param([f(1, "JOIN", "arnor", "2015-06"), f(2, "EXPEL", "arnor", "2016"),
                  f(3, "JOIN", "arnor", "2017-02-01")],
                 [("arnor", "2015-06", "2016"), ("arnor", "2017-02-01", None)],
                 id="expelled-then-rejoined"),
    pytest.param([f(1, "MERGE", "arnor", "2017-01-28"), f(2, "SPLIT", "arnor", "2018-05")],
                 [("arnor", "2017-01-28", "2018-05")], id="merge-in-then-split"),
    pytest.param([f(1, "JOIN", "arnor", "2015"), f(2, "JOIN", "rohan", "2015-04"),
                  f(3, "WITHDRAW", "rohan", "2015-09"), f(4, "DISSOLVE", None, "2016-10")],
                 [("arnor", "2015", "2016-10"), ("rohan", "2015-04", "2015-09")],
                 id="dissolve-ends-the-open-ones"),
    pytest.param([f(1, "JOIN", "arnor", "2015"), f(2, "MERGE", G, "2017-01",
                                                   coalition="arda-army")],
                 [("arnor", "2015", "2017-01")], id="coalition-merged-into-another"),
    pytest.param([f(1, "JOIN", "arnor", "2015"), f(2, "RENAME", G, "2016-02",
                                                   coalition="new-gondor")],
                 [("arnor", "2015", "2016-02")], id="rename-ends-the-old-id"),
    pytest.param([f(1, "MEMBER", "arnor", "2016-04-10", kind="membership")],
                 [("arnor", "≤2016-04-10", None)], id="assertion-creates-open-interval"),
    pytest.param([f(1, "JOIN", "arnor", "2016"), f(2, "MEMBER", "arnor", "2016-03-01",
                                                   kind="membership")],
                 [("arnor", "2016", None)], id="assertion-proves-membership"),
    pytest.param([f(1, "WITHDRAW", "arnor", "2016-01-02")],
                 [("arnor", None, "2016-01-02")], id="end-without-start"),
    pytest.param([f(1, "JOIN", "arnor", "2015-06"), f(2, "WITHDRAW", "arnor", "-")],
                 [("arnor", "2015-06", None)], id="an-undated-exit-closes"),
    pytest.param([f(1, "JOIN", "arnor", "2015-06"), f(2, "JOIN", "arnor", "2017-02"),
                  f(3, "EXPEL", "arnor", "2016")],
                 [("arnor", "2015-06", "2016"), ("arnor", "2017-02", None)],
                 id="exits-close-what-was-open-before-them"),
    pytest.param([f(1, "JOIN", "arnor", "2015", modality="negated"),
                  f(2, "JOIN", "rohan", "2015", modality="hypothetical"),
                  f(3, "JOIN", "dale", "2015", status="rejected"),
                  f(4, "JOIN", "bree", "2015", modality="reported"),
                  f(5, "JOIN", "shire", "2015", modality="hedged")],
                 [("bree", "2015", None), ("shire", "2015", None)],
                 id="only-asserted-reported-hedged-count"),
    pytest.param([f(1, "JOIN", "arnor", "2015"), f(2, "WITHDRAW", "arnor", "2016",
                                                   modality="negated")],
                 [("arnor", "2015", None)], id="a-denied-withdrawal-changes-nothing"),
]


@pytest.mark.parametrize(("facts", "expected"), CASES)
def test_interval_rules(facts: list[FactView], expected: list[tuple[str, str, str]]) -> None:
    assert spans(facts) == expected


def test_rename_carries_members_to_the_new_id() -> None:
    facts = [f(2, "RENAME", G, "2016-02", coalition="new-gondor")]
    got = spans(facts, (Carried("arnor", parse_user_date("2016-02"), 2),), coalition="new-gondor")
    assert got == [("arnor", "2016-02", None)]


def test_bounds_keep_their_precision() -> None:
    (iv,) = derive_intervals(G, [f(1, "JOIN", "arnor", "2015-06"),
                                 f(2, "WITHDRAW", "arnor", "2016")])
    assert (iv.start.earliest, iv.start.latest) == ("2015-06-01", "2015-06-30")
    assert iv.end is not None and (iv.end.earliest, iv.end.latest) == ("2016-01-01", "2016-12-31")
    assert iv.possible_on("2015-06-15") and not iv.certain_on("2015-06-15")
    assert iv.certain_on("2015-07-01")
    assert iv.possible_on("2016-06-01") and not iv.certain_on("2016-06-01")
    assert not iv.possible_on("2017-01-01")


def test_an_undated_exit_closes_with_honest_bounds() -> None:
    (iv,) = derive_intervals(G, [f(1, "JOIN", "arnor", "2015-06"), f(2, "WITHDRAW", "arnor", "-")])
    assert iv.end is not None and iv.end_how == "WITHDRAW"
    assert (iv.end.earliest, iv.end.latest) == ("2015-06-01", None)  # left after it joined
    assert standing_on(iv, "2015-07-01") == "possible"  # it left at some unknown time


def test_no_membership_before_the_coalition_was_founded() -> None:
    (iv,) = derive_intervals(G, [f(1, "FORM", None, "2015-03-24"),
                                 f(2, "MEMBER", "arnor", "2016-04-10", kind="membership")])
    assert (iv.start.earliest, iv.start.latest) == ("2015-03-24", "2016-04-10")
    assert standing_on(iv, "2014-01-01") is None
    assert standing_on(iv, "2015-04-01") == "possible"
    assert standing_on(iv, "2016-01-01") == "likely"  # past the middle of 2015-03…2016-04
    assert standing_on(iv, "2016-05-01") == "certain"


def test_an_exit_before_the_founding_keeps_an_unknown_start() -> None:
    (iv,) = derive_intervals(G, [f(1, "FORM", None, "2016-03"),
                                 f(2, "WITHDRAW", "arnor", "2015-01")])
    assert iv.start.earliest is None and iv.lo <= iv.hi


def test_the_impossible_interval_cannot_be_stored() -> None:
    (iv,) = derive_intervals(G, [f(1, "JOIN", "arnor", "2016-03")])
    iv.end = parse_user_date("2015-01")
    with pytest.raises(ValueError, match="impossible interval"):
        interval_rows(G, [iv])


def test_an_undated_join_is_never_more_than_possible() -> None:
    (iv,) = derive_intervals(G, [f(1, "JOIN", "arnor", "-")])
    assert iv.start.latest is None
    assert [standing_on(iv, d) for d in ("2010-01-01", "2020-01-01")] == ["possible"] * 2


def test_standing_follows_the_middle_of_the_ranges() -> None:
    (iv,) = derive_intervals(G, [f(1, "JOIN", "arnor", "2015"), f(2, "WITHDRAW", "arnor", "2016")])
    assert standing_on(iv, "2015-03-01") == "possible"
    assert standing_on(iv, "2015-09-01") == "likely"
    assert standing_on(iv, "2016-02-01") == "likely"
    assert standing_on(iv, "2016-09-01") == "possible"
    assert standing_on(iv, "2017-01-01") is None


# --- the same rules end to end, through the store -----------------------------------------
@pytest.fixture
def kb(tmp_path: Path) -> KB:
    return tahaluf.kb.open(f"sqlite:///{tmp_path}/kb.sqlite",
                           lexicon=toy_lexicon())  # type: ignore[arg-type]


def _members(kb: KB, coalition: str, on: str) -> list[str]:
    return [m.member.id for m in kb.members(coalition, on=on).members]


def test_members_on_a_day(kb: KB) -> None:
    kb.store_analysis(toy(["FORM arnor-brigade gondor-room 2015-03-24 with=rohan-corps",
                           "JOIN dale-battalions gondor-room 2015-06-01"]))
    kb.store_analysis(toy(["WITHDRAW rohan-corps gondor-room 2016-01-02"]))
    kb.store_analysis(toy(["DISSOLVE - gondor-room 2017-05"]))
    assert _members(kb, G, "2015-03-01") == []
    assert _members(kb, G, "2015-12-31") == ["arnor-brigade", "dale-battalions", "rohan-corps"]
    assert _members(kb, G, "2016-03-01") == ["arnor-brigade", "dale-battalions"]
    assert _members(kb, G, "2017-06-01") == []
    in_may = kb.members(G, on="2017-05-10", possible=True).members
    assert [m.certain for m in in_may] == [False, False]  # the dissolution is known to the month
    assert [m.standing for m in in_may] == ["likely", "likely"]  # before the 16th
    assert _members(kb, G, "2017-05-20") == []  # more likely dissolved than not
    assert len(kb.members(G, on="2017-05-20", possible=True).members) == 2


def test_an_undated_join_does_not_make_a_founder(kb: KB) -> None:
    kb.store_analysis(toy(["FORM arnor-brigade gondor-room 2015-03-24"]))
    kb.store_analysis(toy(["JOIN dale-battalions gondor-room -"]))  # undated, no dateline
    assert _members(kb, G, "2015-04-01") == ["arnor-brigade"]
    maybe = kb.members(G, on="2015-04-01", possible=True).members
    assert [(m.member.id, m.standing) for m in maybe] == [("arnor-brigade", "certain"),
                                                           ("dale-battalions", "possible")]
    (dale,) = [m for m in maybe if m.member.id == "dale-battalions"]
    assert dale.start.earliest == "2015-03-24"  # not before the room was founded


def test_an_undated_exit_closes_a_dated_membership(kb: KB) -> None:
    kb.store_analysis(toy(["JOIN dale-battalions gondor-room 2015-06-01"]))
    kb.store_analysis(toy(["WITHDRAW dale-battalions gondor-room -"]))
    (iv,) = kb.history("dale-battalions").intervals
    assert iv.end is not None and iv.end_how == "WITHDRAW"
    assert _members(kb, G, "2018-01-01") == []


def test_rename_through_the_store(kb: KB) -> None:
    kb.store_analysis(toy(["JOIN arnor-brigade arda-army 2015-01-10",
                           "JOIN rohan-corps arda-army 2015-02-10",
                           "WITHDRAW rohan-corps arda-army 2015-08-01"]))
    kb.store_analysis(toy(["RENAME arda-army new-arda 2016-02-01"]))
    assert _members(kb, "arda-army", "2016-01-01") == ["arnor-brigade"]
    assert _members(kb, "arda-army", "2016-03-01") == []
    assert _members(kb, "New Arda", "2016-03-01") == ["arnor-brigade"]
    (iv,) = kb.members("new-arda", on="2016-03-01").members
    assert iv.start_how == "RENAME"
    # a later fact about the old id reaches the new one (dirty marks follow renames)
    kb.store_analysis(toy(["JOIN dale-battalions arda-army 2015-05-05"]))
    assert _members(kb, "new-arda", "2016-03-01") == ["arnor-brigade", "dale-battalions"]


def test_history_in_date_order_with_sources(kb: KB) -> None:
    kb.store_analysis(toy(["JOIN rohan-corps eriador-front 2014-02-01",
                           "JOIN rohan-corps gondor-room 2015-03-24"], outlet="Dale Herald"))
    kb.store_analysis(toy(["WITHDRAW rohan-corps gondor-room 2016-01-02"], outlet="Bree Post"))
    h = kb.history("rohan-corps")
    assert [(iv.coalition.id, iv.start.value, iv.end.value if iv.end else None)
            for iv in h.intervals] == [("eriador-front", "2014-02-01", None),
                                       ("gondor-room", "2015-03-24", "2016-01-02")]
    gondor = h.intervals[1]
    assert {e.outlet for e in gondor.evidence} == {"Dale Herald", "Bree Post"}
    assert [f.type for f in h.facts] == ["JOIN", "JOIN", "WITHDRAW"]


def test_as_known_on_uses_record_time(tmp_path: Path) -> None:
    now = [datetime(2016, 1, 5)]
    kb = tahaluf.kb.open(f"sqlite:///{tmp_path}/kb.sqlite", clock=lambda: now[0],
                         lexicon=toy_lexicon())  # type: ignore[arg-type]
    kb.store_analysis(toy(["JOIN arnor-brigade gondor-room 2015-06-01",
                           "JOIN rohan-corps gondor-room 2015-06-01"]))
    now[0] = datetime(2016, 8, 1)
    kb.store_analysis(toy(["WITHDRAW rohan-corps gondor-room 2016-01-02"]))
    now[0] = datetime(2017, 3, 1)
    fid = kb.members(G, on="2016-03-01").members[0].fact_ids[0]
    kb.reject(fid, author="tester", note="wrong group")
    # today: rohan left (learned in August 2016), arnor's join was rejected in 2017
    assert _members(kb, G, "2016-03-01") == []
    # as known in spring 2016: both were still members
    spring = kb.members(G, on="2016-03-01", as_known_on="2016-03-01")
    assert [m.member.id for m in spring.members] == ["arnor-brigade", "rohan-corps"]
    assert all(e.recorded_at <= datetime(2016, 3, 2) for m in spring.members for e in m.evidence)
    # as known in autumn 2016: rohan had left, the rejection had not happened yet
    assert [m.member.id for m in kb.members(G, on="2016-03-01", as_known_on="2016-10-01")
            .members] == ["arnor-brigade"]
    # before anything was recorded
    assert kb.members(G, on="2016-03-01", as_known_on="2015-12-31").members == ()
    h = kb.history("rohan-corps", as_known_on="2016-03-01")
    assert [(iv.start.value, iv.end) for iv in h.intervals] == [("2015-06-01", None)]
