// dualuse analyst page. Plain JS, no build step, no network but this server.
// Every value from the server or the user goes into the page through textContent
// (the el() helper); innerHTML is never used with data.
"use strict";

const state = { key: sessionStorage.getItem("dualuse.key") || "", who: null, result: null, hit: null };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function when(iso) {
  // "2024-05-03T10:22:01+00:00" -> "2024-05-03 10:22 UTC"; anything else shown as is
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?(\+00:00|Z)$/.exec(iso || "");
  return m ? `${m[1]} ${m[2]} UTC` : String(iso ?? "");
}

function $(id) { return document.getElementById(id); }
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

class ApiError extends Error {
  constructor(body, status) { super(body.message || `HTTP ${status}`); this.body = body; this.status = status; }
  describe() {
    const lines = [this.message];
    for (const d of (this.body.details || []).slice(0, 8)) {
      lines.push(`• ${d.field ? d.field + ": " : ""}${d.message}`);
    }
    return lines.join("\n");
  }
}

async function api(path, options = {}) {
  const headers = Object.assign({ Authorization: `Bearer ${state.key}` }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  const versions = response.headers.get("X-Dualuse-List-Versions");
  if (versions !== null) showVersions(versions);
  let body = null;
  try { body = await response.json(); } catch (_e) { body = { message: `HTTP ${response.status}` }; }
  if (!response.ok) {
    if (response.status === 401 && state.who) logout("Your key is no longer valid. Log in again.");
    throw new ApiError(body || {}, response.status);
  }
  return body;
}

function showVersions(labels) {
  const text = labels ? labels.split(",").join(" · ") : "no lists loaded";
  $("versions").textContent = `Lists in use: ${text}`;
}

// -- navigation -------------------------------------------------------------------

const VIEWS = ["login", "screen", "upload", "history", "hit"];

function show(view) {
  for (const v of VIEWS) $(`view-${v}`).hidden = v !== view;
  for (const tab of document.querySelectorAll(".tab")) {
    if (tab.dataset.view === view || (view === "hit" && tab.dataset.view === "screen")) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  const heading = $(`view-${view}`).querySelector("h1");
  if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  if (view === "history") loadHistory();
}

function logout(message) {
  sessionStorage.removeItem("dualuse.key");
  state.key = ""; state.who = null;
  $("tabs").hidden = true; $("who").hidden = true;
  $("login-error").textContent = message || "";
  show("login");
  $("api-key").focus();
}

async function login(key) {
  state.key = key;
  const who = await api("/whoami");
  state.who = who;
  sessionStorage.setItem("dualuse.key", key);
  $("who-name").textContent = who.name;
  $("who-role").textContent = who.role;
  $("tabs").hidden = false; $("who").hidden = false;
  show("screen");
  $("p-name").focus();
}

// -- rendering a screening --------------------------------------------------------------

function decisionBadge(decision) {
  return el("span", { class: `decision ${decision}` }, decision);
}

function scoreCell(score) {
  const pct = Math.max(0, Math.min(100, Math.round(score * 100)));
  const bar = el("span", { class: "bar", "aria-hidden": "true" }, el("span", { style: null }));
  bar.firstChild.style.width = `${pct}%`;
  return el("td", { class: "num" }, el("span", { class: "score" }, score.toFixed(2)), bar);
}

function renderResult(container, response) {
  clear(container);
  for (const result of response.results) {
    const card = el("article", { class: "card", "aria-label": `Screening of ${result.order_id}` });
    card.append(el("div", { class: "result-head" },
      decisionBadge(result.decision),
      el("h2", {}, `Order ${result.order_id}`),
      el("span", { class: "meta" }, `screened ${when(result.screened_at)} · risk points ${Number(result.score).toFixed(0)} · config ${result.config_hash.slice(0, 8)}`)));
    if (result.reasons.length) {
      card.append(el("ul", { class: "reasons" }, result.reasons.map((r) =>
        el("li", {}, el("span", { class: `sev ${r.severity}` }, r.severity), r.text,
          r.authority ? el("span", { class: "muted" }, ` — ${r.authority}`) : null))));
    } else {
      card.append(el("p", { class: "muted" }, "No red flags."));
    }
    if (result.input_errors && result.input_errors.length) {
      card.append(el("h3", {}, "Input problems"), el("ul", {}, result.input_errors.map((e) => el("li", {}, e.message))));
    }
    card.append(el("h3", {}, `Party hits (${result.party_hits.length})`));
    if (!result.party_hits.length) {
      card.append(el("p", { class: "muted" }, "No listed party matched at or above the threshold."));
    } else {
      const rows = result.party_hits.map((hit) => {
        const open = el("button", { type: "button", class: "link", onclick: () => openHit(result, hit) }, hit.caption);
        return el("tr", { class: "clickable" },
          el("td", {}, hit.party_name, el("div", { class: "muted" }, hit.role)),
          el("td", {}, open, el("div", { class: "muted" }, hit.entity_id)),
          scoreCell(hit.score),
          el("td", {}, hit.list_version || hit.source),
          el("td", {}, (hit.programs || []).map((p) => el("span", { class: "pill" }, p))),
          el("td", { class: `status-${hit.status}` }, hit.status.replace(/_/g, " ")));
      });
      card.append(el("table", {},
        el("thead", {}, el("tr", {}, ["Party", "Listed entry", "Score", "List", "Programs", "Status"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, rows)));
    }
    if (result.goods_hits && result.goods_hits.length) {
      const goodsRows = result.goods_hits.map((g) => el("tr", {},
        el("td", {}, g.line), el("td", {}, g.list), el("td", {}, g.code || ""),
        el("td", {}, g.tier || ""), el("td", {}, g.reason)));
      card.append(el("h3", {}, `Goods hits (${result.goods_hits.length})`),
        el("table", {},
          el("thead", {}, el("tr", {}, ["Line", "List", "Code", "Tier", "Reason"].map((h) => el("th", { scope: "col" }, h)))),
          el("tbody", {}, goodsRows)));
    }
    container.append(card);
  }
}

// -- a hit, side by side with its list entry ---------------------------------------------

function featureTable(features) {
  return el("table", {},
    el("thead", {}, el("tr", {}, ["Feature", "Score", "Effect", "Why"].map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, features.map((f) => el("tr", {},
      el("td", {}, f.name),
      el("td", { class: "num" }, Number(f.score).toFixed(2)),
      el("td", { class: `num ${f.weight > 0 ? "feat-pos" : f.weight < 0 ? "feat-neg" : ""}` }, (f.weight >= 0 ? "+" : "") + Number(f.weight).toFixed(2)),
      el("td", {}, f.reason,
        f.query_value || f.candidate_value
          ? el("div", { class: "muted" }, `query: ${f.query_value ?? "—"} · list: ${f.candidate_value ?? "—"}`)
          : null)))));
}

function entryView(body) {
  const props = body.entity.properties || {};
  const origByValue = new Map();
  for (const s of body.statements) if (s.original_value) origByValue.set(`${s.prop}\u0000${s.value}`, s.original_value);
  const dl = el("dl", { class: "props" });
  for (const prop of Object.keys(props).sort()) {
    dl.append(el("dt", {}, prop));
    dl.append(el("dd", {}, props[prop].map((v, i) => {
      const orig = origByValue.get(`${prop}\u0000${v}`);
      return [i ? "; " : "", v, orig ? el("span", { class: "orig" }, ` (as published: ${orig})`) : null];
    })));
  }
  const p = body.provenance;
  const prov = el("dl", { class: "props" },
    el("dt", {}, "List"), el("dd", {}, p.title),
    el("dt", {}, "Version"), el("dd", {}, p.list_version),
    el("dt", {}, "Files"), el("dd", {}, p.files.join(", ")),
    el("dt", {}, "Checksum"), el("dd", {}, el("code", {}, p.checksum.slice(0, 16))),
    el("dt", {}, "Loaded"), el("dd", {}, when(p.loaded_at)));
  const sanctions = body.sanctions.map((s) => {
    const sp = s.properties || {};
    return el("li", {}, [sp.authority, sp.program, sp.listingDate].flat().filter(Boolean).join(" · ") || s.id);
  });
  return [
    el("p", {}, el("strong", {}, body.caption), el("span", { class: "muted" }, ` · ${body.entity.schema} · ${body.entity.id}`)),
    dl,
    sanctions.length ? [el("h3", {}, "Sanctions"), el("ul", {}, sanctions)] : null,
    el("h3", {}, "Provenance"), prov,
  ];
}

async function openHit(result, hit) {
  state.hit = { result, hit };
  $("hit-title").textContent = `${hit.party_name} ↔ ${hit.caption}`;
  const expl = clear($("hit-explanation"));
  expl.append(
    el("dl", { class: "names" },
      el("dt", {}, "Screened name"), el("dd", {}, hit.query_name || hit.party_name),
      el("dt", {}, "Listed name"), el("dd", {}, hit.matched_name || hit.caption),
      el("dt", {}, "Score"), el("dd", {}, `${Number(hit.score).toFixed(3)} (threshold ${Number(hit.threshold ?? 0).toFixed(2)}; OFAC-style ${Number(hit.ofac_score ?? 0).toFixed(2)})`),
      el("dt", {}, "Hit id"), el("dd", {}, el("code", {}, hit.hit_id))),
    featureTable(hit.features || []));
  const entry = clear($("hit-entry"));
  entry.append(el("p", { class: "muted" }, "Loading the list entry…"));
  renderReviewForm(hit);
  show("hit");
  try {
    const body = await api(`/entities/${encodeURIComponent(hit.entity_id)}`);
    clear(entry).append(...entryView(body).flat(2).filter(Boolean));
  } catch (err) {
    clear(entry).append(el("p", { class: "error" }, err instanceof ApiError ? err.describe() : String(err)));
  }
  loadReviews(hit.hit_id);
}

function renderReviewForm(hit) {
  const canReview = state.who && (state.who.role === "analyst" || state.who.role === "admin");
  $("review-form").hidden = !canReview;
  $("review-denied").hidden = canReview;
  $("review-form").reset();
  $("review-error").textContent = "";
  $("review-ok").textContent = "";
  $("review-form").dataset.hitId = hit.hit_id;
}

async function loadReviews(hitId) {
  const past = clear($("review-past"));
  try {
    const body = await api(`/reviews?hit_id=${encodeURIComponent(hitId)}`);
    if (!body.reviews.length) { past.append(el("p", { class: "muted" }, "Not reviewed yet.")); return; }
    past.append(el("ul", {}, body.reviews.map((r) => el("li", {},
      el("strong", { class: `status-reviewed_${r.verdict}` }, r.verdict.replace("_", " ")),
      ` by ${r.reviewed_by} on ${when(r.reviewed_at)}: `, r.reason))));
  } catch (err) {
    past.append(el("p", { class: "error" }, String(err.message)));
  }
}

// -- history -----------------------------------------------------------------------------

async function loadHistory() {
  const form = new FormData($("history-form"));
  const params = new URLSearchParams();
  for (const [k, v] of form.entries()) if (v) params.set(k, v);
  const target = clear($("history-table"));
  try {
    const body = await api(`/history?${params}`);
    if (!body.screenings.length) { target.append(el("p", { class: "muted" }, "No screenings stored yet.")); return; }
    target.append(el("table", {},
      el("thead", {}, el("tr", {}, ["Screened", "Order", "Decision", "Reasons", "Lists"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, body.screenings.map((s) => el("tr", {},
        el("td", { class: "when" }, when(s.screened_at)),
        el("td", {}, el("button", { type: "button", class: "link", onclick: () => openScreening(s.screening_id) }, s.order_id)),
        el("td", {}, decisionBadge(s.decision)),
        el("td", {}, s.reasons.map((r) => r.text).join("; ") || "—"),
        el("td", {}, s.list_versions.join(", ")))))));
  } catch (err) {
    target.append(el("p", { class: "error" }, err instanceof ApiError ? err.describe() : String(err)));
  }
}

async function openScreening(id) {
  const result = await api(`/history/${encodeURIComponent(id)}`);
  state.result = { results: [result] };
  renderResult($("result"), state.result);
  show("screen");
}

// -- wiring ------------------------------------------------------------------------------

function busy(form, on) { for (const b of form.querySelectorAll("button")) b.disabled = on; }

document.addEventListener("DOMContentLoaded", () => {
  for (const tab of document.querySelectorAll(".tab")) tab.addEventListener("click", () => show(tab.dataset.view));
  $("logout").addEventListener("click", () => logout());
  $("hit-back").addEventListener("click", () => { show("screen"); });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !$("view-hit").hidden) show("screen");
  });

  $("login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    $("login-error").textContent = "";
    try { await login($("api-key").value.trim()); $("api-key").value = ""; }
    catch (err) { state.key = ""; $("login-error").textContent = err instanceof ApiError ? err.describe() : String(err); }
  });

  $("party-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target; const data = new FormData(form);
    const body = { name: data.get("name"), schema: data.get("schema") };
    for (const k of ["country", "birth_date"]) if (data.get(k)) body[k] = data.get(k);
    if (data.get("identifier")) body.identifiers = [data.get("identifier")];
    $("screen-error").textContent = "";
    busy(form, true);
    try {
      state.result = await api("/screen/party", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      renderResult($("result"), state.result);
    } catch (err) {
      $("screen-error").textContent = err instanceof ApiError ? err.describe() : String(err);
    } finally { busy(form, false); }
  });

  $("upload-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target;
    $("upload-error").textContent = "";
    busy(form, true);
    try {
      const result = await api("/screen/file", { method: "POST", body: new FormData(form) });
      state.result = result;
      renderResult($("upload-result"), result);
      if (result.file_errors && result.file_errors.length) {
        $("upload-error").textContent = result.file_errors.map((x) => `${x.line ? "line " + x.line + ": " : ""}${x.message}`).join("\n");
      }
    } catch (err) {
      $("upload-error").textContent = err instanceof ApiError ? err.describe() : String(err);
    } finally { busy(form, false); }
  });

  $("history-form").addEventListener("submit", (e) => { e.preventDefault(); loadHistory(); });

  $("review-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target; const data = new FormData(form);
    $("review-error").textContent = ""; $("review-ok").textContent = "";
    busy(form, true);
    try {
      const body = await api("/reviews", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ hit_id: form.dataset.hitId, verdict: data.get("verdict"), reason: data.get("reason") }),
      });
      $("review-ok").textContent = `Recorded: ${body.review.verdict.replace("_", " ")} by ${body.review.reviewed_by}.`;
      form.reset();
      loadReviews(body.review.hit_id);
    } catch (err) {
      $("review-error").textContent = err instanceof ApiError ? err.describe() : String(err);
    } finally { busy(form, false); }
  });

  if (state.key) login(state.key).catch(() => logout());
  else show("login");
});
