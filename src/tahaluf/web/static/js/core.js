// tahaluf web UI — core: DOM building (text only, never innerHTML), API calls, i18n,
// routing. No build step; plain ES2020 in the browser.
"use strict";

const T = (window.T = {});
T.views = {};

// ---- DOM ------------------------------------------------------------------------------
// h("a", {href: "#/x", class: "c", on: {click: fn}}, "text", childNode, [more])
// Strings become text nodes; attributes are set with setAttribute (never on* from data).
T.h = function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "on") {
        for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
      } else if (k === "dataset") {
        for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = String(dv);
      } else if (k === "value") {
        el.value = v;
      } else if (k === "checked" || k === "disabled" || k === "selected") {
        el[k] = Boolean(v);
      } else if (/^on/i.test(k)) {
        throw new Error("use the 'on' attribute for event handlers");
      } else {
        el.setAttribute(k, v === true ? "" : String(v));
      }
    }
  }
  T.append(el, children);
  return el;
};

T.append = function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
};

T.clear = function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
};

// Arabic (or any) article text: its own block, right-to-left, plain text.
T.arabic = (text, tag = "span") => T.h(tag, { dir: "rtl", lang: "ar", class: "ar" }, text);

// ---- i18n -----------------------------------------------------------------------------
T.strings = { ar: {}, en: {} };
T.lang = localStorage.getItem("tahaluf.lang") === "en" ? "en" : "ar";

T.t = function t(key, vars) {
  let s = (T.strings[T.lang] && T.strings[T.lang][key]) || T.strings.en[key] || key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split("{" + k + "}").join(String(v));
  return s;
};

T.setLang = function setLang(lang) {
  T.lang = lang === "en" ? "en" : "ar";
  localStorage.setItem("tahaluf.lang", T.lang);
  document.documentElement.lang = T.lang;
  document.documentElement.dir = T.lang === "ar" ? "rtl" : "ltr";
};

// An actor's name in the UI language, the other language on hover.
T.name = function name(ref) {
  if (!ref) return "—";
  return T.lang === "ar" ? ref.name_ar || ref.name_en || ref.id : ref.name_en || ref.id;
};

T.actorLink = function actorLink(ref) {
  if (!ref) return T.h("span", { class: "muted" }, "—");
  const other = T.lang === "ar" ? ref.name_en : ref.name_ar;
  return T.h("a", { href: "#/actor/" + encodeURIComponent(ref.id), class: "actor " + (ref.kind || ""),
    title: other || ref.id, dataset: { actor: ref.id } }, T.name(ref));
};

T.factLink = (id) => T.h("a", { href: "#/fact/" + id, class: "fact-link", dir: "ltr", dataset: { fact: id } }, "#" + id);

// "2016-03-01", "2016-03", "≤2016-01-03", "2015-03-01…2015-06-30", "?"
T.dateText = function dateText(d) {
  if (!d) return T.t("open");
  if (d.value) return d.value;
  if (d.earliest && d.latest) return d.earliest === d.latest ? d.earliest : d.earliest + "…" + d.latest;
  if (d.latest) return "≤" + d.latest;
  if (d.earliest) return "≥" + d.earliest;
  return T.t("unknown");
};

// A date as a left-to-right island (so "≤2016-01-03" keeps its order in Arabic text).
T.dateEl = (d) => T.h("bdi", { dir: "ltr", class: "date" }, T.dateText(d));

// Place ids → names, from the places named in stored documents and the gazetteer.
T.placeNames = new Map();
T.loadPlaces = async function loadPlaces() {
  if (T.placeNames.size) return;
  const [kb, gaz] = await Promise.all([T.api("/api/places"), T.api("/api/gazetteer?level=governorate")]);
  for (const f of [...gaz.features, ...kb.features]) T.placeNames.set(f.properties.id, f.properties);
};
T.placeName = function placeName(id) {
  const p = T.placeNames.get(id);
  if (!p) return id || "—";
  return T.lang === "ar" ? p.name_ar || p.name_en : p.name_en || p.name_ar;
};

T.label = (prefix, value) => (value ? T.t(prefix + "." + value) : "");
T.today = () => new Date().toISOString().slice(0, 10);

// ---- API ------------------------------------------------------------------------------
T.token = () => localStorage.getItem("tahaluf.token") || "";

T.api = async function api(path, opts = {}) {
  const init = { method: opts.method || "GET", headers: { Accept: "application/json" } };
  if (opts.body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(opts.body);
  } else if (opts.text !== undefined) {
    // a text body as it is (a CSV or JSONL table for /api/compare)
    init.headers["Content-Type"] = opts.type || "text/plain; charset=utf-8";
    init.body = opts.text;
  }
  if (opts.auth) {
    const tok = T.token();
    if (tok) init.headers.Authorization = "Bearer " + tok;
  }
  const res = await fetch(path, init);
  let data = null;
  try {
    data = await res.json();
  } catch (e) {
    data = null;
  }
  if (!res.ok) {
    const err = new Error((data && data.error && data.error.message) || res.statusText);
    err.status = res.status;
    err.body = data && data.error;
    throw err;
  }
  return data;
};

T.q = (params) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") u.set(k, v);
  const s = u.toString();
  return s ? "?" + s : "";
};

// An error box: message, hint and close matches (links), all as text.
T.errorBox = function errorBox(err) {
  const body = err.body || {};
  const box = T.h("div", { class: "error", role: "alert" },
    T.h("strong", null, T.t("error") + (err.status ? " " + err.status : "") + ": "),
    err.message || String(err));
  if (body.hint) T.append(box, [T.h("div", { class: "hint" }, body.hint)]);
  if (body.close_matches && body.close_matches.length) {
    T.append(box, [T.h("div", { class: "close" },
      body.close_matches.map((m) => [T.actorLink(m.actor), " "]))]);
  }
  return box;
};

// ---- routing --------------------------------------------------------------------------
T.routes = [];
T.route = (pattern, view) => T.routes.push({ pattern, view });

T.parseHash = function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, query] = raw.split("?");
  return { path, params: new URLSearchParams(query || "") };
};

T.go = (hash) => {
  if (location.hash === hash) T.render();
  else location.hash = hash;
};

T.setParams = function setParams(params) {
  // change the query part of the current route without re-rendering
  const { path, params: cur } = T.parseHash();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === "") cur.delete(k);
    else cur.set(k, v);
  }
  const s = cur.toString();
  history.replaceState(null, "", "#" + path + (s ? "?" + s : ""));
};

T.render = async function render() {
  const main = document.getElementById("view");
  const { path, params } = T.parseHash();
  for (const r of T.routes) {
    const m = path.match(r.pattern);
    if (!m) continue;
    T.clear(main);
    main.dataset.view = r.view.name || "";
    main.setAttribute("aria-busy", "true");
    const args = m.slice(1).map((x) => decodeURIComponent(x));
    try {
      await r.view(main, args, params);
    } catch (err) {
      console.error(err);
      T.append(main, [T.errorBox(err)]);
    } finally {
      main.setAttribute("aria-busy", "false");
    }
    return;
  }
  T.clear(main);
  T.append(main, [T.errorBox(new Error("no page " + path))]);
};

T.staticLabels = function staticLabels() {
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = T.t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) {
    el.setAttribute("placeholder", T.t(el.dataset.i18nPlaceholder));
  }
};

T.start = async function start() {
  const res = await fetch("/static/i18n.json");
  T.strings = await res.json();
  T.setLang(T.lang);
  T.staticLabels();
  document.getElementById("lang-toggle").addEventListener("click", () => {
    T.setLang(T.lang === "ar" ? "en" : "ar");
    T.staticLabels();
    T.render();
  });
  document.getElementById("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = document.getElementById("search-input").value.trim();
    if (q) T.go("#/search?q=" + encodeURIComponent(q));
  });
  window.addEventListener("hashchange", () => T.render());
  await T.render();
};
