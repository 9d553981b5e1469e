from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tahaluf.text.segment import clitic_splits, sentences, tokens


def split(text: str) -> list[str]:
    return [text[s.start:s.end] for s in sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("سيطر الفصيل على القرية. ثم انسحب منها.", ["سيطر الفصيل على القرية.", "ثم انسحب منها."]),
        ("انسحب الفيلق، ثم عاد؛ وانتهى الأمر.", ["انسحب الفيلق، ثم عاد؛ وانتهى الأمر."]),
        ("نزح 6.5 مليون شخص. وعاد بعضهم.", ["نزح 6.5 مليون شخص.", "وعاد بعضهم."]),
        ("قال د. أحمد إن الاجتماع انتهى.", ["قال د. أحمد إن الاجتماع انتهى."]),
        ("هل انضم؟ نعم! انضم فعلاً.", ["هل انضم؟", "نعم!", "انضم فعلاً."]),
        ("قال القائد: «انسحبنا. ولن نعود» ثم غادر. وانتهى.",
         ["قال القائد: «انسحبنا. ولن نعود» ثم غادر.", "وانتهى."]),
        ("وقال: \"انتهى الأمر.\" ثم صمت.", ["وقال: \"انتهى الأمر.\"", "ثم صمت."]),
        ("عنوان الخبر\n\nنص الخبر هنا.", ["عنوان الخبر", "نص الخبر هنا."]),
        ("انتظروا...\nثم جاء الخبر.", ["انتظروا...", "ثم جاء الخبر."]),
        ("الموقع example.com يقول ذلك.", ["الموقع example.com يقول ذلك."]),
    ],
)
def test_sentence_table(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_broken_paragraph_is_repaired() -> None:
    text = ("والمرحلة القادمة تطلب منا أن نحقق بشكل أسرع وأكثر إتقاناً وديمومة في كل المجالات "
            "المتاحة لنا اليوم توحيد\n\nالعمل العسكري في الشمال السوري خاصة.")
    parts = split(text)
    assert len(parts) == 1
    assert "توحيد\n\nالعمل" in parts[0]


def test_headline_is_not_glued_to_body() -> None:
    text = "فيلق الشام يعلن انسحابه\n\nأعلن فيلق الشام اليوم انسحابه من جيش الفتح."
    assert split(text) == ["فيلق الشام يعلن انسحابه", "أعلن فيلق الشام اليوم انسحابه من جيش الفتح."]


def test_seed_column_sentences(seed_path: Path) -> None:
    from tahaluf.ingest import iter_documents

    [result] = list(iter_documents([seed_path]))
    assert result.document is not None
    text = result.document.text
    spans = sentences(text)
    # every sentence maps back, sentences are ordered and non-overlapping
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start
    covered = "".join(text[s.start:s.end] for s in spans)
    letters = [c for c in text if c.isalpha()]
    assert sum(c.isalpha() for c in covered) == len(letters)
    joined = [text[s.start:s.end] for s in spans if "توحيد\n\nالعمل" in text[s.start:s.end]]
    assert len(joined) == 1, "the paragraph broken after توحيد must be one sentence"
    assert not any("المصادر" in text[s.start:s.end] for s in spans)
    assert "](#)" not in text


@given(st.text(st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي .،؛؟!\n\"«»()0123456789")), max_size=300))
def test_sentences_are_inside_text_and_ordered(text: str) -> None:
    spans = sentences(text)
    last = 0
    for s in spans:
        assert last <= s.start < s.end <= len(text)
        assert text[s.start:s.end].strip() == text[s.start:s.end]
        last = s.end


def test_tokens_keep_original_offsets() -> None:
    text = "وأعلنَ فيلقُ الشام انسحابَه"
    toks = tokens(text)
    assert [text[t.span.start:t.span.end] for t in toks] == ["وأعلنَ", "فيلقُ", "الشام", "انسحابَه"]
    assert toks[0].norm == "واعلن"


@pytest.mark.parametrize(
    ("word", "reading"),
    [("والجيش", ("و", "الجيش")), ("بالشام", ("ب", "الشام")), ("للفيلق", ("ل", "الفيلق")),
     ("وللفيلق", ("ول", "الفيلق")), ("فحلب", ("ف", "حلب")), ("كغرفه", ("ك", "غرفه"))],
)
def test_clitic_candidates(word: str, reading: tuple[str, str]) -> None:
    splits = clitic_splits(word)
    assert splits[0] == ("", word)
    assert reading in splits
