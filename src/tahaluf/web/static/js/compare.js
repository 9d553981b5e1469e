// tahaluf web UI — compare page: paste or upload your own membership table (CSV or
// JSONL), POST it to /api/compare and show agreed / missing / only in the store.
// Everything from the table and the store is inserted as text.
"use strict";

(function () {
  const { h, t } = T;
  const V = T.views;
  const EXAMPLE = "coalition,date,member,source\n" +
    "جيش الفتح,2016-03-01,حركة أحرار الشام الإسلامية,\n" +
    "Jaish al-Fatah,2016-03-01,Jabhat al-Nusra,\n";

  const ratio = (x) => (x === null || x === undefined ? "—" : x.toFixed(2));
  const cell = (x, attrs) => h("td", attrs || null, x);

  function scoreCells(s) {
    return [cell(String(s.agreed), { class: "n-agreed" }), cell(String(s.missing), { class: "n-missing" }),
      cell(String(s.only_in_store), { class: "n-only" }), cell(ratio(s.precision), { class: "precision", dir: "ltr" }),
      cell(ratio(s.recall), { class: "recall", dir: "ltr" })];
  }

  function totals(res) {
    const heads = [t("col.coalition"), t("compare.dates"), t("compare.agreed"), t("compare.missing"),
      t("compare.only"), t("compare.precision"), t("compare.recall")];
    const rows = res.by_coalition.map((c) => h("tr", { dataset: { coalition: c.coalition.id } },
      cell(T.actorLink(c.coalition)), cell(String(c.dates)), scoreCells(c.score)));
    rows.push(h("tr", { class: "overall", id: "compare-overall" },
      cell(h("strong", null, t("compare.all"))), cell(String(res.groups.length)), scoreCells(res.overall)));
    return h("table", { class: "compare-totals" },
      h("thead", null, h("tr", null, heads.map((x) => h("th", null, x)))), h("tbody", null, rows));
  }

  // What the table says: the name as written, its line and source.
  function cited(m) {
    return m.reference.map((r) => h("span", { class: "muted small" }, " · ",
      t("compare.line"), " ", String(r.line), r.source ? [" · ", h("bdi", null, r.source)] : null));
  }

  // What the store says: its first proof sentence and source.
  function proof(m) {
    const ev = m.store && m.store.evidence && m.store.evidence[0];
    if (!ev) return null;
    return h("div", { class: "evidence small" }, T.arabic(ev.sentence, "q"), " ",
      h("span", { class: "muted" }, [ev.outlet || ev.source, ev.published].filter(Boolean).join(" · ")), " ",
      h("a", { href: "#/doc/" + encodeURIComponent(ev.document_id) + "?fact=" + ev.fact_id }, t("fact.open_doc")));
  }

  function memberList(kind, items, withProof) {
    return h("div", { class: "compare-col " + kind },
      h("h4", null, t("compare." + kind), " (", String(items.length), ")"),
      items.length
        ? h("ul", null, items.map((m) => h("li", { dataset: { member: m.member.id } },
          T.actorLink(m.member), m.store && !m.store.certain ? [" ", h("span", { class: "badge" }, t("compare.maybe"))] : null,
          cited(m), withProof ? proof(m) : null)))
        : h("p", { class: "muted" }, "—"));
  }

  function group(g) {
    return h("section", { class: "compare-group", dataset: { coalition: g.coalition.id, on: g.on } },
      h("h3", null, T.actorLink(g.coalition), " · ", h("bdi", { dir: "ltr" }, g.on), " · ",
        h("span", { class: "muted small" }, t("compare.precision"), " ", ratio(g.score.precision), " · ",
          t("compare.recall"), " ", ratio(g.score.recall))),
      h("div", { class: "compare-cols" },
        memberList("agreed", g.agreed, false), memberList("missing", g.missing, false),
        memberList("only", g.only_in_store, true)),
      g.unresolved.length
        ? h("p", { class: "muted small" }, t("compare.unresolved"), ": ",
          g.unresolved.map((n) => [h("bdi", null, n), " "]))
        : null);
  }

  function unresolved(res) {
    if (!res.unresolved.length) return null;
    return h("section", { id: "compare-unresolved" }, h("h2", null, t("compare.unresolved")),
      h("ul", null, res.unresolved.map((u) => h("li", { dataset: { name: u.name } },
        h("bdi", null, u.name), " (", t("compare.role." + u.role), ", ", t("compare.line"), " ",
        u.lines.join(", "), ") — ", t("compare.close"), ": ",
        u.close_matches.length ? u.close_matches.map((a) => [T.actorLink(a), " "]) : "—"))),
      h("p", { class: "muted small" }, t("compare.notcompared", { n: res.rows_not_compared, rows: res.rows })));
  }

  function problems(err) {
    const list = (err.body && err.body.problems) || [];
    if (!list.length) return null;
    return h("ul", { class: "problems" }, list.map((p) =>
      h("li", null, t("compare.line"), " ", String(p.line), ": ", h("bdi", null, p.reason))));
  }

  V.compare = async function compare(main) {
    const text = h("textarea", { id: "compare-text", rows: 10, cols: 80, dir: "auto", spellcheck: "false",
      placeholder: EXAMPLE });
    const file = h("input", { type: "file", id: "compare-file", accept: ".csv,.jsonl,.ndjson,.json,text/csv" });
    const out = h("div", { id: "compare-result" });
    file.addEventListener("change", async () => {
      if (file.files && file.files[0]) text.value = await file.files[0].text();
    });
    const run = async (ev) => {
      ev.preventDefault();
      T.clear(out);
      out.removeAttribute("data-done");
      try {
        const res = await T.api("/api/compare", { method: "POST", text: text.value });
        T.append(out, [h("h2", null, t("compare.totals")), totals(res), unresolved(res),
          res.groups.map(group)]);
      } catch (err) {
        T.append(out, [T.errorBox(err), problems(err)]);
      } finally {
        out.dataset.done = "1";
      }
    };
    T.append(main, [h("h1", null, t("compare.title")), h("p", { class: "lead" }, t("compare.help")),
      h("pre", { class: "small", dir: "ltr" }, EXAMPLE),
      h("form", { id: "compare-form", on: { submit: run } },
        h("div", { class: "controls" }, h("label", { for: "compare-file" }, t("compare.file")), file),
        h("div", null, text),
        h("button", { type: "submit", id: "compare-go" }, t("compare.go"))),
      out]);
  };

  T.route(/^\/compare$/, V.compare);
})();
