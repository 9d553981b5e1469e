"""Entity resolution across spellings: one group, one id, whether or not an outlet writes
the article ("نور الدين الزنكي" / "نور الدين زنكي"). Sentences are the team's own."""

from __future__ import annotations

from tahaluf.lexicon.discovery import bare_key, discovered_id, loose_key
from tahaluf.pipeline import analyze
from tahaluf.types import Document


def _members(text: str) -> set[str | None]:
    a = analyze(Document.from_text(text, "t", published="2017-06-11"))
    return {e.member for e in a.events}


def test_a_known_group_written_without_its_article_is_the_known_group() -> None:
    assert _members("وأعلنت حركة نور الدين زنكي انضمامها إلى جيش المجاهدين.") == {
        "nour-al-din-al-zenki"}
    assert _members("انضم لواء صقور جبل إلى جيش حلب يوم الأحد.") == {"suqour-al-jabal"}


def test_two_spellings_of_an_unknown_group_are_one_actor_across_documents() -> None:
    one = analyze(Document.from_text("انضم لواء السيوف البيضاء إلى جيش حلب.", "a"))
    two = analyze(Document.from_text("وأكد لواء سيوف البيضاء انسحابه من جيش حلب.", "b"))
    ids = {d.id for a in (one, two) for d in a.discovered}
    assert len(ids) == 1
    assert ids == {discovered_id("لواء السيوف البيضاء")}


def test_the_loose_key_keeps_short_words() -> None:
    assert loose_key("نور الدين الزنكي") == "نور دين زنكي"
    assert loose_key("ال الي") == "ال الي"  # too short to be a word with an article


def test_one_word_after_another_head_is_another_group() -> None:
    """"سرية الأقصى" is not "لواء الأقصى": one word left after the head is not enough to
    call two names one group; several words are ("كتائب فاستقم كما أمرت")."""
    a = analyze(Document.from_text("أعلنت سرية الأقصى انشقاقها عن هيئة تحرير الشام.", "t",
                                   published="2019-01-03"))
    assert "liwa-al-aqsa" not in {e.member for e in a.events}
    assert bare_key("لواء", "الاقصي") != bare_key("سريه", "الاقصي")
    assert bare_key("تجمع", "فاستقم كما امرت") == bare_key("كتائب", "فاستقم كما امرت")
