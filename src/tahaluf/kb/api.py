"""The knowledge base as a typed Python API: ``kb = tahaluf.kb.open(url)``.

>>> kb = open("sqlite:///tmp/kb.sqlite")                       # doctest: +SKIP
>>> kb.ingest(["articles/"])                                    # doctest: +SKIP
>>> kb.members("جيش الفتح", on="2016-03-01").members           # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.exc import DBAPIError

from tahaluf.errors import NotFoundError, StoreError, TahalufError
from tahaluf.kb import derive, review
from tahaluf.kb import evidence as evidence_mod
from tahaluf.kb.dates import parse_day, point, sort_key
from tahaluf.kb.engine import Store
from tahaluf.kb.facts import FactView
from tahaluf.kb.intervals import Interval, standing_on
from tahaluf.kb.models import (
    ActorNameRow,
    ActorRow,
    ContradictionRow,
    DocumentRow,
    FactRow,
    IntervalRow,
    PlaceRow,
    ProvenanceRow,
)
from tahaluf.kb.paths import default_url, normalize_url
from tahaluf.kb.results import (
    ActorRef,
    CoalitionLife,
    Contradiction,
    DurabilityRow,
    Evidence,
    FactInfo,
    HistoryAnswer,
    IngestReport,
    MemberInterval,
    MembersAnswer,
    ReviewEntry,
    SourcesAnswer,
    TimelineAnswer,
)
from tahaluf.kb.write import WriteContext, store_analysis
from tahaluf.types import Analysis, DateValue, Document

if TYPE_CHECKING:
    from tahaluf.kb.ingest import Analyzer, Progress
    from tahaluf.lexicon.core import Lexicon

Clock = Callable[[], datetime]
log = logging.getLogger("tahaluf.kb")
_INTERVAL_COLS = ("member", "coalition", "seq", "start_value", "start_precision",
                  "start_earliest", "start_latest", "end_value", "end_precision", "end_earliest",
                  "end_latest", "is_open", "start_how", "end_how", "facts")
#: the hot query, run on the driver's cursor (see Store.raw)
_MEMBERS_ON = (f"SELECT {', '.join(_INTERVAL_COLS)} FROM intervals "
               "WHERE coalition = ? AND lo <= ? AND hi > ? ORDER BY member, seq")
_ANY_DIRTY = "SELECT actor_id FROM dirty LIMIT 1"
_ACTORS_IN = ("SELECT id, name_en, name_ar, kind, coalition_kind, known FROM actors "
              "WHERE id IN ({})")
_ID = re.compile(r"^[a-z0-9][a-z0-9_.:-]*$")
_ACTOR_BY_ID = select(ActorRow.id).where(ActorRow.id == bindparam("i"))


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _naive_utc(value: datetime) -> datetime:
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def known_on(day: str | date | None) -> derive.KnownOn | None:
    """``--as-known-on DAY``: everything recorded up to the end of that day (UTC)."""
    if day is None:
        return None
    d = day if isinstance(day, date) else date.fromisoformat(parse_day(day, "--as-known-on"))
    return derive.KnownOn(datetime.combine(d, time.max))


def _day(value: str | date | None, option: str) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else parse_day(value, option)


class KB:
    """A knowledge base at ``url`` (SQLite file or PostgreSQL). Migrates on open.

    ``clock`` gives the record time of writes (tests inject one); ``lexicon`` is the one
    used to describe actors and resolve names (the packaged lexicon by default).
    """

    def __init__(self, url: str | None = None, *, clock: Clock | None = None,
                 lexicon: Lexicon | None = None) -> None:
        self.url = normalize_url(url) if url else default_url()
        self.store = Store(self.url)
        self.store.open()
        self._clock = clock or utc_now
        self._lexicon = lexicon
        self._lexicon_failed = False
        self._ctx: WriteContext | None = None
        self._resolved: dict[str, ActorRef] = {}
        self._actors: dict[str, ActorRef] = {}

    # --- plumbing ---------------------------------------------------------------------
    def __enter__(self) -> KB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def now(self) -> datetime:
        return _naive_utc(self._clock())

    @property
    def lexicon(self) -> Lexicon | None:
        """The lexicon, loaded on first use; ``None`` when it cannot be loaded."""
        if self._lexicon is None and not self._lexicon_failed:
            try:
                from tahaluf.lexicon.core import load_lexicon

                self._lexicon = load_lexicon()
            except (TahalufError, OSError, ImportError):
                self._lexicon_failed = True
        return self._lexicon

    def _context(self) -> WriteContext:
        if self._ctx is None:
            self._ctx = WriteContext(self.lexicon, self.now())
        self._ctx.now = self.now()
        return self._ctx

    # --- writing ----------------------------------------------------------------------
    def store_analysis(self, analysis: Analysis, *, replace: bool = False,
                       refresh: bool = True) -> bool:
        """Store one analysed document in one transaction; ``False`` if already stored."""
        (outcome,) = self.store_many([analysis], replace=replace)
        if isinstance(outcome, StoreError):
            raise outcome
        if refresh and outcome:
            self.refresh()
        return outcome

    def store_many(self, analyses: Sequence[Analysis], *,
                   replace: bool = False) -> list[bool | StoreError]:
        """Store documents in one transaction (group commit), each inside its own savepoint:
        a document is stored whole with its facts or not at all, and one that cannot be
        stored (its :class:`StoreError` is returned in its place) does not stop the others.
        ``True``: stored; ``False``: already stored."""
        ctx = self._context()
        out: list[bool | StoreError] = []
        try:
            with self.store.write() as conn:
                if len(analyses) == 1:  # the transaction itself is all or nothing
                    return [store_analysis(conn, analyses[0], ctx, replace=replace)]
                for a in analyses:
                    try:
                        with conn.begin_nested():
                            out.append(store_analysis(conn, a, ctx, replace=replace))
                    except (StoreError, DBAPIError) as exc:
                        ctx.forget()  # the caches may name rows that were rolled back
                        out.append(exc if isinstance(exc, StoreError) else StoreError(
                            f"{a.document.source}: cannot be stored: {exc.orig}",
                            hint="the other documents are stored"))
        except BaseException:
            ctx.forget()
            raise
        return out

    def refresh(self) -> int:
        """Recompute intervals and contradictions that new facts or reviews made stale."""
        with self.store.read() as conn:
            if not derive.pending(conn):
                return 0
        with self.store.write() as conn:
            n = derive.refresh(conn)
        self._actors.clear()
        self._resolved.clear()
        return n

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of these document ids are stored already."""
        out: set[str] = set()
        with self.store.read() as conn:
            for i in range(0, len(ids), 500):
                out |= set(conn.scalars(select(DocumentRow.id)
                                        .where(DocumentRow.id.in_(ids[i:i + 500]))))
        return out

    def ingest(self, paths: Iterable[str | Path], *, workers: int = 1,
               analyzer: Analyzer | None = None, published: str | None = None,
               progress: Progress | None = None, reextract: bool = False) -> IngestReport:
        """Read, analyse and store files, folders and JSONL (see :mod:`tahaluf.kb.ingest`)."""
        from tahaluf.kb.ingest import ingest

        return ingest(self, paths, workers=workers, analyzer=analyzer, published=published,
                      progress=progress, reextract=reextract)

    def reextract(self, *, workers: int = 1, analyzer: Analyzer | None = None,
                  progress: Progress | None = None) -> IngestReport:
        """Analyse every stored document again (a new extractor or lexicon); reviewed facts
        keep their review."""
        from tahaluf.kb.ingest import reextract

        return reextract(self, workers=workers, analyzer=analyzer, progress=progress)

    def documents(self) -> Iterable[Document]:
        """Every stored document, in id order."""
        last = ""
        while True:
            with self.store.read() as conn:
                rows = conn.execute(select(DocumentRow.__table__).where(DocumentRow.id > last)
                                    .order_by(DocumentRow.id).limit(200)).all()
            if not rows:
                return
            for r in rows:
                yield Document(id=r.id, text=r.text, source=r.source, url=r.url,
                               outlet=r.outlet, published=r.published, lang=r.lang,
                               title=r.title, date_basis=r.date_basis)
            last = rows[-1].id

    # --- names ------------------------------------------------------------------------
    def resolve(self, name: str) -> ActorRef:
        """An actor named in Arabic or English (lexicon first, then names stored in the
        knowledge base); :class:`NotFoundError` lists close matches."""
        if name in self._resolved:
            return self._resolved[name]
        ref = self._resolve(name.strip())
        self._resolved[name] = ref
        return ref

    def _resolve(self, name: str) -> ActorRef:
        from tahaluf.lexicon.core import latin_key
        from tahaluf.text.normalize import fold

        lex = self.lexicon
        with self.store.read() as conn:
            if _ID.match(name) and conn.scalar(_ACTOR_BY_ID, {"i": name}) is not None:
                return self._refs([name])[name]  # an actor id as stored
            if lex is not None:
                rec = lex.resolve(name)
                if rec is not None:
                    return self._refs([rec.id])[rec.id]
            key = fold(name).strip().strip('"')
            keys = [key, latin_key(name)]
            for p in ("وال", "بال", "فال", "كال", "لل", "و", "ف", "ب", "ل", "ك"):
                if key.startswith(p) and len(key) > len(p) + 2:
                    stem = key[len(p):]
                    keys.append("ال" + stem if p.endswith("ال") or p == "لل" else stem)
            hits = conn.execute(select(ActorNameRow.actor_id, ActorNameRow.key)
                                .where(ActorNameRow.key.in_([k for k in keys if k]))).all()
            if hits:
                order = {k: i for i, k in enumerate(keys)}
                best = min(hits, key=lambda h: (order.get(h.key, 99), h.actor_id))
                return self._refs([best.actor_id])[best.actor_id]
            raise NotFoundError(f"no actor named {name!r}",
                                hint=self._suggest(conn, name))

    def _suggest(self, conn: Connection, name: str) -> str:
        from rapidfuzz import fuzz, process

        from tahaluf.text.normalize import fold

        names: set[str] = set(conn.scalars(select(ActorNameRow.name).limit(200_000)))
        lex = self.lexicon
        if lex is not None:
            for a in lex.actors.values():
                names.update((a.name_en, a.name_ar, *a.aliases_ar, *a.aliases_en))
        if not names:
            return "the knowledge base has no actors yet; run 'tahaluf ingest' first"
        close = process.extract(name, sorted(names), scorer=fuzz.WRatio, limit=5,
                                processor=lambda s: fold(s).lower(), score_cutoff=50)
        if not close:
            return "no close match; check the spelling or use the actor id"
        return "close matches: " + ", ".join(str(c[0]) for c in close)

    def _refs(self, ids: Iterable[str | None]) -> dict[str, ActorRef]:
        """Actors by id (cached for the life of this object; lexicon or id-only fallback)."""
        want = {i for i in ids if i}
        missing = sorted(i for i in want if i not in self._actors)
        if missing:
            for i in range(0, len(missing), 500):
                chunk = missing[i:i + 500]
                sql = _ACTORS_IN.format(", ".join("?" * len(chunk)))
                for r in self.store.raw([(sql, tuple(chunk))])[0]:
                    self._actors[r[0]] = ActorRef(r[0], r[1], r[2], r[3], r[4], bool(r[5]))
            lex = self.lexicon
            for aid in missing:
                if aid in self._actors:
                    continue
                rec = lex.actors.get(aid) if lex else None
                self._actors[aid] = (ActorRef(aid, rec.name_en, rec.name_ar, rec.kind,
                                              rec.coalition_kind, rec.known) if rec
                                     else ActorRef(aid, aid, aid, "faction", None, False))
        return {i: self._actors[i] for i in want}

    # --- evidence ---------------------------------------------------------------------
    def _evidence(self, conn: Connection, fact_ids: Iterable[int], *, limit: int | None,
                  known: derive.KnownOn | None = None) -> dict[int, list[Evidence]]:
        return evidence_mod.fetch(conn, fact_ids, limit=limit,
                                  until=known.until if known else None)

    def _member_intervals(self, conn: Connection, ivs: list[Interval], *, on: str | None,
                          evidence: int | None, known: derive.KnownOn | None,
                          proof_only: bool = False) -> tuple[MemberInterval, ...]:
        refs = self._refs([x for iv in ivs for x in (iv.member, iv.coalition)])
        chosen: dict[int, list[int]] = {}
        for n, iv in enumerate(ivs):
            if proof_only and on:
                ids = iv.proving(on)
                chosen[n] = ids if evidence is None else ids[:evidence]
            else:
                chosen[n] = iv.fact_ids()
        wanted = [i for ids in chosen.values() for i in ids]
        ev = self._evidence(conn, wanted, limit=evidence, known=known)
        out = []
        for n, iv in enumerate(ivs):
            items = tuple(e for i in chosen[n] for e in ev.get(i, []))
            if proof_only and evidence is not None:
                items = items[:evidence]
            out.append(MemberInterval(
                member=refs[iv.member], coalition=refs[iv.coalition], start=iv.start,
                end=iv.end, start_how=iv.start_how, end_how=iv.end_how,
                certain=iv.certain_on(on) if on else (
                    iv.start.latest is not None
                    and (iv.end is None or iv.end.earliest is not None)),
                fact_ids=tuple(iv.fact_ids()), evidence=items,
                standing=(standing_on(iv, on) or "") if on else ""))
        return tuple(out)

    # --- queries ----------------------------------------------------------------------
    def _prepare(self) -> None:
        with self.store.read() as conn:
            stale = derive.pending(conn)
        if stale:
            self._catch_up()

    def _catch_up(self) -> None:
        """Finish derived state another process left stale (a killed or running ingest);
        a reader that cannot write answers from the state as it is."""
        try:
            self.refresh()
        except StoreError as exc:
            log.warning("answering from stale intervals: %s", exc)

    def members(self, coalition: str, on: str | date | None = None,
                as_known_on: str | date | None = None, *,
                evidence: int | None = 3, possible: bool = False) -> MembersAnswer:
        """Who belonged to ``coalition`` on ``on`` (default: today), with the interval of
        each member and up to ``evidence`` sentences that prove it (how it started, then
        the membership statements nearest to that day; ``None``: all of them).

        A member is listed when its membership that day is ``certain`` or ``likely``
        (see :func:`~tahaluf.kb.intervals.standing_on`; ``certain=False`` for the
        latter); ``possible=True`` adds the members the record cannot place on that day
        (an undated report, a start or end whose range straddles it)."""
        day = _day(on, "--on") or self.now().date().isoformat()
        known = known_on(as_known_on)
        if known is not None:
            self._prepare()
        ref = self.resolve(coalition)
        if known is None and evidence is not None and evidence <= evidence_mod.CACHED_PER_FACT:
            members = self._members_now(ref.id, day, evidence)
        else:
            with self.store.read() as conn:
                if known is None:
                    self._prepare()
                    rows = conn.execute(select(IntervalRow.__table__).where(
                        IntervalRow.coalition == ref.id, IntervalRow.lo <= day,
                        IntervalRow.hi > day).order_by(IntervalRow.member, IntervalRow.seq))
                    ivs = [_interval(r) for r in rows]
                else:
                    ivs = [iv for iv in derive.intervals_of(conn, ref.id, known)
                           if iv.possible_on(day)]
                members = self._member_intervals(conn, ivs, on=day, evidence=evidence,
                                                 known=known, proof_only=True)
        if not possible:
            members = tuple(m for m in members if m.standing in ("certain", "likely"))
        return MembersAnswer(ref, day, _day(as_known_on, "--as-known-on"), members)

    def _members_now(self, coalition_id: str, day: str, evidence: int
                     ) -> tuple[MemberInterval, ...]:
        """The hot path of :meth:`members`: one indexed read of the intervals table, on
        the driver's cursor, with the proving sentences stored alongside."""
        dirty, raw = self.store.raw([(_ANY_DIRTY, ()), (_MEMBERS_ON, (coalition_id, day, day))])
        if dirty:  # another process left work undone (e.g. a killed ingest): finish it
            self._catch_up()
            raw = self.store.raw([(_MEMBERS_ON, (coalition_id, day, day))])[0]
        refs = self._refs([coalition_id, *(r[0] for r in raw)])
        out = []
        for r in raw:
            row = _RawInterval(*r)
            iv = _interval(row)
            cache = row.facts.get("evidence") or {}
            picked: list[list[Any]] = []
            for fid in iv.proving(day):
                picked.extend(cache.get(str(fid), ())[:evidence - len(picked)])
                if len(picked) >= evidence:
                    break
            out.append(MemberInterval(
                member=refs[iv.member], coalition=refs[coalition_id], start=iv.start,
                end=iv.end, start_how=iv.start_how, end_how=iv.end_how,
                certain=iv.certain_on(day), fact_ids=tuple(iv.fact_ids()),
                evidence=tuple(evidence_mod.from_row(x) for x in picked),
                standing=standing_on(iv, day) or ""))
        return tuple(out)

    def history(self, actor: str, as_known_on: str | date | None = None, *,
                evidence: int | None = 3) -> HistoryAnswer:
        """Every coalition ``actor`` joined and left, in date order, with sources."""
        known = known_on(as_known_on)
        self._prepare()
        ref = self.resolve(actor)
        with self.store.read() as conn:
            if known is None:
                rows = conn.execute(select(IntervalRow.__table__).where(IntervalRow.member == ref.id)
                                    ).all()
                ivs = [_interval(r) for r in rows]
            else:
                coalitions: set[str] = {c for c in conn.scalars(select(FactRow.coalition).where(
                    FactRow.member == ref.id, FactRow.coalition.is_not(None))) if c}
                coalitions |= set(conn.scalars(select(IntervalRow.coalition).where(
                    IntervalRow.member == ref.id)))
                ivs = [iv for c in sorted(coalitions)
                       for iv in derive.intervals_of(conn, c, known) if iv.member == ref.id]
            ivs.sort(key=lambda iv: (sort_key(iv.start), iv.coalition))
            intervals = self._member_intervals(conn, ivs, on=None, evidence=evidence,
                                               known=known)
            views = [v for v in derive.load_views(conn, [ref.id], known)
                     if v.member == ref.id or (v.type == "FORM" and ref.id in v.participants)]
            facts = self._infos(conn, views, evidence=evidence, known=known)
        return HistoryAnswer(ref, _day(as_known_on, "--as-known-on"), intervals, facts)

    def timeline(self, coalition: str, as_known_on: str | date | None = None, *,
                 evidence: int | None = 1, include_rejected: bool = False) -> TimelineAnswer:
        """Events of ``coalition`` in date order (its own and its members')."""
        known = known_on(as_known_on)
        ref = self.resolve(coalition)
        with self.store.read() as conn:
            views = [v for v in derive.load_views(conn, [ref.id], known)
                     if v.kind == "event" and (include_rejected or v.status != "rejected")]
            if known is None:
                views += [view for view in (derive.view_of(r) for r in conn.execute(
                    select(*derive._VIEW_COLS).where(FactRow.kind == "other_event",
                                                     FactRow.actor == ref.id)))
                          if include_rejected or view.status != "rejected"]
            facts = self._infos(conn, views, evidence=evidence, known=known)
        return TimelineAnswer(ref, _day(as_known_on, "--as-known-on"), facts)

    def _infos(self, conn: Connection, views: list[FactView], *, evidence: int | None,
               known: derive.KnownOn | None = None) -> tuple[FactInfo, ...]:
        views = sorted({v.id: v for v in views}.values(),
                       key=lambda v: (sort_key(v.date), v.id))
        ids = [v.id for v in views]
        counts = {}
        if ids:
            for r in conn.execute(select(FactRow.id, FactRow.n_sources, FactRow.n_outlets)
                                  .where(FactRow.id.in_(ids))):
                counts[r.id] = (r.n_sources, r.n_outlets)
        ev = self._evidence(conn, ids, limit=evidence, known=known) if evidence != 0 else {}
        refs = self._refs([x for v in views for x in (v.member, v.coalition, v.actor,
                                                              v.target)])
        out = []
        for v in views:
            n_sources, n_outlets = counts.get(v.id, (0, 0))
            if known is not None:
                n_sources = len(ev.get(v.id, [])) if evidence is None else n_sources
            out.append(FactInfo(
                id=v.id, kind=v.kind, type=v.type, date=v.date, modality=v.modality,
                status=v.status, confidence=v.confidence, n_sources=n_sources,
                n_outlets=n_outlets,
                member=refs.get(v.member) if v.member else None,
                coalition=refs.get(v.coalition) if v.coalition else None,
                actor=refs.get(v.actor) if v.actor else None,
                target=refs.get(v.target) if v.target else None, place=v.place,
                alternatives=v.alternatives, participants=v.participants,
                evidence=tuple(ev.get(v.id, []))))
        return tuple(out)

    def fact(self, fact_id: int) -> FactInfo:
        with self.store.read() as conn:
            row = conn.execute(select(*derive._VIEW_COLS).where(FactRow.id == fact_id)).first()
            if row is None:
                raise NotFoundError(f"no fact #{fact_id}",
                                    hint="fact ids are shown by 'tahaluf timeline' and "
                                         "'tahaluf history'")
            return self._infos(conn, [derive.view_of(row)], evidence=0)[0]

    def sources(self, fact_id: int) -> SourcesAnswer:
        """Every report of one fact, its review log and the contradictions it is part of."""
        self._prepare()
        info = self.fact(fact_id)
        with self.store.read() as conn:
            ev = self._evidence(conn, [fact_id], limit=None)[fact_id]
            coalition = info.coalition.id if info.coalition else None
            found = []
            if coalition:
                rows = conn.execute(select(ContradictionRow.__table__)
                                    .where(ContradictionRow.coalition == coalition)
                                    .order_by(ContradictionRow.seq)).all()
                found = [r for r in rows if fact_id in (r.fact_ids or [])]
            contra = self._contradictions(conn, [(r.kind, r.coalition, r.member,
                                                  tuple(r.fact_ids), r.detail) for r in found])
        return SourcesAnswer(info, tuple(ev), tuple(self.review_log(fact_id)), contra)

    def _contradictions(self, conn: Connection,
                        items: list[tuple[str, str, str | None, tuple[int, ...], str]]
                        ) -> tuple[Contradiction, ...]:
        ids = sorted({i for it in items for i in it[3]})
        rows = conn.execute(select(*derive._VIEW_COLS).where(FactRow.id.in_(ids))).all() \
            if ids else []
        infos = {f.id: f for f in self._infos(conn, [derive.view_of(r) for r in rows],
                                                evidence=1)}
        refs = self._refs([x for it in items for x in (it[1], it[2])])
        return tuple(Contradiction(kind, refs[c], refs.get(m) if m else None, detail,
                                   tuple(infos[i] for i in fids if i in infos))
                     for kind, c, m, fids, detail in items)

    def contradictions(self, coalition: str | None = None,
                       as_known_on: str | date | None = None) -> list[Contradiction]:
        """Facts that disagree: withdrew vs expelled, denials, dates that do not overlap."""
        known = known_on(as_known_on)
        self._prepare()
        ref = self.resolve(coalition) if coalition else None
        with self.store.read() as conn:
            if known is None:
                q = select(ContradictionRow.__table__).order_by(ContradictionRow.coalition,
                                                      ContradictionRow.seq)
                if ref is not None:
                    q = q.where(ContradictionRow.coalition == ref.id)
                items = [(r.kind, r.coalition, r.member, tuple(r.fact_ids), r.detail)
                         for r in conn.execute(q)]
            else:
                names = [ref.id] if ref else sorted({c for c in conn.scalars(
                    select(FactRow.coalition).where(FactRow.coalition.is_not(None))
                    .distinct()) if c})
                items = [(f.kind, f.coalition, f.member, f.fact_ids, f.detail)
                         for c in names for f in derive.contradictions_of(conn, c, known)]
            return list(self._contradictions(conn, items))

    def durability(self) -> list[DurabilityRow]:
        """How long coalitions last, by ``coalition_kind`` (days; median and mean).

        Start: the FORM date, else the earliest start of a member or fact about it. End: a
        DISSOLVE, or a MERGE of the coalition into another body; without one, the last day
        anything is known about it ("last-known": the figure is a lower bound)."""
        self._prepare()
        starts: dict[str, list[date]] = {}
        forms: dict[str, list[date]] = {}
        ends: dict[str, list[tuple[date, str]]] = {}
        last: dict[str, date] = {}
        with self.store.read() as conn:
            coalitions = set(conn.scalars(select(ActorRow.id).where(ActorRow.kind == "coalition")))
            q = select(*derive._VIEW_COLS).where(FactRow.kind.in_(("event", "membership")),
                                                 FactRow.status != "rejected")
            for r in conn.execute(q):
                v = derive.view_of(r)
                d = point(v.date)
                if d is None or not v.counts:
                    continue
                if v.coalition:
                    c = v.coalition
                    last[c] = max(last.get(c, d), d)
                    starts.setdefault(c, []).append(d)
                    if v.type == "FORM":
                        forms.setdefault(c, []).append(d)
                    if v.type == "DISSOLVE":
                        ends.setdefault(c, []).append((d, "DISSOLVE"))
                if v.member and v.type in ("MERGE", "RENAME") and v.coalition != v.member:
                    last[v.member] = max(last.get(v.member, d), d)
                    if v.type == "MERGE":
                        ends.setdefault(v.member, []).append((d, "MERGE"))
            refs = self._refs(sorted({*coalitions, *starts}))
        # coalitions: actors of kind coalition (known or discovered) that facts are about
        coalitions = {c for c in {*coalitions, *starts} if refs[c].kind == "coalition"}
        lives: dict[str, list[CoalitionLife]] = {}
        for c in sorted(coalitions):
            s = min(forms[c]) if c in forms else min(starts[c]) if c in starts else None
            if s is None:
                continue
            after = sorted(x for x in ends.get(c, []) if x[0] >= s)
            if after:
                e, how = after[0]
            else:
                e, how = max(last.get(c, s), s), "last-known"
            ref = refs[c]
            life = CoalitionLife(ref, s.isoformat(), e.isoformat(), how, max((e - s).days, 0))
            lives.setdefault(ref.coalition_kind or "unknown", []).append(life)
        out = []
        for kind in sorted(lives):
            items = lives[kind]
            days = [x.days for x in items if x.days is not None]
            done = [x.days for x in items if x.days is not None and x.ended_by != "last-known"]
            out.append(DurabilityRow(
                kind, len(items), len(done),
                float(statistics.median(days)) if days else None,
                round(statistics.fmean(days), 1) if days else None,
                float(statistics.median(done)) if done else None, tuple(items)))
        return out

    # --- review -----------------------------------------------------------------------
    def accept(self, fact_id: int, *, author: str, note: str = "") -> FactInfo:
        return self._review(review.accept, fact_id, author=author, note=note)

    def reject(self, fact_id: int, *, author: str, note: str = "") -> FactInfo:
        return self._review(review.reject, fact_id, author=author, note=note)

    def correct(self, fact_id: int, *, author: str, note: str = "", type: str | None = None,
                member: str | None = None, coalition: str | None = None,
                date: str | DateValue | None = None, modality: str | None = None) -> FactInfo:
        """Change a fact's type, member, coalition, date or modality (names resolve)."""
        changes: dict[str, Any] = {}
        if type:
            changes["type"] = review.check_type(type)
        if member:
            changes["member"] = self.resolve(member).id
        if coalition:
            changes["coalition"] = self.resolve(coalition).id
        if date is not None:
            changes["date"] = review.date_json(date)
        if modality:
            changes["modality"] = review.check_modality(modality)
        if not changes:
            raise TahalufError("nothing to correct",
                               hint="give --type, --member, --coalition, --date or --modality")
        return self._review(review.correct, fact_id, author=author, note=note, changes=changes)

    def add(self, *, type: str, coalition: str, member: str | None = None,
            date: str | DateValue | None = None, modality: str = "asserted", author: str,
            note: str = "", kind: str = "event") -> FactInfo:
        """Add a fact by hand (no document); it takes part like any extracted fact."""
        ident = {"type": review.check_type(type, kind), "coalition": self.resolve(coalition).id,
                 "member": self.resolve(member).id if member else None}
        with self.store.write() as conn:
            fid = review.add(conn, kind=kind, ident=ident,
                             date=review.date_json(date) if date is not None else None,
                             modality=review.check_modality(modality), author=author,
                             note=note, at=self.now(), ctx=self._context())
        self.refresh()
        return self.fact(fid)

    def _review(self, fn: Callable[..., None], fact_id: int, **kw: Any) -> FactInfo:
        with self.store.write() as conn:
            fn(conn, fact_id, at=self.now(), **kw)
        self.refresh()
        return self.fact(fact_id)

    def review_log(self, fact_id: int | None = None) -> list[ReviewEntry]:
        with self.store.read() as conn:
            return review.log(conn, fact_id)

    # --- bulk reads (exports) ---------------------------------------------------------
    def stats(self) -> dict[str, int]:
        self._prepare()
        with self.store.read() as conn:
            out = {}
            for name, model in (("documents", DocumentRow), ("facts", FactRow),
                                ("provenance", ProvenanceRow), ("actors", ActorRow),
                                ("places", PlaceRow), ("intervals", IntervalRow),
                                ("contradictions", ContradictionRow)):
                out[name] = int(conn.scalar(select(func.count()).select_from(model)) or 0)
        return out

    def all_intervals(self) -> list[MemberInterval]:
        self._prepare()
        with self.store.read() as conn:
            rows = conn.execute(select(IntervalRow.__table__).order_by(
                IntervalRow.coalition, IntervalRow.member, IntervalRow.seq)).all()
            return list(self._member_intervals(conn, [_interval(r) for r in rows], on=None,
                                               evidence=1, known=None))

    def all_facts(self, *, evidence: int | None = 3,
                  include_rejected: bool = False) -> Iterable[FactInfo]:
        """Every fact in id order, in pages (for exports)."""
        self._prepare()
        last = 0
        while True:
            with self.store.read() as conn:
                q = select(*derive._VIEW_COLS).where(FactRow.id > last)
                if not include_rejected:
                    q = q.where(FactRow.status != "rejected")
                rows = conn.execute(q.order_by(FactRow.id).limit(1000)).all()
                if not rows:
                    return
                infos = self._infos(conn, [derive.view_of(r) for r in rows], evidence=evidence)
            yield from sorted(infos, key=lambda f: f.id)
            last = rows[-1].id

    def places(self) -> list[dict[str, Any]]:
        with self.store.read() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(PlaceRow.id, PlaceRow.name_en, PlaceRow.name_ar, PlaceRow.level,
                       PlaceRow.lat, PlaceRow.lon, PlaceRow.admin1).order_by(PlaceRow.id))]

    def actors(self) -> list[ActorRef]:
        with self.store.read() as conn:
            ids = list(conn.scalars(select(ActorRow.id).order_by(ActorRow.id)))
            refs = self._refs(ids)
        return [refs[i] for i in ids]

    def document_urls(self, fact_ids: Sequence[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        with self.store.read() as conn:
            for i in range(0, len(fact_ids), 500):
                q = (select(ProvenanceRow.fact_id, DocumentRow.url, DocumentRow.source)
                     .join(DocumentRow, DocumentRow.id == ProvenanceRow.document_id)
                     .where(ProvenanceRow.fact_id.in_(fact_ids[i:i + 500])))
                for r in conn.execute(q):
                    out.setdefault(r.fact_id, []).append(r.url or r.source)
        return out


class _RawInterval:
    """An intervals row read on the driver's cursor (JSON decoded here)."""

    __slots__ = _INTERVAL_COLS

    def __init__(self, *values: Any) -> None:
        for k, v in zip(_INTERVAL_COLS, values, strict=True):
            setattr(self, k, v)
        if isinstance(self.facts, str):  # type: ignore[has-type]
            self.facts = json.loads(self.facts)  # type: ignore[has-type]


def interval_from_row(r: Any) -> Interval:
    """An :class:`Interval` from a row of the ``intervals`` table."""
    f = r.facts or {}
    end = None if r.is_open else DateValue(r.end_value, r.end_precision, r.end_earliest,
                                           r.end_latest, "unknown")
    return Interval(r.member, r.coalition,
                    DateValue(r.start_value, r.start_precision, r.start_earliest,
                              r.start_latest, "unknown"),
                    end, r.start_how, r.end_how, list(f.get("start") or []),
                    list(f.get("end") or []), list(f.get("proof") or []),
                    list(f.get("proof_keys") or []))


_interval = interval_from_row  # the name other modules already use


def open(url: str | None = None, *, clock: Clock | None = None,
         lexicon: Lexicon | None = None) -> KB:
    """Open (and create or migrate) the knowledge base at ``url``.

    ``url`` is a SQLAlchemy URL (``sqlite:///path``, ``postgresql://…``) or a file path;
    without one, ``$TAHALUF_DB`` or ``tahaluf.sqlite`` in the user data dir.
    """
    return KB(url, clock=clock, lexicon=lexicon)


__all__ = ["KB", "Clock", "open"]
