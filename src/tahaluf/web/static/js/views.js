// tahaluf web UI — pages: home, search, actor/coalition, fact, document, documents, review.
"use strict";

(function () {
  const { h, t } = T;
  const V = T.views;

  const table = (heads, rows, attrs) =>
    h("table", attrs || null,
      h("thead", null, h("tr", null, heads.map((x) => h("th", null, x)))),
      h("tbody", null, rows));

  const badge = (text, cls) => (text ? h("span", { class: "badge " + (cls || "") }, text) : null);
  const statusBadge = (s) => badge(T.label("status", s), "status-" + s);

  // A quote inside its sentence, the quote emphasized; both are text.
  function sentenceWithQuote(ev) {
    const s = ev.sentence || "";
    const i = ev.quote ? s.indexOf(ev.quote) : -1;
    if (i < 0) return T.arabic(s, "q");
    return h("q", { dir: "rtl", lang: "ar", class: "ar" }, s.slice(0, i),
      h("mark", null, ev.quote), s.slice(i + ev.quote.length));
  }

  const docLink = (ev) => h("a", { href: "#/doc/" + encodeURIComponent(ev.document_id) + "?fact=" + ev.fact_id,
    class: "doc-link", dataset: { fact: ev.fact_id } }, t("fact.open_doc"));

  function evidenceCell(items) {
    if (!items || !items.length) return h("td", { class: "muted" }, "—");
    const ev = items[0];
    return h("td", { class: "evidence" }, sentenceWithQuote(ev), " ",
      h("span", { class: "muted small" }, [ev.outlet || ev.source, ev.published].filter(Boolean).join(" · ")),
      " ", docLink(ev));
  }

  function intervalRows(items, who) {
    return items.map((iv) => h("tr", { dataset: { member: iv.member.id, coalition: iv.coalition.id } },
      h("td", null, T.actorLink(iv[who])),
      h("td", null, T.dateEl(iv.start)),
      h("td", null, T.dateEl(iv.end)),
      h("td", null, [T.label("type", iv.start_how) || "?", " → ", T.label("type", iv.end_how) || t("open")]),
      h("td", null, iv.certain ? t("yes") : t("no")),
      evidenceCell(iv.evidence)));
  }

  function factRows(facts, opts = {}) {
    return facts.map((f) => h("tr", { dataset: { fact: f.id, status: f.status } },
      h("td", null, T.factLink(f.id)),
      h("td", null, T.dateEl(f.date)),
      h("td", null, T.label("type", f.type)),
      h("td", null, T.actorLink(f.member || f.actor)),
      h("td", null, f.kind === "other_event" ? T.placeName(f.place) : T.actorLink(f.coalition)),
      h("td", null, T.label("modality", f.modality)),
      h("td", { class: "status-cell" }, statusBadge(f.status)),
      opts.review ? h("td", null, reviewButtons(f)) : evidenceCell(f.evidence)));
  }

  // ---- review actions -----------------------------------------------------------------
  T.review = async function review(factId, action, body) {
    return T.api("/api/facts/" + factId + "/" + action, { method: "POST", body: body || {}, auth: true });
  };

  function reviewButtons(f, onDone) {
    const out = h("span", { class: "review-buttons" });
    const msg = h("span", { class: "review-msg", "aria-live": "polite" });
    for (const action of ["accept", "reject"]) {
      T.append(out, [h("button", { type: "button", class: "btn-" + action, dataset: { action, fact: f.id },
        on: { click: async () => {
          try {
            const info = await T.review(f.id, action, {});
            T.clear(msg).appendChild(document.createTextNode(t("review.done", { status: T.label("status", info.status) })));
            const row = out.closest("tr");
            if (row) {
              row.dataset.status = info.status;
              const cell = row.querySelector(".status-cell");
              if (cell) T.clear(cell).appendChild(statusBadge(info.status));
            }
            if (onDone) onDone(info);
          } catch (err) {
            T.clear(msg).appendChild(T.errorBox(err));
          }
        } } }, t("review." + action)), " "]);
    }
    out.appendChild(msg);
    return out;
  }

  // ---- home -------------------------------------------------------------------------------
  V.home = async function home(main) {
    const [stats, coalitions] = await Promise.all([T.api("/api/stats"), T.api("/api/actors?kind=coalition&limit=500")]);
    const groups = new Map();
    for (const a of coalitions.items) {
      const k = a.coalition_kind || "other";
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(a);
    }
    T.append(main, [
      h("h1", null, t("app.title")), h("p", { class: "lead" }, t("app.subtitle")),
      h("p", { class: "stats", id: "stats" },
        ["documents", "facts", "actors", "intervals", "contradictions"].map((k) =>
          h("span", null, h("strong", null, String(stats[k] ?? 0)), " ", t("stats." + k), " "))),
      h("h2", null, t("home.coalitions")),
      [...groups.entries()].map(([k, items]) => h("section", { class: "group" },
        h("h3", null, T.label("ckind", k) || k),
        h("ul", { class: "chips" }, items.map((a) => h("li", null, T.actorLink(a)))))),
    ]);
  };

  // ---- search -----------------------------------------------------------------------------
  V.search = async function search(main, args, params) {
    const q = params.get("q") || "";
    document.getElementById("search-input").value = q;
    const res = await T.api("/api/search" + T.q({ q, limit: 20 }));
    if (res.resolved && params.get("list") !== "1") {
      location.replace("#/actor/" + encodeURIComponent(res.resolved.id) + T.q({ q }));
      return;
    }
    T.append(main, [h("h1", null, t("search.results"), ": ", h("bdi", null, q)),
      res.matches.length
        ? h("ol", { class: "results" }, res.matches.map((m) => h("li", null, T.actorLink(m.actor), " ",
          badge(T.label("kind", m.actor.kind)), " ", h("span", { class: "muted small", dir: "auto" }, m.name),
          " ", h("span", { class: "muted small" }, String(m.score)))))
        : h("p", null, t("search.none"))]);
  };

  // ---- actor and coalition ----------------------------------------------------------------
  V.actor = async function actor(main, args, params) {
    const id = args[0];
    await T.loadPlaces();
    const detail = await T.api("/api/actors/" + encodeURIComponent(id));
    const a = detail.actor;
    const other = T.lang === "ar" ? a.name_en : a.name_ar;
    T.append(main, [
      h("h1", { id: "actor-name" }, T.name(a), " ", badge(T.label("kind", a.kind)),
        a.coalition_kind ? badge(T.label("ckind", a.coalition_kind), "ckind") : null),
      h("p", { class: "muted", dir: "auto" }, other, " · ", a.id, " · ", String(detail.n_facts), " ", t("actor.facts")),
      detail.names.length ? h("div", { class: "names" }, t("actor.names"), ": ",
        h("ul", { class: "chips small" }, detail.names.map((n) => h("li", { dir: "auto" }, n)))) : null,
    ]);
    const q = params.get("q");
    if (q) {
      const res = await T.api("/api/search" + T.q({ q, limit: 6 }));
      const others = res.matches.filter((m) => m.actor.id !== a.id);
      if (others.length) {
        T.append(main, [h("p", { class: "small" }, h("a", { href: "#/search" + T.q({ q, list: 1 }) }, t("search.results")),
          ": ", others.map((m) => [T.actorLink(m.actor), " "]))]);
      }
    }
    const coalition = await T.api("/api/coalitions/" + encodeURIComponent(a.id));
    if (coalition.intervals.length || a.kind === "coalition") await coalitionSections(main, a, coalition, params);
    await historySection(main, a);
  };

  async function coalitionSections(main, a, coalition, params) {
    const day = params.get("on") || T.busiestDay(coalition.intervals) || T.today();
    const dateIn = h("input", { type: "date", id: "members-date", value: day });
    const membersBox = h("div", { id: "members" });
    const chartBox = h("div", { id: "membership-chart" });
    T.append(main, [
      h("section", { class: "members" },
        h("h2", null, t("coalition.members"), " ", dateIn), membersBox),
      h("section", null, h("h2", null, t("coalition.timeline")), chartBox),
    ]);
    async function showMembers(d) {
      const res = await T.api("/api/coalitions/" + encodeURIComponent(a.id) + "/members" + T.q({ on: d }));
      T.clear(membersBox);
      membersBox.dataset.on = d;
      membersBox.dataset.count = res.members.length;
      membersBox.appendChild(res.members.length
        ? table([t("col.member"), t("col.from"), t("col.to"), t("col.how"), t("col.certain"), t("col.evidence")],
          intervalRows(res.members, "member"), { class: "members-table" })
        : h("p", { class: "muted" }, t("coalition.nomembers")));
      T.clear(chartBox).appendChild(T.membershipChart(coalition.intervals, d));
    }
    dateIn.addEventListener("change", () => {
      if (!dateIn.value) return;
      T.setParams({ on: dateIn.value });
      showMembers(dateIn.value).catch((err) => membersBox.appendChild(T.errorBox(err)));
    });
    await showMembers(day);

    const tl = await T.api("/api/coalitions/" + encodeURIComponent(a.id) + "/timeline");
    T.append(main, [h("section", null, h("h2", null, t("coalition.events")),
      table([t("col.fact"), t("col.date"), t("col.type"), t("col.member"), t("col.coalition"),
        t("col.modality"), t("col.status"), t("col.evidence")], factRows(tl.facts), { class: "events-table" }))]);
  }

  async function historySection(main, a) {
    const hist = await T.api("/api/actors/" + encodeURIComponent(a.id) + "/history");
    T.append(main, [h("section", { class: "history" }, h("h2", null, t("actor.history")),
      hist.intervals.length
        ? table([t("col.coalition"), t("col.from"), t("col.to"), t("col.how"), t("col.certain"), t("col.evidence")],
          intervalRows(hist.intervals, "coalition"), { class: "history-table" })
        : h("p", { class: "muted" }, t("actor.nohistory")),
      hist.facts.length
        ? table([t("col.fact"), t("col.date"), t("col.type"), t("col.member"), t("col.coalition"),
          t("col.modality"), t("col.status"), t("col.evidence")], factRows(hist.facts), { class: "facts-table" })
        : null)]);
  }

  // ---- fact -------------------------------------------------------------------------------
  const EVENT_TYPES = ["FORM", "JOIN", "WITHDRAW", "EXPEL", "MERGE", "SPLIT", "DISSOLVE", "RENAME"];
  const MODALITIES = ["asserted", "hedged", "negated", "reported", "hypothetical"];

  V.fact = async function fact(main, args) {
    const id = Number(args[0]);
    await T.loadPlaces();
    const res = await T.api("/api/facts/" + id);
    const f = res.fact;
    const statusBox = h("span", { id: "fact-status" }, statusBadge(f.status));
    T.append(main, [
      h("h1", null, t("fact.title"), " #", String(f.id), " ", statusBox),
      h("p", { class: "fact-summary" }, T.actorLink(f.member || f.actor), " · ",
        h("strong", null, T.label("type", f.type)), " · ",
        f.kind === "other_event" ? T.placeName(f.place) : T.actorLink(f.coalition), " · ",
        T.dateEl(f.date), " · ", T.label("modality", f.modality),
        f.alternatives.length ? [" (", f.alternatives.map((x) => T.label("type", x)).join(" / "), ")"] : null,
        " · ", String(f.n_sources), " ", t("col.sources")),
    ]);
    // review
    const note = h("input", { type: "text", id: "review-note", placeholder: t("review.note"), dir: "auto" });
    const typeSel = h("select", { id: "correct-type" }, h("option", { value: "" }, "—"),
      EVENT_TYPES.map((x) => h("option", { value: x }, T.label("type", x))));
    const modSel = h("select", { id: "correct-modality" }, h("option", { value: "" }, "—"),
      MODALITIES.map((x) => h("option", { value: x }, T.label("modality", x))));
    const dateIn = h("input", { type: "text", id: "correct-date", placeholder: "YYYY-MM-DD", size: 10 });
    const msg = h("div", { class: "review-msg", "aria-live": "polite" });
    const done = (info) => {
      T.clear(statusBox).appendChild(statusBadge(info.status));
      T.clear(msg).appendChild(document.createTextNode(t("review.done", { status: T.label("status", info.status) })));
    };
    const act = async (action, body) => {
      try {
        done(await T.review(f.id, action, body));
      } catch (err) {
        T.clear(msg).appendChild(T.errorBox(err));
      }
    };
    T.append(main, [h("section", { class: "review-panel" },
      h("button", { type: "button", id: "btn-accept", class: "btn-accept", on: { click: () => act("accept", { note: note.value }) } }, t("review.accept")), " ",
      h("button", { type: "button", id: "btn-reject", class: "btn-reject", on: { click: () => act("reject", { note: note.value }) } }, t("review.reject")), " ",
      note,
      h("details", null, h("summary", null, t("review.correct")),
        h("div", { class: "controls" }, t("col.type"), typeSel, t("col.modality"), modSel, t("col.date"), dateIn,
          h("button", { type: "button", id: "btn-correct", on: { click: () => act("correct", {
            note: note.value, type: typeSel.value || null, modality: modSel.value || null,
            date: dateIn.value.trim() || null }) } }, t("review.save")))),
      msg)]);
    // reports
    T.append(main, [h("h2", null, t("fact.reports")), h("ul", { class: "reports" }, res.evidence.map((ev) =>
      h("li", { dataset: { document: ev.document_id } }, sentenceWithQuote(ev), h("br"),
        h("span", { class: "muted small" }, [ev.outlet, ev.published, T.label("modality", ev.modality)].filter(Boolean).join(" · ")),
        " ", docLink(ev),
        ev.url && /^https?:\/\//.test(ev.url) ? [" ", h("a", { href: ev.url, rel: "noopener noreferrer nofollow", target: "_blank", dir: "ltr" }, ev.url)] : null)))]);
    if (res.reviews.length) {
      T.append(main, [h("h2", null, t("fact.log")), table(["", t("col.status"), "", t("review.note")],
        res.reviews.map((r) => h("tr", null, h("td", null, r.at), h("td", null, r.action),
          h("td", null, r.author), h("td", { dir: "auto" }, r.note))))]);
    }
    if (res.contradictions.length) {
      T.append(main, [h("h2", null, t("fact.contradictions")), contradictionList(res.contradictions)]);
    }
  };

  function contradictionList(items) {
    return h("ul", { class: "contradictions" }, items.map((c) => h("li", null,
      badge(T.label("contra", c.kind)), " ", T.actorLink(c.coalition), c.member ? [" · ", T.actorLink(c.member)] : null, " — ",
      h("span", { dir: "auto" }, c.detail), " ",
      c.facts.map((f) => h("span", { class: "contra-fact" }, T.factLink(f.id), " ", T.label("type", f.type), " ",
        T.dateEl(f.date))))));
  }

  // ---- document viewer ------------------------------------------------------------------
  // Offsets are code points; JavaScript strings are UTF-16, so slice an array of code points.
  V.doc = async function doc(main, args, params) {
    await T.loadPlaces();
    const d = await T.api("/api/documents/" + encodeURIComponent(args[0]));
    const chars = Array.from(d.text);
    const textBox = h("div", { class: "doc-text", id: "doc-text", dir: "rtl", lang: d.lang || "ar" });
    const list = h("ol", { class: "evidence-list" });
    T.append(main, [
      h("h1", { dir: "auto" }, d.title || t("doc.title")),
      h("p", { class: "muted small" }, [t("doc.outlet") + ": ", h("bdi", null, d.outlet || "—"), " · ",
        t("doc.published") + ": ", d.published || "—", " · ", t("doc.source") + ": ", h("bdi", null, d.source)],
        d.url && /^https?:\/\//.test(d.url) ? [" · ", h("a", { href: d.url, rel: "noopener noreferrer nofollow", target: "_blank", dir: "ltr" }, d.url)] : null),
      h("div", { class: "doc-layout" }, textBox,
        h("aside", null, h("h2", null, t("doc.evidence")), list)),
    ]);
    for (const e of d.evidence) {
      list.appendChild(h("li", { dataset: { fact: e.fact_id } },
        h("a", { href: "#/doc/" + encodeURIComponent(d.id) + "?fact=" + e.fact_id, class: "select-fact",
          on: { click: (ev) => { ev.preventDefault(); T.setParams({ fact: e.fact_id }); paint(e.fact_id); } } },
          "#" + e.fact_id, " ", T.label("type", e.type)), " ",
        h("span", { class: "small" }, e.member_ref || e.actor_ref ? T.name(e.member_ref || e.actor_ref) : "",
          e.coalition_ref ? [" → ", T.name(e.coalition_ref)] : e.place ? [" → ", T.placeName(e.place)] : null), " ",
        h("a", { href: "#/fact/" + e.fact_id, class: "small fact-page" }, "(" + t("fact.page") + ")")));
    }

    function paint(active) {
      active = Number(active) || null;
      const cuts = new Set([0, chars.length]);
      for (const e of d.evidence) {
        cuts.add(e.sentence.start); cuts.add(e.sentence.end);
        if (e.fact_id === active) { cuts.add(e.span.start); cuts.add(e.span.end); }
      }
      const points = [...cuts].filter((x) => x >= 0 && x <= chars.length).sort((a, b) => a - b);
      T.clear(textBox);
      let first = null;
      for (let i = 0; i + 1 < points.length; i++) {
        const a = points[i], b = points[i + 1];
        const piece = chars.slice(a, b).join("");
        const inSent = d.evidence.filter((e) => e.sentence.start <= a && b <= e.sentence.end);
        if (!inSent.length) { textBox.appendChild(document.createTextNode(piece)); continue; }
        const act = inSent.find((e) => e.fact_id === active);
        const inSpan = act && act.span.start <= a && b <= act.span.end;
        const el = h(inSpan ? "mark" : "span", {
          class: "evidence" + (act ? " hl-active" : "") + (inSpan ? " hl-span" : ""),
          dataset: { facts: inSent.map((e) => e.fact_id).join(",") },
          title: inSent.map((e) => "#" + e.fact_id + " " + T.label("type", e.type)).join(", "),
          on: { click: () => { T.setParams({ fact: inSent[0].fact_id }); paint(inSent[0].fact_id); } },
        }, piece);
        if (act && !first) first = el;
        textBox.appendChild(el);
      }
      for (const li of list.children) li.classList.toggle("active", Number(li.dataset.fact) === active);
      if (first) first.scrollIntoView({ block: "center" });
    }
    paint(params.get("fact"));
  };

  V.documents = async function documents(main, args, params) {
    const offset = Number(params.get("offset") || 0);
    const res = await T.api("/api/documents" + T.q({ offset, limit: 50 }));
    T.append(main, [h("h1", null, t("docs.title"), " (", String(res.total), ")"),
      table([t("doc.published"), t("doc.title"), t("doc.outlet")], res.items.map((d) => h("tr", null,
        h("td", null, d.published || "—"),
        h("td", { dir: "auto" }, h("a", { href: "#/doc/" + encodeURIComponent(d.id) }, d.title || d.source)),
        h("td", { dir: "auto" }, d.outlet || "—")))),
      pager("#/documents", params, offset, 50, res.total)]);
  };

  function pager(base, params, offset, limit, total) {
    const link = (o, label) => {
      const p = new URLSearchParams(params);
      p.set("offset", o);
      return h("a", { href: base + "?" + p.toString() }, label);
    };
    return h("p", { class: "pager" }, offset > 0 ? link(Math.max(0, offset - limit), t("prev")) : null, " ",
      offset + limit < total ? link(offset + limit, t("next")) : null);
  }

  // ---- review -----------------------------------------------------------------------------
  V.review = async function review(main, args, params) {
    const status = params.get("status") || "unreviewed";
    await T.loadPlaces();
    const offset = Number(params.get("offset") || 0);
    const tokenIn = h("input", { type: "password", id: "token-input", autocomplete: "off", value: T.token(),
      placeholder: "thf_…", dir: "ltr" });
    const tokenMsg = h("span", { id: "token-msg", "aria-live": "polite" });
    const check = async () => {
      T.clear(tokenMsg);
      if (!T.token()) return tokenMsg.appendChild(document.createTextNode(t("review.token.missing")));
      try {
        const who = await T.api("/api/auth", { auth: true });
        tokenMsg.appendChild(document.createTextNode(t("review.token.ok", { who: who.author })));
      } catch (err) {
        tokenMsg.appendChild(T.errorBox(err));
      }
    };
    const sel = h("select", { id: "status-filter", on: { change: () => T.go("#/review" + T.q({ status: sel.value })) } },
      ["unreviewed", "accepted", "rejected", "corrected", "added"].map((s) =>
        h("option", { value: s, selected: s === status }, T.label("status", s))));
    T.append(main, [h("h1", null, t("review.title")),
      h("form", { class: "controls", id: "token-form", on: { submit: (ev) => {
        ev.preventDefault();
        localStorage.setItem("tahaluf.token", tokenIn.value.trim());
        check();
      } } }, h("label", { for: "token-input" }, t("review.token")), tokenIn,
        h("button", { type: "submit", id: "token-save" }, t("review.token.save")),
        h("button", { type: "button", on: { click: () => { localStorage.removeItem("tahaluf.token"); tokenIn.value = ""; check(); } } },
          t("review.token.forget")), tokenMsg)]);
    check();
    const res = await T.api("/api/facts" + T.q({ status, offset, limit: 50 }));
    T.append(main, [h("h2", null, t("review.pending"), " (", String(res.total), ") "), h("p", null, t("review.filter"), ": ", sel),
      table([t("col.fact"), t("col.date"), t("col.type"), t("col.member"), t("col.coalition"), t("col.modality"),
        t("col.status"), ""], factRows(res.items, { review: true }), { class: "review-table" }),
      pager("#/review", params, offset, 50, res.total)]);
    const contra = await T.api("/api/contradictions");
    T.append(main, [h("h2", { id: "contradictions" }, t("review.contradictions"), " (", String(contra.length), ")"),
      contra.length ? contradictionList(contra) : h("p", { class: "muted" }, t("review.nocontra"))]);
  };

  // ---- routes -----------------------------------------------------------------------------
  T.route(/^\/$/, V.home);
  T.route(/^\/search$/, V.search);
  T.route(/^\/(?:actor|coalition)\/(.+)$/, V.actor);
  T.route(/^\/fact\/(\d+)$/, V.fact);
  T.route(/^\/doc\/(.+)$/, V.doc);
  T.route(/^\/documents$/, V.documents);
  T.route(/^\/network$/, V.network);
  T.route(/^\/map$/, V.map);
  T.route(/^\/review$/, V.review);

  document.addEventListener("DOMContentLoaded", () => T.start());
})();
