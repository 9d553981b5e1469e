from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tahaluf.extract.quantities import find_quantities, parse_number_words
from tahaluf.text.normalize import fold, normalize


def quantities_in(text: str) -> dict[str, tuple[float, str | None, bool]]:
    out = {}
    for q in find_quantities(normalize(text)):
        assert 0 <= q.span.start < q.span.end <= len(text)
        out[text[q.span.start:q.span.end]] = (q.value, q.unit, q.approximate)
    return out


# (news sentence, phrase as written, value, unit, approximate)
CASES = [
    ("استطاع نظام الأسد أن يتقدم قرابة 400 كم في ريف حلب الجنوبي.",
     "قرابة 400 كم", 400, "km", True),
    ("تقدمت القوات نحو ٤٠٠ كيلومتر مربع في ريف حلب.", "نحو ٤٠٠ كيلومتر مربع", 400, "km2", True),
    ("وتبلغ مساحة المنطقة 250 كم2 تقريباً.", "250 كم2 تقريباً", 250, "km2", True),
    ("وتمتد الجبهة على طول 30 كم مربع.", "30 كم مربع", 30, "km2", False),
    ("وانسحب المقاتلون مسافة 500 متر عن خطوط التماس.", "500 متر", 500, "m", False),
    ("وأدى القصف إلى نزوح 450 ألف مدني.", "450 ألف مدني", 450_000, "person", False),
    ("وقدرت الخسائر بـ 6.5 مليون دولار.", "6.5 مليون دولار", 6_500_000, "dollar", False),
    ("ويضم الجيش 10,000 مقاتل.", "10,000 مقاتل", 10_000, "fighter", False),
    ("ويضم الفيلق 10.000 مقاتل.", "10.000 مقاتل", 10_000, "fighter", False),
    ("ويبلغ عدد عناصره ١٠٬٠٠٠ عنصر.", "١٠٬٠٠٠ عنصر", 10_000, "fighter", False),
    ("وجمعت الحملة 10,000 دون أن تعلن الجهة.", "10,000", 10_000, None, False),
    ("وشارك في الهجوم ٤٠٠ مقاتل.", "٤٠٠ مقاتل", 400, "fighter", False),
    ("وتقدمت القوات ١٢٫٥ كم في عمق المنطقة.", "١٢٫٥ كم", 12.5, "km", False),
    ("وتشكل جيش الفتح من سبعة فصائل أبرزها أحرار الشام.", "سبعة فصائل", 7, "faction", False),
    ("وانضم إلى الغرفة ثلاثمئة وخمسين مقاتلاً.", "ثلاثمئة وخمسين مقاتلاً", 350, "fighter", False),
    ("ونشرت الهيئة خمسة آلاف عنصر على الجبهات.", "خمسة آلاف عنصر", 5000, "fighter", False),
    ("وسقط في الاشتباكات عشرات القتلى.", "عشرات القتلى", 20, "person", True),
    ("ونزح مئات الآلاف من المدنيين.", "مئات الآلاف من المدنيين", 200_000, "person", True),
    ("وانضم آلاف المقاتلين إلى الجبهة.", "آلاف المقاتلين", 2000, "fighter", True),
    ("وسيطرت الفصائل على أكثر من 20 قرية.", "أكثر من 20 قرية", 20, "village", True),
    ("واستعاد النظام عدة قرى في الريف الشمالي.", "عدة قرى", 3, "village", True),
    ("وتضم الجبهة أحد عشر فصيلاً.", "أحد عشر فصيلاً", 11, "faction", False),
    ("ويقدر عدد عناصر الفصيل بما يزيد عن ألفي مقاتل.", "ما يزيد عن ألفي مقاتل", 2000, "fighter", True),
    ("وينتشر في المنطقة زهاء مئتي عنصر.", "زهاء مئتي عنصر", 200, "fighter", True),
    ("وبلغ عدد المنضمين ألف وخمسمئة مقاتل.", "ألف وخمسمئة مقاتل", 1500, "fighter", False),
    ("وسيطر الفصيل على 50% من المدينة.", "50%", 50, "percent", False),
    ("وتراجعت المساحة بنسبة 30 في المئة.", "30 في المئة", 30, "percent", False),
    ("ويسيطر النظام على 60 بالمئة من المحافظة.", "60 بالمئة", 60, "percent", False),
    ("وقتل في الهجوم حوالي 12 شخصاً.", "حوالي 12 شخصاً", 12, "person", True),
    ("وضمت الغرفة ما يقارب خمسة وعشرين فصيلاً.", "ما يقارب خمسة وعشرين فصيلاً", 25, "faction",
     True),
]


@pytest.mark.parametrize(("text", "phrase", "value", "unit", "approximate"), CASES)
def test_find_quantities(text: str, phrase: str, value: float, unit: str | None,
                         approximate: bool) -> None:
    found = quantities_in(text)
    assert phrase in found, f"{phrase!r} not found; got {list(found)}"
    assert found[phrase] == (value, unit, approximate)


@pytest.mark.parametrize("text", [
    "أعلن فيلق الشام في 2 كانون الثاني 2016 انسحابه.",   # dates are not counts
    "وصدر البيان بتاريخ 2/1/2016.",
    "وطالب المجلس بتطبيق القرار 2254.",                 # a resolution number
    "وانضم اللواء 93 إلى الفيلق.",                        # a brigade number
    "وتأسس الفصيل عام 2015 تشكيل جديد.",                  # a year before a unit word
    "وانسحب الفصيل قبل عدة أشهر.",                        # عدة alone is not a count
    "وعاد ثلاثة من القادة إلى المدينة.",                  # a lone number word
])
def test_not_quantities(text: str) -> None:
    assert quantities_in(text) == {}


@pytest.mark.parametrize("text", [
    "قتل 4,5,6,7 عناصر من جيش الفتح في 3 آذار 2016",    # a list of digits (issue 9 item 9)
    "قتل ٤,٥,٦,٧ عناصر من جيش الفتح",                    # the same in Eastern-Arabic digits
    "قتل ٤٬٥٬٦٬٧ عناصر من جيش الفتح",                    # with the Arabic thousands separator
    "وصدر القرار في 3.4.2016 عنصر",                        # a date written with dots
    "قتل 1,00,0.5 عنصر",                                   # grouping not in threes
    "قتل 1.2.3,4 عنصر",                                    # two decimal points
])
def test_digit_lists_are_not_one_number(text: str) -> None:
    found = quantities_in(text)
    assert all(value != 4567 for value, _, _ in found.values()), found


@pytest.mark.parametrize(("text", "phrase", "value"), [
    ("ويضم الجيش 1,000,000 مقاتل.", "1,000,000 مقاتل", 1_000_000),
    ("ويضم الجيش ١٬٠٠٠٬٠٠٠ مقاتل.", "١٬٠٠٠٬٠٠٠ مقاتل", 1_000_000),
    ("وتقدمت القوات 1,000.5 كم.", "1,000.5 كم", 1000.5),
    ("وتقدمت القوات 1.000,5 كم.", "1.000,5 كم", 1000.5),
    ("وتقدمت القوات ١٬٠٠٠٫٥ كم.", "١٬٠٠٠٫٥ كم", 1000.5),
])
def test_thousands_and_decimal_separators(text: str, phrase: str, value: float) -> None:
    found = quantities_in(text)
    assert phrase in found, f"{phrase!r} not found; got {list(found)}"
    assert found[phrase][0] == value


def test_a_number_too_large_for_a_float_is_not_a_quantity() -> None:
    assert quantities_in("وتقدمت القوات " + "9" * 400 + " كم") == {}
    assert quantities_in("وتقدمت القوات 9" + "0" * 305 + " مليار كم") == {}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", min_size=1, max_size=4), min_size=1,
                max_size=6),
       st.lists(st.sampled_from([",", ".", "٬", "٫"]), min_size=5, max_size=5),
       st.sampled_from(["", " مقاتل", " ألف", " كم"]))
def test_digits_with_any_separators_never_crash(groups: list[str], seps: list[str],
                                               unit: str) -> None:
    digits = groups[0] + "".join(s + g for s, g in zip(seps, groups[1:], strict=False))
    quantities_in(f"قتل {digits}{unit} من الفصيل")


@pytest.mark.parametrize(("words", "value"), [
    ("ثلاثمئة وخمسين", 350),
    ("ثلاث مئة", 300),
    ("خمسة آلاف", 5000),
    ("ثلاثة آلاف وخمسمئة", 3500),
    ("مئتي ألف", 200_000),
    ("ألف وخمسمئة", 1500),
    ("اثنا عشر", 12),
    ("خمسة وعشرين", 25),
    ("مليون", 1_000_000),
])
def test_parse_number_words(words: str, value: int) -> None:
    assert parse_number_words(fold(words)) == value


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["قرابة", "نحو", "400", "٤٠٠", "ألف", "آلاف", "عشرات", "مقاتل", "كم", "مربع",
                     "10,000", "6.5", "مليون", "و", "خمسة", "مئة", "%", "في المئة", "٬", "٫"]),
    st.text(st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=8),
), max_size=25).map(" ".join))
def test_find_quantities_never_crashes(text: str) -> None:
    quantities_in(text)
