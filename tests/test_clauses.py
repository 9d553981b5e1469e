"""The clause layer (syntax/clauses.py, syntax/factivity.py) and what the event rules make
of it. Sentences are the team's own, in wire and statement style."""

from __future__ import annotations

import pytest

from tahaluf.pipeline import analyze
from tahaluf.syntax.clauses import clauses
from tahaluf.syntax.factivity import clause_modality
from tahaluf.text.normalize import normalize
from tahaluf.types import Document


def _events(text: str) -> set[tuple[str, str | None, str | None, str]]:
    a = analyze(Document.from_text(text, "t", published="2018-06-01"))
    return {(e.type, e.member, e.coalition, e.modality) for e in a.events}


def _tree(text: str) -> tuple[str, list[tuple[str, str]]]:
    f = normalize(text).text
    t = clauses(f, 0, len(f))
    return f, [(c.function, f[c.start:c.end].strip()) for c in t.clauses]


def test_relative_clause_is_its_own_clause() -> None:
    _f, cl = _tree("انسحب لواء الحق من الغرفة، التي تضم فصائل عدة في ريف حماة.")
    assert cl[0][0] == "main"
    assert ("relative", normalize("التي تضم فصائل عدة في ريف حماة").text) in cl


def test_conditional_ends_at_its_answer() -> None:
    _f, cl = _tree("وفي حال انضمام الفصيل إلى الجبهة فإن موازين القوى ستتغير.")
    funcs = [c for c, _ in cl]
    assert "conditional" in funcs
    cond = next(t for c, t in cl if c == "conditional")
    assert normalize("موازين").text not in cond


def test_a_word_inside_a_name_opens_no_clause() -> None:
    text = "أعلن تجمع فاستقم كما أمرت انضمامه إلى الجبهة الشامية."
    assert ("JOIN", "fastaqim-kama-umirt", "al-jabha-al-shamiya", "asserted") in _events(text) or \
        any(e[0] == "JOIN" and e[2] == "al-jabha-al-shamiya" and e[3] == "asserted"
            for e in _events(text))


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("وهدد فيلق الشام بالانسحاب من الجبهة الوطنية للتحرير.", "بالانسحاب", "hypothetical"),
    ("ورفضت حركة أحرار الشام الاندماج مع هيئة تحرير الشام.", "الاندماج", "negated"),
    ("ويدرس جيش النصر الانضمام إلى الجبهة الوطنية للتحرير.", "الانضمام", "hypothetical"),
    ("ولم يعلن جيش الأحرار، بحسب ناشطين، انشقاقه عن الهيئة.", "انشقاقه", "negated"),
    ("ولا يوجد حتى اللحظة بيان رسمي يؤكد انضمام الفصيل إلى الفيلق.", "انضمام", "negated"),
    ("إذا انسحب الفيلق من الغرفة فستنهار الجبهة.", "انسحب", "hypothetical"),
    ("وأصدرت القيادة قراراً يمنع تشكيل أي غرفة عمليات جديدة.", "تشكيل", "hypothetical"),
    # a negator in an earlier, coordinated clause does not reach the trigger
    ("لم يصدر أي تعليق من الفيلق، فيما أعلن جيش النصر انضمامه إلى الجبهة.", "انضمامه", None),
    ("أعلن جيش النصر انضمامه إلى الجبهة الوطنية للتحرير.", "انضمامه", None),
])
def test_factivity_of_the_governing_clause(text: str, trigger: str, expected: str | None) -> None:
    f = normalize(text).text
    pos = f.index(normalize(trigger).text)
    assert clause_modality(f, clauses(f, 0, len(f)), pos) == expected


def test_list_in_a_relative_clause_is_not_the_subject() -> None:
    ev = _events("أعلن فيلق الشام انسحابه من جيش الفتح، الذي تشكّل عام 2015 ويضم فصائل "
                 "حركة أحرار الشام وجبهة النصرة وجند الأقصى.")
    members = {e[1] for e in ev if e[0] == "WITHDRAW"}
    assert members == {"failaq-al-sham"}


def test_exception_list_is_not_joined() -> None:
    ev = _events("وانضمت معظم فصائل المنطقة إلى الجبهة الشامية، باستثناء فيلق الشام وجيش النصر.")
    assert not any(e[1] in ("failaq-al-sham", "jaish-al-nasr") for e in ev)


def test_threat_and_refusal_are_not_asserted() -> None:
    ev = _events("هدد فيلق الشام بالانسحاب من الجبهة الوطنية للتحرير. ورفض جيش العزة "
                 "الانضمام إلى هيئة تحرير الشام.")
    assert ev and all(e[3] != "asserted" for e in ev)


def test_founders_in_a_relative_clause_of_the_new_body() -> None:
    a = analyze(Document.from_text(
        "أعلنت فصائل في ريف حماة تشكيل غرفة عمليات \"صد الغزاة\" التي تضم جيش العزة "
        "وجيش النصر.", "t", published="2018-06-01"))
    forms = [e for e in a.events if e.type == "FORM"]
    assert forms
    assert {"jaish-al-izza", "jaish-al-nasr"} <= set(forms[0].participants)
