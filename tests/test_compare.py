"""``tahaluf compare``: a researcher's membership table against the store.

The logic on a toy store of invented groups (exact counts and scores); end to end on the
bundled sample articles with a table written from what they state
(``tests/data/reference/``); the CSV and JSONL readers and their errors.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tahaluf.api import Settings, create_app
from tahaluf.api.testing import sample_kb
from tahaluf.errors import InputError, NotFoundError, TableError
from tahaluf.kb import KB
from tahaluf.kb.compare import Comparison, Score, compare
from tahaluf.kb.reference import ReferenceRow, parse_reference, read_reference
from tahaluf.kb.results import ActorRef, MemberInterval, MembersAnswer
from tahaluf.lexicon.core import Lexicon
from tahaluf.types import DateValue

DATA = Path(__file__).resolve().parent / "data" / "reference"
JF = "jaish-al-fatah"
JF_2016 = {"ahrar-al-sham", "jabhat-al-nusra", "liwa-al-haqq", "jaish-al-sunna",
           "al-ittihad-al-islami-li-ajnad-al-sham"}


# --- the logic, on invented groups ----------------------------------------------------
def _ref(aid: str, name: str, kind: str = "faction") -> ActorRef:
    return ActorRef(aid, name, name, kind)


GONDOR = _ref("gondor-room", "Gondor Room", "coalition")
ACTORS = {a.id: a for a in (GONDOR, _ref("arnor", "Arnor Brigade"),
                            _ref("rohan", "Rohan Corps"), _ref("dale", "Dale Legion"),
                            _ref("bree", "Bree Company"))}
#: who the toy store says belonged to Gondor Room, by day
STORE = {"2016-01-01": ("arnor", "rohan", "dale"), "2017-01-01": ("arnor",)}


class ToyStore:
    """Resolves English names and ids; answers members from :data:`STORE`."""

    lexicon: Lexicon | None = None

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def resolve(self, name: str) -> ActorRef:
        for a in ACTORS.values():
            if name in (a.id, a.name_en):
                return a
        raise NotFoundError(f"no actor named {name!r}")

    def actors(self) -> list[ActorRef]:
        return list(ACTORS.values())

    def members(self, coalition: str, on: str | date | None = None,
                as_known_on: str | date | None = None, *,
                evidence: int | None = 3) -> MembersAnswer:
        assert isinstance(on, str)
        self.asked.append((coalition, on))
        start = DateValue("2015-01-01", "day", "2015-01-01", "2015-01-01")
        ivs = tuple(MemberInterval(ACTORS[m], GONDOR, start, None, "FORM", "", True, (1,))
                    for m in STORE.get(on, ()))
        return MembersAnswer(GONDOR, on, None, ivs)


def _rows(*rows: tuple[str, str, str]) -> list[ReferenceRow]:
    return [ReferenceRow(c, d, m, None, n) for n, (c, d, m) in enumerate(rows, 2)]


def _ids(checks: tuple[object, ...]) -> list[str]:
    return [c.member.id for c in checks]  # type: ignore[attr-defined]


def test_agreed_missing_and_only_in_store_per_group_and_totals() -> None:
    store = ToyStore()
    c = compare(store, _rows(
        ("Gondor Room", "2016-01-01", "Arnor Brigade"),
        ("gondor-room", "2016-01-01", "Rohan Corps"),   # the same coalition by id
        ("Gondor Room", "2016-01-01", "Bree Company"),  # not in the store
        ("Gondor Room", "2017-01-01", "Arnor Brigade"),
        ("Gondor Room", "2017-01-01", "arnor"),         # the same member twice
    ), reference="toy.csv")
    assert store.asked == [("gondor-room", "2016-01-01"), ("gondor-room", "2017-01-01")]
    g16, g17 = c.groups
    assert (_ids(g16.agreed), _ids(g16.missing), _ids(g16.only_in_store)) == (
        ["arnor", "rohan"], ["bree"], ["dale"])
    assert g16.score == Score.of(2, 1, 1) and g16.score.precision == pytest.approx(2 / 3)
    assert g16.missing[0].store is None and g16.missing[0].reference[0].line == 4
    assert g16.only_in_store[0].reference == () and g16.only_in_store[0].store is not None
    assert [x.line for x in g17.agreed[0].reference] == [5, 6]
    assert g17.score == Score(1, 0, 0, 1.0, 1.0)
    (jf,) = c.by_coalition
    assert jf.dates == 2 and jf.score == Score.of(3, 1, 1)
    assert c.overall.precision == pytest.approx(3 / 4) and c.overall.recall == pytest.approx(3 / 4)
    assert c.rows == 5 and c.rows_not_compared == 0 and c.unresolved == ()


def test_unknown_names_are_reported_with_close_matches_and_not_scored() -> None:
    c = compare(ToyStore(), _rows(
        ("Gondor Room", "2016-01-01", "Arnor Brigade"),
        ("Gondor Room", "2016-01-01", "Arnor Brigadd"),   # misspelt member
        ("Gondr Room", "2016-01-01", "Rohan Corps"),      # misspelt coalition
        ("Gondor Room", "2017-01-01", "Arnor Brigadd"),
    ))
    by_name = {u.name: u for u in c.unresolved}
    assert set(by_name) == {"Arnor Brigadd", "Gondr Room"}
    assert by_name["Arnor Brigadd"].role == "member"
    assert by_name["Arnor Brigadd"].lines == (3, 5)
    assert by_name["Arnor Brigadd"].close_matches[0].id == "arnor"
    assert by_name["Gondr Room"].role == "coalition"
    assert by_name["Gondr Room"].close_matches[0].id == "gondor-room"
    g16 = c.groups[0]
    assert g16.unresolved == ("Arnor Brigadd",) and not g16.missing
    assert c.rows_not_compared == 3
    # store members still count: the misspelt name cannot vouch for Arnor in 2017
    assert c.overall == Score.of(1, 0, 3)


def test_empty_answers_have_no_ratio() -> None:
    c = compare(ToyStore(), _rows(("Gondor Room", "2030-01-01", "Bree Company")))
    assert c.overall == Score(0, 1, 0, None, 0.0)


# --- the readers ------------------------------------------------------------------------
def test_csv_and_jsonl_tables_read_the_same_rows() -> None:
    rows = read_reference(DATA / "samples.csv")
    assert len(rows) == 23 and rows[0].line == 2 and rows[-1].line == 24
    assert rows[0] == ReferenceRow("جيش الفتح", "2015-06-01", "حركة أحرار الشام الإسلامية",
                                   "شبكة الشمال الإخبارية, 2015-03-24 (sample corpus)", 2)
    jsonl = read_reference(DATA / "samples.jsonl")
    assert [r.line for r in jsonl] == list(range(1, 24))
    assert [(r.coalition, r.date, r.member, r.source) for r in jsonl] == [
        (r.coalition, r.date, r.member, r.source) for r in rows]


def test_format_is_sniffed_and_cells_are_tidied() -> None:
    text = "\ufeffCoalition , Date,Member\n\n  جيش  الفتح ,2016-03-01, جبهة النصرة\n"
    (row,) = parse_reference(text)
    assert row == ReferenceRow("جيش الفتح", "2016-03-01", "جبهة النصرة", None, 3)
    (row,) = parse_reference('{"coalition": "C", "date": "2016-03-01", "member": "M"}\n')
    assert row.member == "M" and row.source is None and row.line == 1


@pytest.mark.parametrize(("text", "line", "reason"), [
    ("coalition,member\nC,M\n", 1, "the header lacks date"),
    ("coalition,date,member\nC,2016-03-01,\n", 2, "missing member"),
    ("coalition,date,member\nC,2016-03-01,M\nC,March 2016,M\n", 3,
     "date 'March 2016' is not YYYY-MM-DD"),
    ("coalition,date,member\nC,2016-02-30,M\n", 2, "not a day of the calendar"),
    ("coalition,date,member\nC,2016-03-01,M,N\n", 2, "4 fields for a header of 3"),
    ("coalition,date,member\nC,2016-03-01\n", 2, "missing member"),
    ("coalition,date,member\n", 1, "no rows"),
    ('{"coalition": "C", "date": "2016-03-01", "member": "M"}\n{"coalition": "C"\n', 2,
     "not JSON"),
    ('{"coalition": "C", "date": "2016-03-01"}\n', 1, "missing member"),
    ('["C", "2016-03-01", "M"]\n', 1, "a JSON object is needed"),
    ('{"coalition": "C", "date": 2016, "member": "M"}\n', 1, "date must be text"),
])
def test_bad_rows_name_the_file_line_and_reason(text: str, line: int, reason: str) -> None:
    with pytest.raises(TableError) as info:
        parse_reference(text, name="mine.csv")
    err = info.value
    assert isinstance(err, InputError) and err.path == "mine.csv" and err.line == line
    assert reason in err.reason and f"mine.csv:{line}" in str(err) and "[T110]" in str(err)


def test_every_bad_row_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("coalition,date,member\nC,2016,M\nC,2016-03-01,\nC,2016-03-01,M\n",
                    encoding="utf-8")
    with pytest.raises(TableError) as info:
        read_reference(path)
    assert [n for n, _ in info.value.problems] == [2, 3]
    assert "line 3: missing member" in str(info.value)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_reference(tmp_path / "absent.csv")
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("coalition,date,member\nC,2016-03-01,caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        read_reference(bad)


# --- end to end on the sample articles --------------------------------------------------
@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KB]:
    kb = sample_kb(tmp_path_factory.mktemp("compare") / "kb.sqlite")
    yield kb
    kb.close()


def _group(c: Comparison, coalition: str, on: str) -> dict[str, set[str]]:
    (g,) = [g for g in c.groups if g.coalition.id == coalition and g.on == on]
    return {k: {m.member.id for m in getattr(g, k)}
            for k in ("agreed", "missing", "only_in_store")}


def test_the_samples_table_against_the_sample_store(kb: KB) -> None:
    c = compare(kb, read_reference(DATA / "samples.csv"), reference="samples.csv")
    assert c.unresolved == () and c.rows == 23 and c.rows_not_compared == 0
    assert [(g.coalition.id, g.on) for g in c.groups] == [
        ("fath-halab", "2015-06-01"), ("hts", "2017-03-01"), (JF, "2015-06-01"),
        (JF, "2016-03-01")]
    # the demo's answer: the five components left after Faylaq al-Sham's withdrawal
    assert _group(c, JF, "2016-03-01") == {"agreed": JF_2016, "missing": set(),
                                          "only_in_store": set()}
    for g in c.groups:  # every group is the store's own answer set beside the table's
        store = {m.member.id for m in kb.members(g.coalition.id, on=g.on).members}
        assert {m.member.id for m in (*g.agreed, *g.only_in_store)} == store
        assert all(m.store is not None and m.store.evidence for m in g.only_in_store)
        assert g.score == Score.of(len(g.agreed), len(g.missing), len(g.only_in_store))
    total = Score.of(sum(len(g.agreed) for g in c.groups),
                     sum(len(g.missing) for g in c.groups),
                     sum(len(g.only_in_store) for g in c.groups))
    assert c.overall == total
    assert c.overall.recall is not None and c.overall.agreed + c.overall.missing == 23
    assert {s.coalition.id: s.dates for s in c.by_coalition} == {
        "fath-halab": 1, "hts": 1, JF: 2}


def test_one_error_each_way_in_a_researchers_table(kb: KB) -> None:
    """Faylaq al-Sham left Jaish al-Fatah on 2016-01-02 and Liwa al-Haqq stayed: a table
    that keeps the first and forgets the second is told so, with the store's proof."""
    rows = parse_reference(
        "coalition,date,member,source\n"
        "جيش الفتح,2016-03-01,فيلق الشام,my notes\n"
        "جيش الفتح,2016-03-01,حركة أحرار الشام الإسلامية,\n"
        "جيش الفتح,2016-03-01,جبهة النصرة,\n"
        "جيش الفتح,2016-03-01,جيش السنة,\n"
        "جيش الفتح,2016-03-01,أجناد الشام,\n"
        "جيش الفتح,2016-03-01,لواء الخيالة المجنحة,\n")
    c = compare(kb, rows)
    assert _group(c, JF, "2016-03-01") == {
        "agreed": JF_2016 - {"liwa-al-haqq"}, "missing": {"failaq-al-sham"},
        "only_in_store": {"liwa-al-haqq"}}
    (g,) = c.groups
    assert g.missing[0].reference[0].source == "my notes"
    (only,) = g.only_in_store
    assert only.store is not None and any("لواء الحق" in e.sentence for e in only.store.evidence)
    assert c.overall == Score(4, 1, 1, 0.8, 0.8)
    (u,) = c.unresolved
    assert u.name == "لواء الخيالة المجنحة" and u.role == "member" and u.lines == (7,)
    assert u.close_matches and c.rows_not_compared == 1


def test_json_is_plain_and_complete(kb: KB) -> None:
    c = compare(kb, read_reference(DATA / "samples.jsonl"), reference="samples.jsonl")
    j = json.loads(json.dumps(c.to_json(), ensure_ascii=False))
    assert set(j) == {"reference", "rows", "rows_not_compared", "groups", "unresolved",
                      "by_coalition", "overall"}
    g = j["groups"][-1]
    assert g["coalition"]["id"] == JF and g["on"] == "2016-03-01"
    first = g["agreed"][0]
    assert first["reference"][0]["line"] > 0 and first["store"]["evidence"][0]["sentence"]
    assert set(j["overall"]) == {"agreed", "missing", "only_in_store", "precision", "recall"}


# --- the command ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def db(kb: KB) -> str:
    return kb.url


def test_cli_table_and_json(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from tahaluf.cli_kb import make_app

    monkeypatch.setenv("COLUMNS", "250")
    table = tmp_path / "mine.csv"
    table.write_text("coalition,date,member\n"
                     "Jaish al-Fatah,2016-03-01,Faylaq al-Sham\n"
                     "Jaish al-Fatah,2016-03-01,Ahrar al-Sham\n"
                     "Jaish al-Fatah,2016-03-01,Liwa al-Khayala al-Mujannaha\n",
                     encoding="utf-8")
    run = CliRunner().invoke
    r = run(make_app(), ["compare", str(table), "--db", db, "--format", "json"])
    assert r.exit_code == 0, r.output
    j = json.loads(r.stdout)
    (g,) = j["groups"]
    assert [m["member"]["id"] for m in g["agreed"]] == ["ahrar-al-sham"]
    assert [m["member"]["id"] for m in g["missing"]] == ["failaq-al-sham"]
    assert {m["member"]["id"] for m in g["only_in_store"]} == JF_2016 - {"ahrar-al-sham"}
    assert j["overall"]["agreed"] == 1 and j["overall"]["recall"] == 0.5
    assert j["unresolved"][0]["name"] == "Liwa al-Khayala al-Mujannaha"

    r = run(make_app(), ["compare", str(table), "--db", db])
    assert r.exit_code == 0, r.output
    out = r.stdout
    for text in ("Jaish al-Fatah", "2016-03-01", "missing from store", "only in store",
                 "Faylaq al-Sham", "Liwa al-Haqq", "Totals", "precision", "0.20", "0.50",
                 "unknown member 'Liwa al-Khayala al-Mujannaha' (line 4)",
                 "1 of 3 rows not compared"):
        assert text in out, text
    assert "only in store: Liwa al-Haqq" in out  # with the store's proof below it


def test_cli_bad_table_exits_with_a_coded_message(db: str, tmp_path: Path) -> None:
    import subprocess
    import sys

    table = tmp_path / "bad.csv"
    table.write_text("coalition,date,member\nJaish al-Fatah,1 March 2016,Ahrar al-Sham\n",
                     encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-m", "tahaluf.cli_kb", "compare", str(table),
                           "--db", db], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root / "src")})
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "[T110]" in done.stderr and "bad.csv:2" in done.stderr
    assert "is not YYYY-MM-DD" in done.stderr


# --- the API ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client(kb: KB, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    tokens = tmp_path_factory.mktemp("tokens") / "tokens.json"
    return TestClient(create_app(Settings(token_store=tokens, max_request_bytes=20_000),
                                 kb=kb))


def test_api_compare_csv_and_jsonl(client: TestClient, kb: KB) -> None:
    csv_text = (DATA / "samples.csv").read_text(encoding="utf-8")
    r = client.post("/api/compare", content=csv_text.encode(),
                    headers={"Content-Type": "text/csv"})
    assert r.status_code == 200, r.text
    body = r.json()
    local = compare(kb, read_reference(DATA / "samples.csv"), reference="table",
                    evidence=1).to_json()
    assert body == json.loads(json.dumps(local, default=str))
    jsonl = (DATA / "samples.jsonl").read_text(encoding="utf-8")
    r = client.post("/api/compare", params={"format": "jsonl", "evidence": 0},
                    content=jsonl.encode(), headers={"Content-Type": "application/x-ndjson"})
    assert r.status_code == 200, r.text
    assert r.json()["overall"] == body["overall"]
    assert all(not m["store"]["evidence"] for g in r.json()["groups"] for m in g["agreed"])


def test_api_compare_errors(client: TestClient) -> None:
    r = client.post("/api/compare", content=b"coalition,date,member\nC,2016,M\nC,,M\n")
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "T110" and "table:2" in err["message"]
    assert err["problems"] == [{"line": 2, "reason": "date '2016' is not YYYY-MM-DD"},
                               {"line": 3, "reason": "missing date"}]
    r = client.post("/api/compare", content=b"coalition,date,member\nC,2016-03-01,caf\xe9\n")
    assert r.status_code == 422 and "UTF-8" in r.json()["error"]["message"]
    r = client.post("/api/compare", params={"as_known_on": "soon"}, content=b"x")
    assert r.status_code == 422 and r.json()["error"]["code"] == "T300"
    big = "coalition,date,member\n" + "C,2016-03-01,M\n" * 2000
    assert client.post("/api/compare", content=big.encode()).status_code == 413
    assert "/api/compare" in client.get("/openapi.json").json()["paths"]


# --- the web page -----------------------------------------------------------------------
STATIC = Path(__file__).resolve().parents[1] / "src" / "tahaluf" / "web" / "static"


def test_compare_page_is_text_only_and_translated() -> None:
    import re

    js = (STATIC / "js" / "compare.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js
    strings = json.loads((STATIC / "i18n.json").read_text(encoding="utf-8"))
    keys = {k for k in re.findall(r't\("((?:compare|col|fact)\.[a-z_.]+)"', js)
            if not k.endswith(".")}  # "compare.role." + role: listed below
    keys |= {"compare." + k for k in ("agreed", "missing", "only")}
    keys |= {"compare.role.coalition", "compare.role.member", "nav.compare"}
    for lang in ("ar", "en"):
        assert keys <= set(strings[lang]), (lang, keys - set(strings[lang]))
    assert 'href="#/compare"' in (STATIC / "index.html").read_text(encoding="utf-8")
