"""A toy world for testing the knowledge-base logic without the extractor.

Invented groups (after PETRARCH's Arnor and Gondor) and a tiny line format that
:func:`toy_analyze` turns into an :class:`~tahaluf.types.Analysis` — one claim per line::

    JOIN arnor-brigade gondor-room 2016-03-01
    WITHDRAW arnor-brigade gondor-room 2016-06 hedged alt=EXPEL conf=0.7
    MEMBER rohan-corps gondor-room 2016-04-10
    CAPTURE rohan-corps minas-tirith 2016-05-02
    DISSOLVE - gondor-room 2017

Fields: type, member (``-`` for none), coalition (or, for other events, actor and
place), date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``-``), then optional modality
and ``alt=``/``conf=``/``with=a,b`` (FORM participants). Other lines are prose.
Usable as ``--analyzer tahaluf.kb.testing:toy_analyze``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import TYPE_CHECKING

from tahaluf.kb.dates import parse_user_date
from tahaluf.lexicon.schema import ActorRecord, PlaceRecord
from tahaluf.types import (
    MODALITIES,
    OTHER_EVENT_TYPES,
    UNKNOWN_DATE,
    Analysis,
    DateValue,
    Document,
    Event,
    Membership,
    Modality,
    OtherEvent,
    Span,
)

if TYPE_CHECKING:
    from tahaluf.lexicon.core import Lexicon

TOY_VERSION = "toy-1"

TOY_ACTORS: tuple[ActorRecord, ...] = (
    ActorRecord("gondor-room", "Gondor Operations Room", "غرفة عمليات غوندور", "coalition",
                "operations_room", aliases_en=("Gondor Room",), known=False),
    ActorRecord("eriador-front", "Eriador Front", "جبهة إيريادور", "coalition", "front",
                known=False),
    ActorRecord("arda-army", "Army of Arda", "جيش أردا", "coalition", "merger", known=False),
    ActorRecord("new-arda", "New Arda", "أردا الجديدة", "coalition", "merger", known=False),
    ActorRecord("arnor-brigade", "Arnor Brigade", "لواء أرنور", "faction", known=False),
    ActorRecord("rohan-corps", "Rohan Corps", "فيلق روهان", "faction", known=False),
    ActorRecord("dale-battalions", "Dale Battalions", "كتائب دايل", "faction", known=False),
    ActorRecord("bree-movement", "Bree Movement", "حركة بري", "faction", known=False),
    ActorRecord("shire-gathering", "Shire Gathering", "تجمع شاير", "faction", known=False),
)
TOY_PLACES: tuple[PlaceRecord, ...] = (
    PlaceRecord("minas-tirith", "Minas Tirith", "ميناس تيريث", "city", 35.93, 36.63,
                parent="anorien"),
    PlaceRecord("anorien", "Anorien", "أنوريين", "governorate", 35.9, 36.6),
)
_BY_ID = {a.id: a for a in TOY_ACTORS}


def toy_lexicon() -> Lexicon:
    """A :class:`~tahaluf.lexicon.core.Lexicon` of the toy actors and places."""
    from tahaluf.lexicon.core import build_lexicon

    return build_lexicon(list(TOY_ACTORS), list(TOY_PLACES), version=TOY_VERSION)


def _date(text: str) -> DateValue:
    return UNKNOWN_DATE if text in ("-", "") else parse_user_date(text)


def _actor(text: str) -> str | None:
    return None if text == "-" else text


def toy_analyze(doc: Document) -> Analysis:
    """Parse the toy line format (see the module docstring)."""
    events: list[Event] = []
    memberships: list[Membership] = []
    others: list[OtherEvent] = []
    sentences: list[Span] = []
    seen: set[str] = set()
    pos = 0
    for line in doc.text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        sentences.append(Span(start, end))
        parts = line.split()
        kind = parts[0]
        if kind == "BOOM":
            raise ValueError("toy analyzer asked to fail")
        if len(parts) < 4 or not kind.isupper():
            continue
        opts = dict(p.split("=", 1) for p in parts[4:] if "=" in p)
        flags = [p for p in parts[4:] if "=" not in p]
        modality: Modality = "asserted"
        for f in flags:
            if f in MODALITIES:
                modality = f  # type: ignore[assignment]
        span = Span(start, end)
        date = _date(parts[3])
        a, b = _actor(parts[1]), _actor(parts[2])
        seen.update(x for x in (a, b) if x)
        if kind == "MEMBER":
            assert a and b
            memberships.append(Membership(a, b, date, span, modality))
        elif kind in OTHER_EVENT_TYPES:
            others.append(OtherEvent(kind, a, span, place=b, date=date, modality=modality))
            seen.discard(b or "")
        else:
            participants = tuple(x for x in opts.get("with", "").split(",") if x)
            seen.update(participants)
            events.append(Event(kind, a, b, date, modality, span,
                                alternatives=tuple(x for x in opts.get("alt", "").split(",")
                                                   if x),
                                confidence=float(opts.get("conf", "0.6")),
                                participants=participants, rule="toy"))
    discovered = tuple(_BY_ID.get(i) or ActorRecord(i, i, i, "faction", known=False)
                       for i in sorted(seen))
    return Analysis(document=doc, sentences=tuple(sentences), events=tuple(events),
                    memberships=tuple(memberships), other_events=tuple(others),
                    discovered=discovered, lexicon_version=TOY_VERSION,
                    extractor_version=TOY_VERSION)


def toy_document(lines: list[str], *, published: str | None = None, outlet: str | None = None,
                 source: str = "toy", url: str | None = None) -> Document:
    return Document.from_text("\n".join(lines), source, published=published, outlet=outlet,
                              url=url)


def toy(lines: list[str], **fields: str | None) -> Analysis:
    """Shorthand: the toy analysis of a document made of ``lines``."""
    return toy_analyze(toy_document(lines, **fields))  # type: ignore[arg-type]


def toy_corpus(folder: Path, n: int, seed: int = 11) -> list[Path]:
    """``n`` toy articles as JSONL plus text files (a few deliberately broken)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    members = [a.id for a in TOY_ACTORS if a.kind == "faction"] + [f"band-{i}" for i in range(30)]
    coalitions = [a.id for a in TOY_ACTORS if a.kind == "coalition"]
    outlets = ["Dale Herald", "Bree Post", "Shire Times", None]
    lines_out: list[str] = []
    for i in range(n):
        body = [f"خبر رقم {i}"]
        for _ in range(rng.randint(1, 4)):
            t = rng.choice(["JOIN", "JOIN", "WITHDRAW", "EXPEL", "MEMBER", "FORM", "MERGE"])
            y, m = rng.randint(2013, 2018), rng.randint(1, 12)
            mod = rng.choice(["asserted", "asserted", "reported", "hedged", "negated"])
            alt = " alt=EXPEL" if t == "WITHDRAW" and mod == "hedged" else ""
            body.append(f"{t} {rng.choice(members)} {rng.choice(coalitions)} "
                        f"{y}-{m:02d} {mod}{alt}")
        rec = {"text": "\n".join(body), "published": f"{rng.randint(2013, 2019)}-01-15",
               "outlet": rng.choice(outlets), "url": f"https://example.org/{i}"}
        lines_out.append(json.dumps(rec, ensure_ascii=False))
    jsonl = folder / "toy.jsonl"
    jsonl.write_text("\n".join(lines_out) + "\n{not json\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00\x01")
    (folder / "boom.txt").write_text("BOOM\n", encoding="utf-8")
    return [folder]
