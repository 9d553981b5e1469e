"""Property tests: the pipeline and the readers survive any input (issue 9 item 7, issue 12 item 1).

Profiles (selected with the environment variable ``HYPOTHESIS_PROFILE``):

- ``ci`` (default): about 300 examples per property, the whole file in well under a minute;
- ``fuzz``: 20,000 examples per property for a long run, e.g.
  ``HYPOTHESIS_PROFILE=fuzz pytest tests/test_fuzz.py --hypothesis-show-statistics``.

Properties: ``analyze()`` never raises; every span in the analysis lies in the text, and a
span's recorded surface is ``text[start:end]``; the JSON contract round-trips through strict
JSON; the readers turn any bytes into documents or reported problems, never a raw exception.
"""

from __future__ import annotations

import codecs
import json
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tahaluf.errors import TahalufError
from tahaluf.ingest import iter_documents, read_path
from tahaluf.ingest.encoding import decode
from tahaluf.ingest.html import parse_html
from tahaluf.ingest.markdown import reduce_markdown
from tahaluf.ingest.readers import JSONL_SUFFIXES, KNOWN_SUFFIXES
from tahaluf.lexicon.core import load_lexicon
from tahaluf.pipeline import analyze
from tahaluf.resources import load_yaml
from tahaluf.serialize import extract_json
from tahaluf.types import Analysis, Document, Span

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "tahaluf" / "samples"
DEVSET = ROOT / "tests" / "devset" / "devset.jsonl"

_COMMON = {"deadline": None, "derandomize": False, "print_blob": True,
           "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.function_scoped_fixture,
                                     HealthCheck.filter_too_much]}
settings.register_profile("ci", max_examples=300, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("fuzz", max_examples=20_000, **_COMMON)  # type: ignore[arg-type]
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
#: the strategies sample from the whole lexicon; their repr is long and never shown
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")


def fuzz(f: Any) -> Any:
    """The chosen profile for one property, without changing other test files' settings."""
    return settings(PROFILE)(f)


# ---------------------------------------------------------------- the team's own words

def _passages() -> list[str]:
    out = [json.loads(line)["text"] for line in DEVSET.read_text("utf-8").splitlines()
           if line.strip()]
    for line in (SAMPLES / "corpus.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            out.append(json.loads(line)["text"])
    out.extend(p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    return out


def _vocabulary() -> list[str]:
    """Names and trigger words from the data files, so inputs reach the event rules."""
    lex = load_lexicon()
    words: list[str] = []
    for rec in lex.actors.values():
        words.extend((rec.name_ar, *rec.aliases_ar[:2]))
    words.extend(p.name_ar for p in list(lex.places.values())[:300])
    triggers = load_yaml("triggers.yaml")
    for group in ("coalition", "other"):
        for rec in triggers.get(group) or []:
            words.extend(rec.get("stems", [])[:3])
            words.extend(rec.get("preps", [])[:2])
    for rec in load_yaml("months.yaml").get("gregorian", []):
        words.extend(rec["names"][:2])
    words.extend(["الذي", "التي", "أن", "إن", "لم", "في حال", "بحسب مصادر", "أمس",
                  "الأربعاء الماضي", "عام", "منذ", "قبل عدة أشهر", "قرابة", "ألف", "عشرات",
                  "مقاتل", "كم", "فصيل", "لواء", "كتائب", "حركة", "جبهة", "غرفة عمليات"])
    return sorted({w for w in words if w})


PASSAGES = _passages()
VOCAB = _vocabulary()

# ---------------------------------------------------------------- strategies

ARABIC_LETTERS = "".join(chr(c) for c in range(0x0621, 0x064B)) + "ٱپچژکگیۀ"
TASHKEEL = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670"
TATWEEL = "\u0640"
CLITICS = ["و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "فال", "وب", "ول"]
EASTERN = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
PUNCT = ["،", "؛", "؟", ".", ",", ":", "!", "-", "–", "—", "(", ")", "[", "]", "«", "»",
         '"', "“", "”", "'", "/", "%", "٪", "٫", "٬", "…"]
MARKS = [chr(c) for c in (*range(0x200B, 0x2010), *range(0x202A, 0x202F),
                          *range(0x2066, 0x206A))] + ["\ufeff", "\u00a0"]
PRESENTATION = st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFC)
SPACES = [" ", "  ", "\n", "\n\n", "\t", "\r\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c"]

word = st.text(ARABIC_LETTERS, min_size=1, max_size=9)
diacritised = st.builds(
    lambda w, marks: "".join(c + m for c, m in zip(w, marks, strict=False)) + w[len(marks):],
    word, st.lists(st.sampled_from(["", *TASHKEEL, TATWEEL]), max_size=9))
with_clitic = st.builds(lambda c, w: c + w, st.sampled_from(CLITICS),
                        st.one_of(word, st.sampled_from(VOCAB)))
digits = st.builds(
    lambda ds, seps: ds[0] + "".join(s + d for s, d in zip(seps, ds[1:], strict=False)),
    st.lists(st.one_of(st.text("0123456789", min_size=1, max_size=5),
                       st.text(EASTERN, min_size=1, max_size=5),
                       st.text(PERSIAN, min_size=1, max_size=5)), min_size=1, max_size=5),
    st.lists(st.sampled_from([",", ".", "/", "-", "٫", "٬", ":"]), min_size=4, max_size=4))
presentation_word = st.text(PRESENTATION, min_size=1, max_size=8)
long_number = st.text("0123456789٠١٢٣٤٥٦٧٨٩", min_size=20, max_size=500)
long_run = st.builds(lambda s, n: s * n, st.sampled_from(
    ["ا", "و", "ال", " ", "،", "1", "٠", "جيش الفتح ", "انضم ", "\u200f", TATWEEL, "(", "«"]),
    st.integers(50, 400))

TOKEN = st.one_of(
    word, diacritised, with_clitic, st.sampled_from(VOCAB), digits, long_number,
    presentation_word,
    st.sampled_from(PUNCT), st.sampled_from(MARKS), st.sampled_from(SPACES),
    st.text(max_size=4), long_run,
)
arabic_text = st.lists(TOKEN, max_size=60).map(" ".join)
#: a few tokens glued without spaces, as in OCR'd or scraped text
glued_text = st.lists(TOKEN, max_size=30).map("".join)

HTML_TAGS = ["<p>", "</p>", "<div class='x'>", "</div>", "<br>", "<b>", "</b>", "<a href='#'>",
             "</a>", "<script>alert(1)</script>", "<!-- c -->", "&amp;", "&#1575;", "&nbsp;",
             "<h1>", "</h1>", "<meta name='date' content='2016-03-01'>", "<title>", "</title>",
             "<html>", "<body>", "</body></html>", "<![CDATA[x]]>", "<table><tr><td>"]
MD_MARKS = ["# ", "## ", "* ", "- ", "1. ", "> ", "**", "__", "`", "```\n", "[رابط](http://x)",
            "![صورة](a.png)", "---\n", "| a | b |\n|---|---|\n", "\n\n"]
markup_text = st.lists(st.one_of(TOKEN, st.sampled_from(HTML_TAGS), st.sampled_from(MD_MARKS)),
                       max_size=60).map(" ".join)


@st.composite
def mutated_passage(draw: st.DrawFn) -> str:
    """One of the team's passages with slices inserted, deleted or duplicated."""
    text = draw(st.sampled_from(PASSAGES))
    for _ in range(draw(st.integers(0, 6))):
        n = len(text)
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, min(n, a + 200)))
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "swap"]))
        if op == "insert":
            text = text[:a] + draw(st.one_of(TOKEN, st.sampled_from(MARKS))) + text[a:]
        elif op == "delete":
            text = text[:a] + text[b:]
        elif op == "duplicate":
            text = text[:b] + text[a:b] + text[b:]
        else:
            c = draw(st.integers(0, n))
            text = text[:a] + text[c:c + (b - a)] + text[b:]
    return text


def _names() -> list[str]:
    lex = load_lexicon()
    return sorted({n for r in lex.actors.values() for n in (r.name_ar, *r.aliases_ar) if n})


def _stems() -> list[str]:
    triggers = load_yaml("triggers.yaml")
    return sorted({st_ for group in ("coalition", "other") for rec in triggers.get(group) or []
                   for st_ in rec.get("stems", [])})


NAMES = _names()
STEMS = _stems()
name = st.sampled_from(NAMES)
name_list = st.lists(name, min_size=1, max_size=5).map(
    lambda ns: "، ".join(ns[:-1]) + (" و" if len(ns) > 1 else "") + ns[-1])
#: sentences shaped like the reporting the rules are written for, with noise between parts
reporting = st.lists(st.one_of(
    name, name_list, st.sampled_from(STEMS), st.sampled_from(VOCAB), digits,
    st.sampled_from(PUNCT), st.sampled_from(MARKS), st.sampled_from(["\n", "\n\n"]),
    with_clitic, diacritised), min_size=3, max_size=40).map(" ".join)

ANY_TEXT = st.one_of(st.text(max_size=300), arabic_text, glued_text, markup_text,
                     reporting, mutated_passage())

# ---------------------------------------------------------------- invariants


def spans_of(a: Analysis) -> Iterator[tuple[str, Span, str | None]]:
    """Every span the analysis holds, with the surface text it records (if any)."""
    for s in a.sentences:
        yield "sentence", s, None
    for m in a.mentions:
        yield f"mention:{m.kind}:{m.rule}", m.span, m.surface or None
    for s, _d in a.dates:
        yield "date", s, None
    for e in a.events:
        yield f"event:{e.type}:{e.rule}", e.evidence, None
    for o in a.other_events:
        yield f"other:{o.type}", o.evidence, None
        if o.quantity is not None:
            yield "quantity", o.quantity.span, None
    for ms in a.memberships:
        yield "membership", ms.evidence, None


def check_analysis(text: str, a: Analysis) -> None:
    assert a.document.text == text
    for where, span, surface in spans_of(a):
        assert 0 <= span.start <= span.end <= len(text), (where, span, len(text))
        if surface is not None:
            assert text[span.start:span.end] == surface, (where, span, surface)
    actor_ids = set(load_lexicon().actors) | {d.id for d in a.discovered}
    for e in a.events:
        for aid in (e.member, e.coalition, *e.participants):
            assert aid is None or aid in actor_ids, (e, aid)
        assert 0.0 <= e.confidence <= 1.0
    for o in a.other_events:
        assert o.quantity is None or math.isfinite(o.quantity.value), o


def _no_constants(name: str) -> float:
    raise AssertionError(f"non-standard JSON constant {name} in the output")


def check_json(a: Analysis) -> None:
    out = extract_json([a])
    dumped = json.dumps(out, ensure_ascii=False)
    back = json.loads(dumped, parse_constant=_no_constants)
    assert back == out
    text = back["documents"][0]["text"]
    for doc in back["documents"]:
        for key in ("actors", "places"):
            for entry in doc[key]:
                for m in entry["mentions"]:
                    assert text[m["start"]:m["end"]] == m["text"]
        for key in ("events", "other_events", "memberships"):
            for e in doc[key]:
                ev = e["evidence"]
                assert text[ev["start"]:ev["end"]] == ev["text"]


def run(text: str, published: str | None = None) -> None:
    doc = Document.from_text(text, "fuzz", published=published)
    a = analyze(doc)
    check_analysis(text, a)
    check_json(a)


# ---------------------------------------------------------------- properties: the pipeline


@fuzz
@given(st.text(max_size=400))
def test_analyze_arbitrary_unicode(text: str) -> None:
    run(text)


@fuzz
@given(st.one_of(arabic_text, glued_text),
       st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
def test_analyze_arabic_weighted(text: str, published: str | None) -> None:
    run(text, published)


@fuzz
@given(reporting, st.one_of(st.none(), st.just("2016-03-01")))
def test_analyze_reporting_shaped(text: str, published: str | None) -> None:
    run(text, published)


@fuzz
@given(markup_text)
def test_analyze_markup_fragments(text: str) -> None:
    run(text)


@fuzz
@given(mutated_passage(), st.one_of(st.none(), st.just("2016-03-01")))
def test_analyze_mutated_passages(text: str, published: str | None) -> None:
    run(text, published)


# ---------------------------------------------------------------- properties: the readers


def _encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="ignore")


def _jsonl(records: list[Any]) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)
                     for r in records)


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=3),
    max_leaves=6)
jsonl_record = st.one_of(
    st.fixed_dictionaries({"text": ANY_TEXT}, optional={
        "title": json_value, "url": json_value, "published": json_value, "date": json_value,
        "outlet": json_value, "lang": json_value, "body": json_value}),
    json_value, st.text(max_size=40),
    st.just('{"text": "\\ud800 جيش الفتح"}'), st.just('{"text": "a\\u0000b"}'))
file_text = st.one_of(ANY_TEXT, st.lists(jsonl_record, max_size=5).map(_jsonl))
file_bytes = st.one_of(
    st.binary(max_size=2000),
    st.builds(_encoded, file_text, st.sampled_from(
        ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "iso-8859-6",
         "latin-1"])),
    st.builds(lambda bom, b: bom + b, st.sampled_from(
        [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b""]), st.binary(max_size=200)),
)
SUFFIXES = sorted(KNOWN_SUFFIXES | {"", ".dat", ".json", ".TXT", ".Html"})


@fuzz
@given(data=file_bytes, suffix=st.sampled_from(SUFFIXES))
def test_readers_never_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(data)
    try:
        # read_path itself: iter_documents would turn a reader's exception into a problem
        direct = list(read_path(path))
        results = list(iter_documents([path]))
    except TahalufError:
        return
    if suffix.lower() in KNOWN_SUFFIXES:
        assert direct == results
    # a file gives a document or a problem; only a JSONL file of blank lines gives neither
    assert results or (suffix.lower() in JSONL_SUFFIXES and not data.strip()), data
    for r in results:
        assert (r.document is None) != (r.problem is None)
        if r.document is not None:
            d = r.document
            d.text.encode("utf-8")  # storable
            assert d.id == Document.from_text(d.text, d.source).id
            assert r.document.published is None or len(r.document.published) == 10


date_like = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.builds("{:04d}-{:02d}-{:02d}{}".format, st.integers(0, 9999), st.integers(0, 99),
              st.integers(0, 99), st.sampled_from(["", "T10:00:00", "T25:61:00Z", " x"])),
    st.text(max_size=12), st.integers(), st.none())
article_file = st.one_of(
    st.tuples(st.just(".jsonl"), st.lists(st.fixed_dictionaries(
        {"text": ANY_TEXT}, optional={"published": date_like, "date": date_like,
                                      "title": ANY_TEXT}), min_size=1, max_size=3).map(_jsonl)),
    st.tuples(st.just(".html"), st.builds(
        "<html><head><meta property='article:published_time' content='{}'><title>{}</title>"
        "</head><body><article><p>{}</p><p>{}</p></article></body></html>".format,
        date_like, ANY_TEXT, ANY_TEXT, ANY_TEXT)),
    st.tuples(st.sampled_from([".txt", ".md"]), ANY_TEXT),
)


@fuzz
@given(article_file)
def test_read_then_analyze(tmp_path: Path, article: tuple[str, str]) -> None:
    """End to end: whatever a reader makes into a document, the pipeline analyses."""
    suffix, text = article
    path = tmp_path / f"article{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    for r in read_path(path):
        if r.document is not None:
            a = analyze(r.document)
            check_analysis(r.document.text, a)
            check_json(a)


@fuzz
@given(st.binary(max_size=2000))
def test_decode_raises_only_input_error(data: bytes) -> None:
    try:
        text, _enc = decode(data, "fuzz")
    except TahalufError:
        return
    assert isinstance(text, str)


@fuzz
@given(st.one_of(markup_text, st.text(max_size=300)))
def test_html_and_markdown_reducers(text: str) -> None:
    art = parse_html(text)
    assert isinstance(art.text, str)
    assert isinstance(reduce_markdown(text), str)


@pytest.mark.parametrize("passage", range(0, len(PASSAGES), max(1, len(PASSAGES) // 10)))
def test_team_passages_hold_the_invariants(passage: int) -> None:
    run(PASSAGES[passage])
