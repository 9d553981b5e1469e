// tahaluf web UI — pictures: membership timeline bars, the network on a date (Cytoscape),
// the map of places and events (Leaflet, no tile server).
"use strict";

(function () {
  const { h, t } = T;
  const DAY = 86400000;
  const toMs = (iso) => Date.parse(iso + "T00:00:00Z");
  const fromMs = (ms) => new Date(ms).toISOString().slice(0, 10);

  // ---- membership timeline ------------------------------------------------------------
  // One row per member; each interval is a solid bar from the latest possible start to the
  // earliest possible end, hatched over the uncertain stretches (earliest→latest of each
  // bound). Unknown starts are hatched from the left edge, open ends run to the right edge.
  T.membershipChart = function membershipChart(intervals, marker) {
    const known = [];
    for (const iv of intervals) {
      for (const d of [iv.start, iv.end]) {
        if (!d) continue;
        for (const x of [d.earliest, d.latest]) if (x) known.push(toMs(x));
      }
    }
    if (marker) known.push(toMs(marker));
    if (!known.length) return h("p", { class: "muted" }, t("unknown"));
    let lo = Math.min(...known);
    let hi = Math.max(...known);
    const pad = Math.max((hi - lo) * 0.04, 60 * DAY);
    lo -= pad;
    hi += pad;
    const pct = (ms) => (100 * (ms - lo)) / (hi - lo);

    const box = h("div", { class: "tl", dir: "ltr" });
    const axis = h("div", { class: "tl-axis" });
    const y0 = new Date(lo).getUTCFullYear() + 1;
    const y1 = new Date(hi).getUTCFullYear();
    const stepY = Math.max(1, Math.ceil((y1 - y0 + 1) / 12));
    for (let y = y0; y <= y1; y += stepY) {
      const tick = h("span", { class: "tl-tick" }, String(y));
      tick.style.left = pct(Date.UTC(y, 0, 1)) + "%";
      axis.appendChild(tick);
    }
    box.appendChild(h("div", { class: "tl-row tl-head" }, h("div", { class: "tl-label" }), axis));

    const rows = new Map();
    for (const iv of intervals) {
      if (!rows.has(iv.member.id)) rows.set(iv.member.id, { ref: iv.member, ivs: [] });
      rows.get(iv.member.id).ivs.push(iv);
    }
    const sortKey = (r) => Math.min(...r.ivs.map((iv) => toMs(iv.start.earliest || iv.start.latest || iv.lo)));
    const ordered = [...rows.values()].sort((a, b) => sortKey(a) - sortKey(b));
    for (const row of ordered) {
      const track = h("div", { class: "tl-track" });
      for (const iv of row.ivs) {
        const s0 = iv.start.earliest ? toMs(iv.start.earliest) : lo;
        const s1 = iv.start.latest ? toMs(iv.start.latest) : s0;
        const e0 = !iv.end ? hi : iv.end.earliest ? toMs(iv.end.earliest) : null;
        const e1 = !iv.end ? hi : iv.end.latest ? toMs(iv.end.latest) : hi;
        const title = `${T.name(row.ref)}: ${T.dateText(iv.start)} → ${T.dateText(iv.end)}` +
          ` (${iv.start_how || "?"} → ${iv.end_how || t("open")})`;
        const parts = [];
        if (e0 === null || s1 > e0) {
          parts.push(["uncertain", s0, e1]);
        } else {
          if (s1 > s0) parts.push(["uncertain", s0, s1]);
          parts.push(["certain", s1, e0]);
          if (e1 > e0) parts.push(["uncertain", e0, e1]);
        }
        for (const [cls, a, b] of parts) {
          const bar = h("div", {
            class: "tl-bar " + cls + (iv.end ? "" : " open"), title,
            dataset: { member: iv.member.id, start: T.dateText(iv.start), end: T.dateText(iv.end) },
          });
          bar.style.left = pct(a) + "%";
          bar.style.width = Math.max(pct(b) - pct(a), 0.4) + "%";
          track.appendChild(bar);
        }
      }
      if (marker) {
        const line = h("div", { class: "tl-marker", title: marker });
        line.style.left = pct(toMs(marker)) + "%";
        track.appendChild(line);
      }
      box.appendChild(h("div", { class: "tl-row", dataset: { member: row.ref.id } },
        h("div", { class: "tl-label" }, T.actorLink(row.ref)), track));
    }
    box.appendChild(h("div", { class: "tl-legend" },
      h("span", { class: "tl-bar certain sample" }), " ", t("coalition.legend.certain"), "  ",
      h("span", { class: "tl-bar uncertain sample" }), " ", t("coalition.legend.uncertain")));
    return box;
  };

  // The day on which most intervals overlap (a good default for "members on").
  T.busiestDay = function busiestDay(intervals) {
    let best = null;
    let bestN = -1;
    for (const iv of intervals) {
      const d = iv.start.latest || iv.start.earliest;
      if (!d) continue;
      const n = intervals.filter((o) => o.lo <= d && d < o.hi).length;
      if (n > bestN || (n === bestN && d < best)) {
        best = d;
        bestN = n;
      }
    }
    return best;
  };

  // ---- network on a date ----------------------------------------------------------------
  const FIRST_DAY = "2011-03-15";

  T.views.network = async function network(main, args, params) {
    const today = T.today();
    let day = params.get("on") || "2016-01-01";
    const base = toMs(FIRST_DAY);
    const slider = h("input", { type: "range", id: "net-slider", min: 0,
      max: Math.round((toMs(today) - base) / DAY), step: 1, "aria-label": t("network.date") });
    const dateIn = h("input", { type: "date", id: "net-date", min: FIRST_DAY, max: today });
    const onlyCertain = h("input", { type: "checkbox", id: "net-certain",
      checked: params.get("certain") === "1" });
    const status = h("p", { id: "net-status", class: "status", "aria-live": "polite" });
    const graph = h("div", { id: "cy", class: "graph", dir: "ltr" });
    T.append(main, [
      h("h1", null, t("network.title"), " ", h("bdi", { id: "net-day" }, day)),
      h("div", { class: "controls" }, h("label", { for: "net-date" }, t("network.date")), dateIn,
        onlyCertain, h("label", { for: "net-certain" }, t("network.certain")),
        h("div", { class: "slider-wrap", dir: "ltr" }, slider)),
      status, graph, h("p", { class: "muted small" }, t("network.legend")),
    ]);
    const cy = cytoscape({
      container: graph, minZoom: 0.2, maxZoom: 3,
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 11, "text-valign": "bottom",
          "text-margin-y": 3, "background-color": "#8a3b12", width: 14, height: 14,
          color: "#222", "text-wrap": "ellipsis", "text-max-width": 140 } },
        { selector: "node.coalition", style: { "background-color": "#2f5d62", shape: "round-rectangle",
          width: 26, height: 20, "font-weight": "bold", "font-size": 12 } },
        { selector: "edge", style: { width: 1.5, "line-color": "#8fa3a6", "curve-style": "bezier",
          "target-arrow-shape": "triangle", "target-arrow-color": "#8fa3a6", "arrow-scale": 0.7 } },
        { selector: "edge.uncertain", style: { "line-style": "dashed", "line-color": "#c2b59b",
          "target-arrow-color": "#c2b59b" } },
      ],
    });
    T.cy = cy; // for tests and the console
    cy.on("tap", "node", (ev) => T.go("#/actor/" + encodeURIComponent(ev.target.id())));
    let seq = 0;

    async function load(d) {
      const mine = ++seq;
      const data = await T.api("/api/network" + T.q({ on: d, certain: onlyCertain.checked ? "true" : "" }));
      if (mine !== seq) return; // a newer date was asked for meanwhile
      day = d;
      document.getElementById("net-day").textContent = d;
      T.setParams({ on: d, certain: onlyCertain.checked ? "1" : "" });
      cy.batch(() => {
        cy.elements().remove();
        cy.add(data.nodes.map((n) => ({ group: "nodes", data: { id: n.id, label: T.name(n) },
          classes: n.roles.includes("coalition") ? "coalition" : "member" })));
        cy.add(data.edges.map((e) => ({ group: "edges", data: { id: e.id, source: e.source, target: e.target },
          classes: e.certain ? "certain" : "uncertain" })));
      });
      cy.layout({ name: "cose", animate: false, randomize: true, nodeRepulsion: () => 16000,
        idealEdgeLength: () => 70, nodeOverlap: 20, padding: 20 }).run();
      const nCertain = data.edges.filter((e) => e.certain).length;
      status.dataset.nodes = data.nodes.length;
      status.dataset.edges = data.edges.length;
      status.dataset.certain = nCertain;
      status.dataset.on = d;
      status.dataset.onlyCertain = onlyCertain.checked ? "1" : "0";
      status.textContent = data.edges.length
        ? t("network.count", { nodes: data.nodes.length, edges: data.edges.length, certain: nCertain })
        : t("network.empty");
    }

    const setDay = (d) => {
      slider.value = Math.round((toMs(d) - base) / DAY);
      dateIn.value = d;
    };
    let timer = null;
    slider.addEventListener("input", () => {
      const d = fromMs(base + Number(slider.value) * DAY);
      dateIn.value = d;
      document.getElementById("net-day").textContent = d;
      clearTimeout(timer);
      timer = setTimeout(() => load(d).catch(showErr), 150);
    });
    dateIn.addEventListener("change", () => {
      if (!dateIn.value) return;
      setDay(dateIn.value);
      load(dateIn.value).catch(showErr);
    });
    onlyCertain.addEventListener("change", () => load(day).catch(showErr));
    function showErr(err) {
      T.clear(status);
      status.appendChild(T.errorBox(err));
    }
    setDay(day);
    await load(day);
  };

  // ---- map --------------------------------------------------------------------------------
  const COLORS = { CAPTURE: "#b23a1d", ADVANCE: "#d98c1f", HOLD: "#2f5d62", STANCE: "#6b4c9a" };

  T.views.map = async function map(main, args, params) {
    const start = h("input", { type: "date", id: "map-start", value: params.get("start") || "" });
    const end = h("input", { type: "date", id: "map-end", value: params.get("end") || "" });
    const actor = h("input", { type: "search", id: "map-actor", value: params.get("actor") || "",
      placeholder: t("search.placeholder"), dir: "auto" });
    const apply = h("button", { type: "submit", id: "map-apply" }, t("map.apply"));
    const status = h("p", { id: "map-status", class: "status", "aria-live": "polite" });
    const mapEl = h("div", { id: "map", class: "map", dir: "ltr" });
    const form = h("form", { class: "controls", id: "map-form" },
      h("label", { for: "map-start" }, t("map.from")), start,
      h("label", { for: "map-end" }, t("map.to")), end,
      h("label", { for: "map-actor" }, t("map.actor")), actor, apply);
    const legend = h("p", { class: "small legend" }, t("map.legend"), " ",
      Object.entries(COLORS).map(([type, color]) => {
        const dot = h("span", { class: "legend-dot" });
        dot.style.background = color;
        return [dot, T.label("type", type), " "];
      }));
    T.append(main, [h("h1", null, t("map.title")), form, status, mapEl, legend,
      h("p", { class: "muted small" }, t("map.credit"))]);

    const m = L.map(mapEl, { attributionControl: false, zoomSnap: 0.25, minZoom: 5, maxZoom: 12 });
    const outline = await (await fetch("/static/syria.geojson")).json();
    const border = L.geoJSON(outline, { style: { color: "#555", weight: 1.5, fillColor: "#f4efe6",
      fillOpacity: 1 } }).addTo(m);
    m.fitBounds(border.getBounds(), { padding: [10, 10] });
    m.setMaxBounds(border.getBounds().pad(1.5));

    const govs = await T.api("/api/gazetteer?level=governorate");
    const govLayer = L.layerGroup().addTo(m);
    for (const f of govs.features) {
      const p = f.properties;
      L.circleMarker([p.lat, p.lon], { radius: 3, color: "#777", weight: 1, fillOpacity: 0.6 })
        .bindTooltip(h("span", { dir: "auto", class: "gov" }, T.lang === "ar" ? p.name_ar : p.name_en),
          { permanent: true, direction: "top", className: "gov-label", opacity: 0.85 })
        .addTo(govLayer);
    }
    const places = await T.api("/api/places");
    const placeLayer = L.layerGroup().addTo(m);
    for (const f of places.features) {
      const p = f.properties;
      if (p.level === "country") continue;
      L.circleMarker([p.lat, p.lon], { radius: 2, color: "#999", weight: 1, fillOpacity: 0.8 })
        .bindTooltip(h("span", { dir: "auto" }, T.lang === "ar" ? p.name_ar : p.name_en))
        .addTo(placeLayer);
    }
    const eventLayer = L.layerGroup().addTo(m);

    async function load() {
      let actorId = "";
      const name = actor.value.trim();
      if (name) {
        const found = await T.api("/api/search" + T.q({ q: name, limit: 1 }));
        const best = found.resolved || (found.matches[0] && found.matches[0].actor);
        if (!best) throw Object.assign(new Error(t("search.none") + ": " + name), { status: 404 });
        actorId = best.id;
      }
      T.setParams({ start: start.value, end: end.value, actor: name });
      const data = await T.api("/api/events" + T.q({ start: start.value, end: end.value, actor: actorId }));
      eventLayer.clearLayers();
      const at = new Set();
      for (const f of data.features) {
        const p = f.properties;
        at.add(p.place);
        const [lon, lat] = f.geometry.coordinates;
        const jitter = () => (Math.random() - 0.5) * 0.04;
        const popup = h("div", { class: "popup", dir: "auto" },
          h("strong", null, T.label("type", p.type)), " · ", T.dateEl(p.date), h("br"),
          T.actorLink(p.actor), " → ", h("bdi", null, T.lang === "ar" ? p.place_ar : p.place_en), h("br"),
          T.factLink(p.fact_id), " ", T.label("modality", p.modality));
        L.circleMarker([lat + jitter(), lon + jitter()], { radius: 6, color: "#fff", weight: 1,
          fillColor: COLORS[p.type] || "#333", fillOpacity: 0.9, className: "event-marker" })
          .bindPopup(popup).addTo(eventLayer);
      }
      status.dataset.events = data.features.length;
      status.textContent = t("map.count", { events: data.features.length, places: at.size });
    }
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      load().catch((err) => {
        T.clear(status);
        status.appendChild(T.errorBox(err));
      });
    });
    await load();
  };
})();
