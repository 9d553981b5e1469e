"""Review decisions: audit log, effect on intervals, survival across re-ingest and
re-extraction."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

import tahaluf.kb
from tahaluf.errors import NotFoundError, TahalufError
from tahaluf.kb import KB
from tahaluf.kb.testing import toy_analyze, toy_lexicon
from tahaluf.types import Analysis, Document

G = "gondor-room"
ARTICLES = {
    "a.txt": "JOIN arnor-brigade gondor-room 2015-03-24\nJOIN rohan-corps gondor-room 2015-03-24",
    "b.txt": "WITHDRAW rohan-corps gondor-room 2016-01-02",
    "c.txt": "JOIN dale-battalions gondor-room 2015-09-01",
}


def toy_v2(doc: Document) -> Analysis:
    """A 'new extractor': same findings, new version, and it no longer sees dale's join."""
    a = toy_analyze(doc)
    events = tuple(e for e in a.events if e.member != "dale-battalions")
    return replace(a, events=events, extractor_version="toy-2")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def kb(tmp_path: Path) -> KB:
    now = iter(datetime(2020, 1, d) for d in range(1, 29))
    return tahaluf.kb.open(f"sqlite:///{tmp_path}/kb.sqlite", clock=lambda: next(now),
                           lexicon=toy_lexicon())  # type: ignore[arg-type]


def _fact(kb: KB, type_: str, member: str) -> int:
    return next(f.id for f in kb.timeline(G, include_rejected=True).facts
                if f.type == type_ and f.member and f.member.id == member)


def _members(kb: KB, on: str) -> list[str]:
    return [m.member.id for m in kb.members(G, on=on).members]


def test_accept_reject_correct_add_and_the_log(kb: KB, corpus: Path) -> None:
    kb.ingest([corpus], analyzer=toy_analyze)
    assert _members(kb, "2016-03-01") == ["arnor-brigade", "dale-battalions"]
    arnor = _fact(kb, "JOIN", "arnor-brigade")
    assert kb.accept(arnor, author="amal", note="statement seen").status == "accepted"
    dale = _fact(kb, "JOIN", "dale-battalions")
    assert kb.reject(dale, author="amal", note="another group").status == "rejected"
    assert _members(kb, "2016-03-01") == ["arnor-brigade"]
    rohan = _fact(kb, "WITHDRAW", "rohan-corps")
    fixed = kb.correct(rohan, author="basel", note="expelled, per a second source",
                       type="EXPEL", date="2015-12")
    assert (fixed.type, fixed.when, fixed.status) == ("EXPEL", "2015-12", "corrected")
    assert _members(kb, "2015-12-31") == ["arnor-brigade"]  # the end may be any day of Dec
    added = kb.add(type="JOIN", member="Shire Gathering", coalition="غرفة عمليات غوندور",
                   date="2016-02", author="basel", note="from an interview")
    assert added.status == "added" and added.confidence == 1.0
    assert _members(kb, "2016-03-01") == ["arnor-brigade", "shire-gathering"]
    log = kb.review_log()
    assert [(e.action, e.fact_id, e.author) for e in log] == [
        ("accept", arnor, "amal"), ("reject", dale, "amal"), ("correct", rohan, "basel"),
        ("add", added.id, "basel")]
    assert log[2].before is not None and log[2].before["values"]["type"] == "WITHDRAW"
    assert log[2].after is not None and log[2].after["overrides"]["type"] == "EXPEL"
    assert [e.action for e in kb.review_log(rohan)] == ["correct"]
    assert [r.action for r in kb.sources(rohan).reviews] == ["correct"]


def test_review_survives_reingest_and_reextraction(kb: KB, corpus: Path,
                                                   tmp_path: Path) -> None:
    kb.ingest([corpus], analyzer=toy_analyze)
    arnor = _fact(kb, "JOIN", "arnor-brigade")
    rohan_join = _fact(kb, "JOIN", "rohan-corps")
    rohan_exit = _fact(kb, "WITHDRAW", "rohan-corps")
    dale = _fact(kb, "JOIN", "dale-battalions")
    kb.reject(rohan_join, author="amal")
    kb.correct(rohan_exit, author="amal", type="EXPEL")
    kb.accept(dale, author="amal")
    state = {f.id: (f.type, f.status) for f in kb.timeline(G, include_rejected=True).facts}

    # re-ingest: stored documents are skipped, nothing changes
    assert kb.ingest([corpus], analyzer=toy_analyze).skipped == 3
    assert {f.id: (f.type, f.status)
            for f in kb.timeline(G, include_rejected=True).facts} == state

    # a new article repeats the rejected event and the corrected one, as extracted
    more = tmp_path / "more"
    more.mkdir()
    (more / "d.txt").write_text("JOIN rohan-corps gondor-room 2015-03\n"
                                "WITHDRAW rohan-corps gondor-room 2016-01", encoding="utf-8")
    kb.ingest([more], analyzer=toy_analyze)
    assert kb.fact(rohan_join).status == "rejected" and kb.fact(rohan_join).n_sources == 2
    assert kb.fact(rohan_exit).type == "EXPEL" and kb.fact(rohan_exit).n_sources == 2

    # re-extraction with a new extractor version
    report = kb.reextract(analyzer=toy_v2)
    assert report.stored == 4 and report.failed == 0
    after = {f.id: (f.type, f.status) for f in kb.timeline(G, include_rejected=True).facts}
    assert after[rohan_join] == ("JOIN", "rejected")
    assert after[rohan_exit] == ("EXPEL", "corrected")
    assert after[arnor] == ("JOIN", "unreviewed")
    # dale's join is no longer extracted, but a reviewed fact is kept (with no report)
    assert after[dale] == ("JOIN", "accepted") and kb.fact(dale).n_sources == 0
    assert {e.extractor_version for e in kb.sources(arnor).evidence} == {"toy-2"}
    # the join stays rejected: only the expulsion says rohan had been a member, since when
    # is unknown
    (iv,) = kb.history("rohan-corps").intervals
    assert (iv.start_how, iv.start.earliest, iv.end_how) == ("", None, "EXPEL")
    assert rohan_join not in iv.fact_ids


def test_unreviewed_facts_that_are_no_longer_extracted_disappear(kb: KB, corpus: Path) -> None:
    kb.ingest([corpus], analyzer=toy_analyze)
    assert "dale-battalions" in _members(kb, "2016-03-01")
    kb.reextract(analyzer=toy_v2)
    assert "dale-battalions" not in _members(kb, "2016-03-01")
    assert all(f.member is None or f.member.id != "dale-battalions"
               for f in kb.timeline(G, include_rejected=True).facts)


def test_review_errors_are_clear(kb: KB, corpus: Path) -> None:
    kb.ingest([corpus], analyzer=toy_analyze)
    with pytest.raises(NotFoundError, match="no fact #999"):
        kb.accept(999, author="amal")
    fid = _fact(kb, "JOIN", "arnor-brigade")
    with pytest.raises(TahalufError, match="unknown event type"):
        kb.correct(fid, author="amal", type="ELOPE")
    with pytest.raises(TahalufError, match="nothing to correct"):
        kb.correct(fid, author="amal")
    with pytest.raises(TahalufError, match="needs an author"):
        kb.accept(fid, author=" ")
    with pytest.raises(TahalufError, match="is not a date"):
        kb.correct(fid, author="amal", date="March 2016")
