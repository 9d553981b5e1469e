"""An unnamed group argument ("فصل 6 كتائب"، "اندماج خمسة فصائل") whose members an apposition
names ("الكتائب المفصولة، وهي: A، B"، "الفصائل هي: A، B"), in the trigger's sentence or the
next ones; a body's organ acting for it ("القيادة العامة لـX"); a short name glossed in
brackets; a closing quote ends a discovered name. Sentences are the team's own."""

from __future__ import annotations

from tahaluf.pipeline import analyze
from tahaluf.types import Document


def _events(text: str) -> list[tuple[str, str | None, str | None]]:
    a = analyze(Document.from_text(text, "t", published="2014-03-11"))
    return [(e.type, e.member, e.coalition) for e in a.events]


EXPEL = ("أصدرت القيادة العامة لجيش المجاهدين بياناً أمس فصلت فيه أربع كتائب من صفوفها، "
         "بسبب مخالفات متكررة.\n"
         "وسمّى البيان الكتائب المفصولة، وهي: كتيبة الصديق، كتيبة شهداء عندان، "
         "كتيبة أحفاد الرسول، كتيبة درع الشمال.")


def test_expelled_group_takes_the_names_its_apposition_gives() -> None:
    ev = _events(EXPEL.replace("فصلت فيه", "أعلنت فيه فصل"))
    expelled = {m for t, m, c in ev if t == "EXPEL" and c == "jaish-al-mujahideen"}
    assert len(expelled) == 4, ev
    assert not any(t == "EXPEL" and c != "jaish-al-mujahideen" for t, _, c in ev)


def test_an_unspecified_group_expels_nobody_named() -> None:
    text = EXPEL.replace("فصلت فيه", "أعلنت فيه فصل").split("\n")[0]
    assert not any(t == "EXPEL" for t, _, _ in _events(text))


def test_a_list_that_is_not_an_apposition_of_the_group_is_not_taken() -> None:
    text = EXPEL.replace("فصلت فيه", "أعلنت فيه فصل").replace(
        "وسمّى البيان الكتائب المفصولة، وهي:", "وفي حلب قاتلت أمس")
    assert not any(t == "EXPEL" for t, _, _ in _events(text))


def test_founders_of_a_merger_named_by_a_later_apposition() -> None:
    text = ("اندماج خمسة فصائل في ريف حلب تحت اسم \"الفيلق الثالث\"\n"
            "أعلنت خمسة فصائل اليوم اندماجها الكامل. والفصائل المندمجة هي: الجبهة الشامية، "
            "وجيش الإسلام، وفيلق المجد.")
    founders = {m for t, m, c in _events(text) if t == "FORM" and c == "third-legion"}
    assert {"al-jabha-al-shamiya", "jaish-al-islam", "faylaq-al-majd"} <= founders


def test_a_short_name_in_brackets_glosses_the_name_before_it() -> None:
    a = analyze(Document.from_text(
        "أعلنت \"غرفة العمليات الموحدة\" (عزم) اليوم انضمام فرقة الحمزة إلى صفوفها.", "t",
        published="2021-08-01"))
    assert "azm-operations-room" in {m.entity_id for m in a.mentions}
    bare = analyze(Document.from_text("قال إن لديه عزم على المضي في الطريق.", "t",
                                      published="2021-08-01"))
    assert "azm-operations-room" not in {m.entity_id for m in bare.mentions}


def test_a_closing_quote_ends_a_discovered_name() -> None:
    a = analyze(Document.from_text(
        "وأشار إلى أن \"غرفة عمليات ردع الطغاة\" بدأت هجوماً واسعاً، وأن \"غرفة "
        "العمليات المشتركة\" بدأت التمهيد.", "t", published="2020-01-01"))
    names = [m.surface for m in a.mentions if m.kind == "actor"]
    assert any("ردع الطغاة" in n for n in names), names
    assert not any("بدأت" in n for n in names), names


def test_a_definite_noun_before_a_number_is_a_name_not_an_anaphor() -> None:
    a = analyze(Document.from_text(
        "أعلنت غرفة عمليات الفتح المبين بدء المعركة. وشاركت الغرفة 51 في القتال.", "t",
        published="2020-01-01"))
    assert not any(m.rule == "anaphora" and m.surface.startswith("الغرفة")
                   for m in a.mentions)
