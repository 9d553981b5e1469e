"""Event extraction logic on a toy lexicon of invented groups (see tests/toy.py)."""

from __future__ import annotations

import pytest

from tahaluf.pipeline import analyze
from tahaluf.types import Analysis, Document
from toy import toy_lexicon


def run(text: str, published: str | None = "2016-01-02") -> Analysis:
    return analyze(Document.from_text(text, "test", published=published), lexicon=toy_lexicon())


def triples(a: Analysis, *, changing_only: bool = True) -> set[tuple[str, str | None, str | None]]:
    return {(e.type, e.member, e.coalition) for e in a.events
            if not changing_only or e.modality in ("asserted", "reported", "hedged")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # verbal and nominal forms
        ("أعلن فيلق الجبل انسحابه من جيش الوادي.", {("WITHDRAW", "mountain-corps", "valley-army")}),
        ("انسحب فيلق الجبل من جيش الوادي يوم أمس.", {("WITHDRAW", "mountain-corps", "valley-army")}),
        ("أعلن فيلق الجبل خروجه من غرفة عمليات جيش الوادي.",
         {("WITHDRAW", "mountain-corps", "valley-army")}),
        ("وأعلنت حركة النهر انضمامها إلى جبهة الساحل.", {("JOIN", "river-movement", "coast-front")}),
        ("انضمت حركة النهر لجبهة الساحل.", {("JOIN", "river-movement", "coast-front")}),
        ("أعلنت حركة النهر، في بيان نشرته مساء السبت، انضمامها إلى صفوف جبهة الساحل.",
         {("JOIN", "river-movement", "coast-front")}),
        # passive with the member after the verb
        ("أُخرج لواء السهل من جيش الوادي بعد خلافات.", {("EXPEL", "plain-brigade", "valley-army")}),
        ("وتم طرد لواء السهل من جبهة الساحل.", {("EXPEL", "plain-brigade", "coast-front")}),
        # genitive member after the masdar
        ("وجاء انسحاب لواء السهل من جيش الوادي مفاجئاً.",
         {("WITHDRAW", "plain-brigade", "valley-army")}),
        # lists of members
        ("أعلن لواء السهل وكتائب الفجر وحركة النهر اندماجها في جبهة الساحل.",
         {("MERGE", "plain-brigade", "coast-front"), ("MERGE", "dawn-battalions", "coast-front"),
          ("MERGE", "river-movement", "coast-front")}),
        # coalition as the agent
        ("رحبت جبهة الساحل بانضمام كتائب الفجر إلى صفوفها.",
         {("JOIN", "dawn-battalions", "coast-front")}),
        # split
        ("أعلن الحرس الجديد انشقاقه عن الحرس القديم.", {("SPLIT", "new-guard", "old-guard")}),
        # dissolve
        ("أعلنت جبهة الصحراء حل نفسها بشكل كامل.", {("DISSOLVE", None, "desert-front")}),
        ("وتفككت جبهة الصحراء في الصيف.", {("DISSOLVE", None, "desert-front")}),
    ],
)
def test_coalition_events(text: str, expected: set[tuple[str, str | None, str | None]]) -> None:
    assert triples(run(text)) == expected


def test_hedged_alternative() -> None:
    a = run("أعلن فيلق الجبل انسحابه من جيش الوادي، بعدما انسحب -أو أُخرج- لواء السهل من جيش الوادي قبل عدة أشهر.")
    by_member = {e.member: e for e in a.events}
    assert by_member["mountain-corps"].type == "WITHDRAW"
    assert by_member["mountain-corps"].modality == "asserted"
    hedged = by_member["plain-brigade"]
    assert (hedged.type, hedged.coalition, hedged.alternatives, hedged.modality) == (
        "WITHDRAW", "valley-army", ("EXPEL",), "hedged")


def test_subject_carried_from_previous_sentence() -> None:
    a = run("عقد فيلق الجبل اجتماعاً لقادته في الشمال. وأعلن بعده انسحابه من جيش الوادي.")
    assert ("WITHDRAW", "mountain-corps", "valley-army") in triples(a)


def test_pronoun_coalition_resolved_to_last_coalition() -> None:
    a = run("تشكلت جبهة الساحل في الربيع. وبعد أشهر انضمت إليها حركة النهر.")
    assert ("JOIN", "river-movement", "coast-front") in triples(a)


def test_formation_with_founders() -> None:
    a = run('أعلنت فصائل عدة تشكيل "غرفة عمليات نسور البادية" التي تضم لواء السهل وكتائب الفجر.')
    forms = [e for e in a.events if e.type == "FORM"]
    assert {e.member for e in forms} == {"plain-brigade", "dawn-battalions"}
    coalition = forms[0].coalition
    names = {d.id: d.name_ar for d in a.discovered}
    assert coalition in names and "نسور البادية" in names[coalition]


def test_merger_into_new_name_is_form_with_alternative_merge() -> None:
    a = run('أعلن لواء السهل وكتائب الفجر اندماجهما في تشكيل جديد تحت اسم "جيش الأحرار الموحد".')
    forms = [e for e in a.events if e.type == "FORM"]
    assert {e.member for e in forms} == {"plain-brigade", "dawn-battalions"}
    assert all(e.alternatives == ("MERGE",) for e in forms)


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("نرجو أن تنضم حركة النهر إلى جبهة الساحل.", "hypothetical"),
        ("ندعو لواء السهل إلى الانضمام إلى جيش الوادي.", "hypothetical"),
        ("من المتوقع أن يعلن لواء السهل انضمامه إلى جيش الوادي غداً.", "hypothetical"),
        ("ستنضم حركة النهر إلى جبهة الساحل.", "hypothetical"),
        ("لم ينضم لواء السهل إلى جيش الوادي.", "negated"),
        ("نفى لواء السهل انضمامه إلى جيش الوادي.", "negated"),
        ("وبحسب مصادر محلية، انضم لواء السهل إلى جيش الوادي.", "reported"),
        ("انضم لواء السهل إلى جيش الوادي.", "asserted"),
    ],
)
def test_modality(text: str, modality: str) -> None:
    a = run(text)
    assert [e.modality for e in a.events] == [modality]


@pytest.mark.parametrize(
    "text",
    [
        "انسحب فيلق الجبل من مدينة القمر بعد معارك عنيفة.",
        "انسحب فيلق الجبل من مناطق واسعة في ريف السهل الجنوبي.",
        "انشق عشرات العناصر عن جبهة الساحل وانضموا إلى جيش الوادي.",
        "انضمت حركة النهر إلى معارك ريف السهل الجنوبي.",
        "يشكل هذا القرار ضربة للمعارضة.",
        "حل الظلام على مدينة القمر.",
    ],
)
def test_non_events(text: str) -> None:
    assert triples(run(text)) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقال فيلق الجبل، أحد مكونات جيش الوادي، إن المعارك مستمرة.",
         {("mountain-corps", "valley-army")}),
        ("ويضم جيش الوادي الذي يضم فيلق الجبل وحركة النهر آلاف المقاتلين.",
         {("mountain-corps", "valley-army"), ("river-movement", "valley-army")}),
        ("قصفت قوات العاصمة مواقع لواء السهل المنضوي في جبهة الساحل.",
         {("plain-brigade", "coast-front")}),
    ],
)
def test_memberships(text: str, expected: set[tuple[str, str]]) -> None:
    a = run(text)
    assert {(m.member, m.coalition) for m in a.memberships} == expected
    assert triples(a) == set()


def test_other_events() -> None:
    a = run("سيطر جيش الوادي على تل النجوم. وتقدمت قوات العاصمة قرابة 400 كم في ريف السهل الجنوبي."
            " وأعلن جيش الوادي تبني قتال الحرس القديم.")
    kinds = {(o.type, o.actor, o.place or o.target) for o in a.other_events}
    assert ("CAPTURE", "valley-army", "star-hill") in kinds
    assert ("ADVANCE", "capital-forces", "south-plain") in kinds
    assert ("STANCE", "valley-army", "old-guard") in kinds


def test_event_evidence_is_the_sentence() -> None:
    text = "مقدمة الخبر. أعلن فيلق الجبل انسحابه من جيش الوادي. خاتمة."
    a = run(text)
    [e] = a.events
    assert text[e.evidence.start:e.evidence.end] == "أعلن فيلق الجبل انسحابه من جيش الوادي."
    assert e.date.basis == "published" and e.date.value == "2016-01-02"


def test_a_purpose_takes_the_modality_of_what_it_serves() -> None:
    """"اندماج قريب … لتشكيل X": the merger is upcoming, so is the formation it aims at;
    "اندمجت … لتشكيل X" is done, so is the formation."""
    planned = run("تحدثت مصادر عن اندماج قريب لحركة النهر بجبهة الساحل لتشكيل جيش الوادي.")
    assert planned.events and {e.modality for e in planned.events} == {"hypothetical"}
    done = run("اندمجت حركة النهر ولواء السهل لتشكيل جيش الوادي.")
    assert {e.modality for e in done.events if e.type == "FORM"} == {"asserted"}


@pytest.mark.parametrize("text", [
    'وتضمن بيان تأسيس الجبهة الذي قرأه أمينها العام "سالم النمر" دعوة إلى الوحدة.',
    "وتأسست الميليشيا على يد ضابط سابق «قائد حرس الساحل» مطلع عام 2014.",
    'وأعلنت الجماعة في 2015 عن تشكيل فرعٍ لها في "مدينة القمر".',
    'وأعلن لواء السهل انفصاله عن جيش الوادي وتشكيل "مجلس شورى" جديد له.',
])
def test_a_quoted_phrase_far_from_the_trigger_is_no_new_body(text: str) -> None:
    """The quoted name of a new body follows its formation closely, with no preposition or
    relative clause between them; a shura council is an internal organ, not a coalition."""
    assert not [e for e in run(text).events if e.type == "FORM"]


def test_a_quoted_new_name_right_after_the_trigger_is_the_body() -> None:
    a = run('أعلنت فصائل ريف السهل تشكيل غرفة عمليات "ردع العدوان" في تل النجوم.')
    assert [e.type for e in a.events] == ["FORM"]
