from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tahaluf.errors import DateError
from tahaluf.extract.dates import (
    document_date,
    find_dates,
    hijri_to_gregorian,
    resolve_event_date,
)
from tahaluf.resources import load_yaml
from tahaluf.text.normalize import normalize
from tahaluf.types import UNKNOWN_DATE, DateValue, Span


def dates_in(text: str, published: str | None) -> dict[str, DateValue]:
    """Phrase as written → value; also checks every span points into the text."""
    out = {}
    for span, value in find_dates(normalize(text), published):
        assert 0 <= span.start < span.end <= len(text)
        out[text[span.start:span.end]] = value
    return out


# (published, news sentence, phrase as written, value, precision, earliest, latest, basis)
CASES = [
    # full dates, Levantine / Egyptian / Maghreb names, dual names, Eastern digits
    ("2016-01-03", "أعلن فيلق الشام، يوم السبت 2 كانون الثاني 2016، انسحابه من جيش الفتح.",
     "يوم السبت 2 كانون الثاني 2016", "2016-01-02", "day", "2016-01-02", "2016-01-02", "explicit"),
    (None, "وتأسست الجبهة في 20 فبراير/شباط 2017 بمدينة إدلب.",
     "20 فبراير/شباط 2017", "2017-02-20", "day", "2017-02-20", "2017-02-20", "explicit"),
    (None, "أعلنت الفصائل في 20 شباط (فبراير) 2017 اندماجها.",
     "20 شباط (فبراير) 2017", "2017-02-20", "day", "2017-02-20", "2017-02-20", "explicit"),
    (None, "حلب، الاثنين، 8 كانون الأول/ديسمبر2013 (وكالات)",
     "الاثنين، 8 كانون الأول/ديسمبر2013", "2013-12-08", "day", "2013-12-08", "2013-12-08",
     "explicit"),
    (None, "اندمجت الألوية في 27 آب – أغسطس 2015 تحت اسم جديد.",
     "27 آب – أغسطس 2015", "2015-08-27", "day", "2015-08-27", "2015-08-27", "explicit"),
    (None, "وقع الاتفاق في ٢ كانون الثاني ٢٠١٦ بحضور قادة الفصائل.",
     "٢ كانون الثاني ٢٠١٦", "2016-01-02", "day", "2016-01-02", "2016-01-02", "explicit"),
    (None, "وذكرت الحركة في بيانها بتاريخ 2/1/2016 أنها انسحبت.",
     "2/1/2016", "2016-01-02", "day", "2016-01-02", "2016-01-02", "explicit"),
    (None, "نشر البيان بتاريخ 2016-01-02 على المعرفات الرسمية.",
     "2016-01-02", "2016-01-02", "day", "2016-01-02", "2016-01-02", "explicit"),
    (None, "صدر القرار في ٢/١/٢٠١٦ عن القيادة العامة.",
     "٢/١/٢٠١٦", "2016-01-02", "day", "2016-01-02", "2016-01-02", "explicit"),
    (None, "بيان صادر يوم 02.01.2016 عن المكتب الإعلامي.",
     "02.01.2016", "2016-01-02", "day", "2016-01-02", "2016-01-02", "explicit"),
    (None, "وكان جيش الفتح قد تشكّل في آذار 2015 من سبعة فصائل.",
     "آذار 2015", "2015-03", "month", "2015-03-01", "2015-03-31", "explicit"),
    (None, "وقد انضم اللواء إلى الجبهة في كانون الأول عام 2014 بعد مفاوضات.",
     "كانون الأول عام 2014", "2014-12", "month", "2014-12-01", "2014-12-31", "explicit"),
    (None, "وأعلن عن تشكيل الجيش بتاريخ 28 تموز 2021 في ريف حلب.",
     "28 تموز 2021", "2021-07-28", "day", "2021-07-28", "2021-07-28", "explicit"),
    # years
    (None, "وكانت الكتيبة قد انضمت للحركة عند تأسيسها عام 2011.",
     "عام 2011", "2011", "year", "2011-01-01", "2011-12-31", "explicit"),
    (None, "وفي 2014 انفرط عقد الجبهة.",
     "2014", "2014", "year", "2014-01-01", "2014-12-31", "explicit"),
    (None, "وشارك الفصيل في المعارك منذ مطلع عام 2014 م في ريف حماة.",
     "مطلع عام 2014 م", "2014", "year", "2014-01-01", "2014-03-31", "explicit"),
    (None, "تراجعت قوة الفصيل أواخر 2015 بعد خسارة مواقعه.",
     "أواخر 2015", "2015", "year", "2015-10-01", "2015-12-31", "explicit"),
    (None, "وخاض الفصيل معارك صيف 2016 في الريف الجنوبي.",
     "صيف 2016", "2016", "year", "2016-06-01", "2016-08-31", "explicit"),
    # months relative to the publication date
    ("2017-06-30", "وكانت الحركة قد انسحبت من الغرفة في آذار العام الفائت.",
     "آذار العام الفائت", "2016-03", "month", "2016-03-01", "2016-03-31", "relative"),
    ("2017-06-30", "انضم الفصيل إلى الجبهة مطلع العام الماضي.",
     "مطلع العام الماضي", "2016", "year", "2016-01-01", "2016-03-31", "relative"),
    ("2017-06-30", "ومن المتوقع أن تحل الغرفة نفسها أواخر العام الجاري.",
     "أواخر العام الجاري", "2017", "year", "2017-10-01", "2017-12-31", "relative"),
    ("2016-01-03", "تقدمت قوات النظام منذ بدء التدخل الروسي أواخر أيلول الماضي.",
     "أواخر أيلول الماضي", "2015-09", "month", "2015-09-21", "2015-09-30", "relative"),
    ("2021-10-19", "وخرج الفصيل من الفيلق في منتصف تموز الماضي.",
     "منتصف تموز الماضي", "2021-07", "month", "2021-07-11", "2021-07-20", "relative"),
    ("2021-10-19", "وأعلنت الفصائل في مطلع أكتوبر اندماجها.",
     "مطلع أكتوبر", "2021-10", "month", "2021-10-01", "2021-10-10", "relative"),
    ("2022-03-01", "وكان الفصيل قد التحق بالفيلق مطلع شهر أيلول من العام المنصرم.",
     "مطلع شهر أيلول من العام المنصرم", "2021-09", "month", "2021-09-01", "2021-09-10",
     "relative"),
    ("2021-10-02", "وكانت الهيئة قد فصلت القيادي في التاسع من أيلول/سبتمبر الماضي.",
     "التاسع من أيلول/سبتمبر الماضي", "2021-09-09", "day", "2021-09-09", "2021-09-09",
     "relative"),
    ("2021-10-19", "وفي الـ 9 من سبتمبر/أيلول أعلن اللواء انضمامه.",
     "9 من سبتمبر/أيلول", "2021-09-09", "day", "2021-09-09", "2021-09-09", "relative"),
    ("2022-05-01", "وكان ذلك يوم الخميس الموافق لـ31 آذار/مارس الماضي.",
     "يوم الخميس الموافق لـ31 آذار/مارس الماضي", "2022-03-31", "day", "2022-03-31",
     "2022-03-31", "relative"),
    ("2022-07-20", "على أن يبدأ العمل يوم 15 من تموز الجاري.",
     "يوم 15 من تموز الجاري", "2022-07-15", "day", "2022-07-15", "2022-07-15", "relative"),
    ("2016-01-03", "وقعت الاشتباكات في 20 كانون الأول بين الطرفين.",
     "20 كانون الأول", "2015-12-20", "day", "2015-12-20", "2015-12-20", "relative"),
    # weekday + day + month, no year: the year that puts the day on that weekday
    ("2016-01-03", "أعلن فيلق الشام، السبت 2 كانون الثاني، انسحابه.",
     "السبت 2 كانون الثاني", "2016-01-02", "day", "2016-01-02", "2016-01-02", "relative"),
    ("2016-01-03", "صدر البيان الجمعة 2 كانون الثاني في ريف إدلب.",
     "الجمعة 2 كانون الثاني", "2015-01-02", "day", "2015-01-02", "2015-01-02", "relative"),
    ("2016-01-03", "وفي الأحد 11 تشرين الأول انسحبت الكتيبة.",
     "الأحد 11 تشرين الأول", "2015-10-11", "day", "2015-10-11", "2015-10-11", "relative"),
    ("2021-11-12", "وأعلن الفصيل أمس الأربعاء 10 تشرين الثاني خروجه من الفيلق.",
     "أمس الأربعاء 10 تشرين الثاني", "2021-11-10", "day", "2021-11-10", "2021-11-10",
     "relative"),
    # relative days and weekdays
    ("2016-01-03", "أعلن الفصيل اليوم انضمامه إلى الجبهة.",
     "اليوم", "2016-01-03", "day", "2016-01-03", "2016-01-03", "relative"),
    ("2016-01-03", "وكان الفصيل قد أعلن أمس انسحابه.",
     "أمس", "2016-01-02", "day", "2016-01-02", "2016-01-02", "relative"),
    ("2016-01-03", "وقال المتحدث يوم أمس إن الاندماج تم.",
     "يوم أمس", "2016-01-02", "day", "2016-01-02", "2016-01-02", "relative"),
    ("2016-01-03", "وانشق القيادي أول أمس عن الحركة.",
     "أول أمس", "2016-01-01", "day", "2016-01-01", "2016-01-01", "relative"),
    ("2012-06-05", "أُعلن في إسطنبول، يوم أمس الإثنين، عن تأسيس جبهة ثوار سوريا.",
     "يوم أمس الإثنين", "2012-06-04", "day", "2012-06-04", "2012-06-04", "relative"),
    # the weekday wins when the stamp is a day late: 2021-10-02 was a Saturday
    ("2021-10-02", "وأعلنت الفصائل اليوم الجمعة تشكيل غرفة عمليات.",
     "اليوم الجمعة", "2021-10-01", "day", "2021-10-01", "2021-10-02", "relative"),
    ("2016-05-21", "وأصدرت الحركة يوم السبت بياناً أعلنت فيه حل نفسها.",
     "يوم السبت", "2016-05-21", "day", "2016-05-21", "2016-05-21", "relative"),
    ("2022-08-09", "وكان اللواء قد انشق السبت الماضي.",
     "السبت الماضي", "2022-08-06", "day", "2022-08-06", "2022-08-06", "relative"),
    ("2016-01-03", "وتصاعدت الخلافات الأسبوع الماضي.",
     "الأسبوع الماضي", "2015-12-30", "day", "2015-12-27", "2016-01-02", "relative"),
    ("2016-01-03", "وكانت الكتائب قد اندمجت الشهر الماضي.",
     "الشهر الماضي", "2015-12", "month", "2015-12-01", "2015-12-31", "relative"),
    ("2016-01-03", "وانسحب الفصيل من الغرفة قبل يومين.",
     "قبل يومين", "2016-01-01", "day", "2016-01-01", "2016-01-01", "relative"),
    ("2016-01-03", "وقد أعلن الفيلق قبل أسبوع خروجه.",
     "قبل أسبوع", "2015-12-27", "day", "2015-12-24", "2015-12-30", "relative"),
    ("2016-01-03", "وانضمت الكتيبة إلى الفيلق قبل شهرين.",
     "قبل شهرين", "2015-11", "month", "2015-10-19", "2015-11-18", "relative"),
    # vague: a range with a midpoint best guess
    ("2016-01-03", "بعدما انسحب -أو أُخرج- فصيل جند الأقصى من جيش الفتح قبل عدة أشهر.",
     "قبل عدة أشهر", "2015-06", "month", "2015-02-03", "2015-11-03", "relative"),
    ("2016-01-03", "وكانت الحركة قد خرجت من الغرفة قبل أشهر.",
     "قبل أشهر", "2015-06", "month", "2015-02-03", "2015-11-03", "relative"),
    ("2016-01-03", "وتوسعت الخلافات خلال الأسابيع الماضية.",
     "خلال الأسابيع الماضية", "2015-12-13", "day", "2015-11-22", "2016-01-03", "relative"),
    ("2016-01-03", "وكان الفصيل قد انشق منذ أيام.",
     "منذ أيام", "2015-12-29", "day", "2015-12-27", "2016-01-01", "relative"),
    # Hijri (tabular calendar, ±1 day)
    (None, "صدر البيان في 15 رمضان 1436 هـ عن مجلس الشورى.",
     "15 رمضان 1436 هـ", "2015-07-02", "day", "2015-07-02", "2015-07-02", "explicit"),
    (None, "وأُعلن التشكيل في 1 محرم 1437 هـ.",
     "1 محرم 1437 هـ", "2015-10-15", "day", "2015-10-15", "2015-10-15", "explicit"),
    (None, "وقد جرى ذلك في رمضان 1436 هـ.",
     "رمضان 1436 هـ", "2015-07", "month", "2015-06-18", "2015-07-17", "explicit"),
    # anchors
    ("2016-01-03", "تقدمت قوات النظام قرابة 400 كم في ريف حلب الجنوبي منذ التدخل الروسي.",
     "منذ التدخل الروسي", "2015-09-30", "day", "2015-09-30", "2016-01-03", "explicit"),
    (None, "وانقسمت الحركة بعد سقوط حلب إلى تيارين.",
     "بعد سقوط حلب", "2016-12-22", "day", "2016-12-22", None, "explicit"),
    (None, "وتقاتلت الفصائل منذ انطلاق الثورة السورية على النفوذ.",
     "منذ انطلاق الثورة السورية", "2011-03-15", "day", "2011-03-15", None, "explicit"),
    (None, "وكان الفصيل قد انضم إلى الجبهة الوطنية قبل اتفاق سوتشي.",
     "قبل اتفاق سوتشي", "2018-09-17", "day", None, "2018-09-17", "explicit"),
    ("2025-01-10", "وشاركت الفرقة في القتال خلال معركة ردع العدوان.",
     "خلال معركة ردع العدوان", "2024-11-27", "day", "2024-11-27", "2024-12-08", "explicit"),
    ("2025-01-10", "وأعلنت الفصائل حل نفسها بعد سقوط نظام الأسد.",
     "بعد سقوط نظام الأسد", "2024-12-08", "day", "2024-12-08", "2025-01-10", "explicit"),
    # dateparser fallback for a Latin-script month
    (None, "جاء في البيان المؤرخ 12 August 2015 أن الفصيل انسحب.",
     "12 August 2015", "2015-08-12", "day", "2015-08-12", "2015-08-12", "explicit"),
]


@pytest.mark.parametrize(
    ("published", "text", "phrase", "value", "precision", "earliest", "latest", "basis"), CASES)
def test_find_dates(published: str | None, text: str, phrase: str, value: str,
                    precision: str, earliest: str | None, latest: str | None,
                    basis: str) -> None:
    found = dates_in(text, published)
    assert phrase in found, f"{phrase!r} not found; got {list(found)}"
    assert found[phrase] == DateValue(value, precision, earliest, latest, basis)  # type: ignore[arg-type]


# Every month name of every family, in a full date.
MONTH_NAMES = [
    (name, i + 1) for family in (
        ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
         "تشرين الأول", "تشرين الثاني", "كانون الأول"],
        ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
         "أكتوبر", "نوفمبر", "ديسمبر"],
        ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر",
         "أكتوبر", "نوفمبر", "ديسمبر"],
    ) for i, name in enumerate(family)
] + [("ابريل", 4), ("إبريل", 4), ("يونيه", 6), ("يوليه", 7), ("اغسطس", 8), ("أب", 8)]


@pytest.mark.parametrize(("name", "month"), MONTH_NAMES)
def test_every_month_name(name: str, month: int) -> None:
    phrase = f"5 {name} 2016"
    found = dates_in(f"أعلنت الفصائل في {phrase} تشكيل غرفة عمليات مشتركة.", None)
    assert found == {phrase: DateValue(f"2016-{month:02d}-05", "day", f"2016-{month:02d}-05",
                                       f"2016-{month:02d}-05", "explicit")}


@pytest.mark.parametrize(("published", "text"), [
    ("2022-08-09", "نرجو أن يعجل الله باليوم الذي ننجز فيه واجبنا."),  # "the day that"
    ("2022-08-09", "وذكّر القيادي بدروس حرب تموز."),                    # a name, not a date
    ("2022-08-09", "مارس النظام ضغوطاً كبيرة على الفصائل."),          # مارس "practised"
    ("2022-08-09", "وقال أب الشهيد إن ابنه انضم إلى الكتيبة."),        # أب "father"
    ("2022-08-09", "وقُتل أحد القادة في الاشتباكات."),                  # أحد "one of"
    ("2022-08-09", "وصوّت المجلس على القرار 2254 بالإجماع."),
    ("2022-08-09", "وقتل 2000 شخص في المعارك."),
    ("2022-08-09", "واستعاد الفصيل السيطرة قبل عام من التهجير."),      # before an event
    ("2022-08-09", "وانشق القائد قبل يومين من الهجوم."),
    ("2016-01-03", "وتعهدت الفصائل بمواصلة القتال بعد سقوط النظام."),  # not yet happened
    ("2016-01-03", "ونص البيان على الالتزام باتفاق سوتشي."),            # mention, no relation
    ("2016-01-03", "وأعلن في 31 شباط 2015 عن تشكيل وهمي."),              # no such day
    (None, "أعلن الفصيل اليوم انضمامه، السبت، وأمس، والشهر الماضي، وقبل يومين."),
])
def test_not_dates(published: str | None, text: str) -> None:
    assert dates_in(text, published) == {}


def test_offsets_survive_diacritics_and_tatweel() -> None:
    text = "أعلنَ الفصيلُ في الـ٩ من أيـلولَ ٢٠١٥ انسحابَه مِن الغرفة"
    found = dates_in(text, None)
    assert found == {"٩ من أيـلولَ ٢٠١٥": DateValue("2015-09-09", "day", "2015-09-09",
                                                     "2015-09-09", "explicit")}


def test_hijri_epoch_and_known_days() -> None:
    assert hijri_to_gregorian(1, 1, 1) == date(622, 7, 19)
    assert hijri_to_gregorian(1436, 9, 1) == date(2015, 6, 18)
    with pytest.raises(ValueError):
        hijri_to_gregorian(1436, 13, 1)


def test_document_date_and_event_date() -> None:
    text = "أعلن فيلق الشام انسحابه من جيش الفتح. وكان الفصيل قد انضم في آذار 2015 إلى الغرفة."
    dates = find_dates(normalize(text), "2016-01-03")
    first = Span(0, text.index(".") + 1)
    second = Span(first.end + 1, len(text))
    published = DateValue("2016-01-03", "day", "2016-01-03", "2016-01-03", "published")
    assert document_date("2016-01-03") == published
    assert document_date(None) == UNKNOWN_DATE
    assert resolve_event_date(first, dates, "2016-01-03") == published
    assert resolve_event_date(first, dates, None) == UNKNOWN_DATE
    assert resolve_event_date(second, dates, "2016-01-03").value == "2015-03"
    with pytest.raises(DateError):
        document_date("03/01/2016")


def test_event_date_prefers_the_date_nearest_the_trigger() -> None:
    text = "في 2 كانون الثاني 2016 أعلن الفيلق انسحابه، بعد أن انضم في آذار 2015."
    dates = find_dates(normalize(text), None)
    sentence = Span(0, len(text))
    assert resolve_event_date(sentence, dates, None).value == "2016-01-02"
    near = text.index("انضم")
    assert resolve_event_date(sentence, dates, None, near=near).value == "2015-03"


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(k) + _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


@pytest.mark.parametrize("name", ["months.yaml", "anchors.yaml", "quantities.yaml"])
def test_data_file_strings_are_clean(name: str) -> None:
    arabic = [s for s in _strings(load_yaml(name)) if any("\u0600" <= c <= "\u06ff" for c in s)]
    assert arabic
    for s in arabic:
        assert unicodedata.normalize("NFC", s) == s, f"{name}: {s!r} is not NFC"
        assert not any("\ufb50" <= c <= "\ufeff" for c in s), f"{name}: {s!r} presentation form"
        assert "\u0640" not in s, f"{name}: {s!r} has tatweel"


TOKENS = st.sampled_from([
    "كانون الثاني", "آذار", "أيلول", "مارس", "آب", "السبت", "الاثنين", "اليوم", "أمس", "أول",
    "قبل", "منذ", "عدة", "أشهر", "يومين", "العام", "الماضي", "مطلع", "رمضان", "هـ", "من",
    "الـ", "لـ", "عام", "/", "-", "،", "(", ")", " ", "\n", "التدخل الروسي", "2016", "٢٠١٥",
    "31", "1436", "0", "ـ", "\u064e", "\u200f", "ﻻ", "ﺟ",
])
RANDOM = st.text(st.one_of(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
    st.sampled_from(list(" 0123456789/.-")),
), max_size=20)
PUBLISHED = st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 12, 31)).map(str))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TOKENS, RANDOM), max_size=30).map(" ".join), PUBLISHED)
def test_find_dates_never_crashes(text: str, published: str | None) -> None:
    for span, value in find_dates(normalize(text), published):
        assert 0 <= span.start < span.end <= len(text)
        assert value.value is not None and value.precision is not None
        assert value.earliest is None or value.latest is None or value.earliest <= value.latest
