from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tahaluf.text.normalize import fold, normalize

# Arabic letters, harakat, tatweel, presentation forms, digits, Persian letters, spaces, marks
ARABIC_CHARS = st.one_of(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF),
    st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFF),
    st.sampled_from(list(" \n.,،؛؟\u200f\u200e\u00a0«»\"ـ0123456789ABCabc")),
)
ARABIC_TEXT = st.text(ARABIC_CHARS, max_size=200)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("أعلن", "اعلن"),
        ("إدلب", "ادلب"),
        ("آذار", "اذار"),
        ("الأقصى", "الاقصي"),
        ("حماة", "حماه"),
        ("جَيْشُ الفَتْحِ", "جيش الفتح"),
        ("مـــدرسة", "مدرسه"),
        ("٢٠١٦", "2016"),
        ("۲۰۱۶", "2016"),
        ("کتیبة", "كتيبه"),
        ("ﻻ", "لا"),
        ("ﺟﻴﺶ", "جيش"),
        ("Jaish al-Fatah", "jaish al-fatah"),
        ("\u200fفيلق\u200e", "فيلق"),
        ("«جيش»", '"جيش"'),
    ],
)
def test_fold_table(raw: str, folded: str) -> None:
    assert fold(raw) == folded
    assert normalize(raw).text == folded


@given(ARABIC_TEXT)
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert normalize(once).text == once


@given(ARABIC_TEXT)
def test_normalize_agrees_with_fold(text: str) -> None:
    assert normalize(text).text == fold(text)


@given(ARABIC_TEXT, st.data())
def test_every_folded_range_maps_inside_original(text: str, data: st.DataObject) -> None:
    nz = normalize(text)
    n = len(nz.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    s, e = nz.to_original(start, end)
    assert 0 <= s <= e <= len(text)
    if end > start:
        # the original range folds to a string that contains the folded range
        assert nz.text[start:end] in fold(text[s:e])


def test_offsets_of_word_after_diacritics() -> None:
    text = "أعلنَ فيلقُ الشّام انسحابه"
    nz = normalize(text)
    i = nz.text.index("الشام")
    s, e = nz.to_original(i, i + len("الشام"))
    assert text[s:e] == "الشّام"


def test_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError):
        normalize("abc").to_original(2, 9)
