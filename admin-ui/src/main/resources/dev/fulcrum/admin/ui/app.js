// Fulcrum admin page. Every value that comes from the API is put in the page as text (textContent, attributes set
// through the DOM), never parsed as HTML, so a hostile value shows its characters and runs nothing.
import { api, ApiError, setToken } from "./api.js";
import { SERIES_COLORS, sparkline, stateColor, timeChart } from "./charts.js";
import { renderCertificates } from "./certificates.js";
import { $, el } from "./dom.js";
import { olderChanges, onChanges, refreshChanges } from "./changes.js";
import { renderInstances, renderSeenBy } from "./instances.js";
import { initWebhooks, refreshWebhooks } from "./webhooks.js";

const REFRESH_MS = 2000;
const SUMMARY_EVERY = 5; // refreshes between uptime/sparkline reloads

const rows = new Map(); // backend id -> row elements
let refreshes = 0;
let historyId = null;
let historyWindow = "1h";
let settingsEdited = false; // the balancing form holds changes not applied yet: refreshes leave it alone

// The status line says how the last refresh went and is rewritten by the next one. An error from something the
// user did goes to the alert instead, which stays until the user dismisses it or their next action succeeds.
function status(text, isError = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", isError);
}

function showError(message) {
  $("alert-text").textContent = message;
  $("alert").hidden = false;
}

// Dismissed, or made stale by an action that succeeded.
function clearError() {
  $("alert").hidden = true;
  $("alert-text").textContent = "";
}

// A fragment is whatever the user typed after '#': it need not be valid percent-encoding ("#%").
function decodedHash() {
  try {
    return decodeURIComponent(location.hash);
  } catch {
    return location.hash;
  }
}

function stateOf(backend) {
  if (!backend.enabled) return "disabled";
  if (backend.draining) return backend.inFlight > 0 ? "draining" : "drained";
  return backend.health;
}

function formatTime(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : "never";
}

// ---------------------------------------------------------------- backends table

function rowFor(backend) {
  let row = rows.get(backend.id);
  if (row) return row;
  const tr = el("tr", { "data-id": String(backend.id) });
  const nameLink = el("a", { href: "#backend/" + backend.id, class: "name" });
  const weight = el("input", { class: "weight", inputmode: "numeric", "aria-label": "weight" });
  const weightError = el("p", { class: "field-error", role: "alert" });
  const enabled = el("input", { type: "checkbox", "aria-label": "enabled" });
  const badge = el("span", { class: "badge" });
  const drain = el("button", { type: "button", class: "secondary drain", text: "Drain" });
  const remove = el("button", { type: "button", class: "danger", text: "Remove" });
  const spark = el("div", { class: "spark", "aria-hidden": "true" });
  row = {
    tr, nameLink, weight, weightError, enabled, badge, drain, remove, spark,
    url: el("td", { class: "url" }), inFlight: el("td", { class: "number in-flight" }),
    share: el("td", { class: "number share" }), rps: el("td", { class: "number rps" }),
    codes: el("td", { class: "number codes" }), latency: el("td", { class: "number latency" }),
    retries: el("td", { class: "number retries" }), lastCheck: el("td", { class: "last-check" }), uptime: el("td"),
  };
  tr.append(el("td", {}, nameLink), row.url, el("td", {}, weight, weightError), el("td", {}, enabled),
    el("td", {}, badge), row.inFlight, row.share, row.rps, row.codes, row.latency, row.retries, row.lastCheck,
    row.uptime, el("td", { class: "spark-cell" }, spark), el("td", { class: "actions" }, drain, remove));

  weight.addEventListener("change", () => {
    const text = weight.value.trim();
    if (text === "") return; // an emptied box is not a weight; the next refresh shows the stored one again
    patch(backend.id, { weight: /^\d+$/.test(text) ? Number(text) : text }, weightError, weight);
  });
  weight.addEventListener("keydown", (e) => { if (e.key === "Enter") weight.blur(); });
  enabled.addEventListener("change", () => patch(backend.id, { enabled: enabled.checked }, weightError));
  drain.addEventListener("click", () => patch(backend.id, { draining: !row.backend.draining }, weightError));
  remove.addEventListener("click", () => removeBackend(backend.id, nameLink.textContent));
  rows.set(backend.id, row);
  return row;
}

function renderBackends(backends) {
  const body = $("backends").tBodies[0];
  const seen = new Set();
  const lastMinute = backends.reduce((n, b) => n + b.requestsLastMinute, 0);
  for (const backend of backends) {
    seen.add(backend.id);
    const row = rowFor(backend);
    row.backend = backend;
    row.nameLink.textContent = backend.name;
    row.remove.setAttribute("aria-label", "remove " + backend.name);
    row.url.textContent = backend.url;
    if (document.activeElement !== row.weight) row.weight.value = String(backend.weight);
    if (document.activeElement !== row.enabled) row.enabled.checked = backend.enabled;
    const state = stateOf(backend);
    row.badge.textContent = state;
    row.badge.className = "badge " + state;
    row.inFlight.textContent = String(backend.inFlight);
    row.share.textContent = lastMinute === 0 ? "–" : (backend.requestsLastMinute * 100 / lastMinute).toFixed(0) + " %";
    renderMinute(row, backend.lastMinute);
    row.drain.textContent = backend.draining ? "Undrain" : "Drain";
    row.drain.setAttribute("aria-label", (backend.draining ? "undrain " : "drain ") + backend.name);
    row.lastCheck.textContent = backend.lastCheck
      ? formatTime(backend.lastCheck) + " · " + backend.latencyMs + " ms" : "never";
    if (row.tr.parentNode !== body) body.append(row.tr);
  }
  for (const [id, row] of rows) {
    if (!seen.has(id)) { row.tr.remove(); rows.delete(id); }
  }
  $("no-backends").hidden = backends.length > 0;
}

// The last minute of the client requests a backend answered: rate, status classes, latency percentiles, retries.
function renderMinute(row, minute) {
  row.rps.textContent = minute.requestsPerSecond.toFixed(minute.requestsPerSecond < 10 ? 2 : 1);
  row.codes.replaceChildren(...[minute.status2xx, minute.status3xx, minute.status4xx, minute.status5xx]
    .flatMap((n, i) => [...(i === 0 ? [] : [" / "]), el("span", { class: "c" + (i + 2), text: String(n) })]));
  row.codes.title = "answers in the last minute by status class: 2xx / 3xx / 4xx / 5xx";
  row.latency.textContent = minute.p50Ms === null ? "–"
    : [minute.p50Ms, minute.p95Ms, minute.p99Ms].map((ms) => ms.toFixed(ms < 10 ? 1 : 0)).join(" / ");
  row.retries.textContent = String(minute.retries);
}

async function refreshSummaries() {
  for (const [id, row] of rows) {
    try {
      const [summary, health] = await Promise.all([
        api(`/api/backends/${id}/summary?window=24h`),
        api(`/api/backends/${id}/health?limit=30`),
      ]);
      row.uptime.textContent = summary.uptimePercent === null ? "–" : summary.uptimePercent.toFixed(2) + " %";
      sparkline(row.spark, health.items.slice().reverse().map((c) => c.latencyMs));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
  }
}

async function patch(id, changes, errorNode, input) {
  errorNode.textContent = "";
  input?.removeAttribute("aria-invalid");
  try {
    await api(`/api/backends/${id}`, { method: "PATCH", body: changes });
  } catch (e) {
    errorNode.textContent = e.message;
    input?.setAttribute("aria-invalid", "true");
    return;
  }
  clearError();
  await refresh().catch((e) => status(e.message, true));
}

async function removeBackend(id, name) {
  if (!window.confirm(`Remove backend ${name}? It gets no new requests; requests in flight finish.`)) return;
  try {
    await api(`/api/backends/${id}`, { method: "DELETE" });
  } catch (e) {
    showError(`Removing ${name} failed: ${e.message}`);
    return;
  }
  clearError();
  if (historyId === id) closeHistory();
  await refresh().catch((e) => status(e.message, true));
}

// ---------------------------------------------------------------- forms

function clearFormErrors(form) {
  for (const node of form.querySelectorAll(".field-error")) node.textContent = "";
  for (const input of form.querySelectorAll("input, select")) input.removeAttribute("aria-invalid");
}

// The API's error next to the field it names, or in the form's own error line when it names none.
function showFormError(form, e, errorLine) {
  const slot = e.field && form.querySelector(`.field-error[data-field="${CSS.escape(e.field)}"]`);
  if (slot) {
    slot.textContent = e.message;
    form.elements[e.field]?.setAttribute("aria-invalid", "true");
    form.elements[e.field]?.focus();
  } else {
    errorLine.textContent = e.message;
  }
}

// ---------------------------------------------------------------- balancing settings

function renderSettings(settings) {
  if (settingsEdited) return;
  const form = $("settings-form");
  form.elements.algorithm.value = settings.algorithm;
  form.elements.hashOn.value = settings.hashOn ?? "";
  form.elements.stickyCookie.value = settings.stickyCookie ?? "";
  form.elements.slowStart.value = settings.slowStart ?? "";
}

async function applySettings(event) {
  event.preventDefault();
  const form = event.target;
  clearFormErrors(form);
  const value = (name) => form.elements[name].value.trim() || null;
  const body = { algorithm: value("algorithm"), hashOn: value("hashOn"), stickyCookie: value("stickyCookie"),
    slowStart: value("slowStart") };
  try {
    const stored = await api("/api/settings", { method: "PATCH", body });
    settingsEdited = false;
    clearError();
    renderSettings(stored);
  } catch (e) {
    showFormError(form, e, $("settings-error"));
  }
}

// ---------------------------------------------------------------- add form

async function addBackend(event) {
  event.preventDefault();
  const form = event.target;
  clearFormErrors(form);
  const value = (name) => form.elements[name].value.trim();
  const body = {};
  if (value("url")) body.url = value("url");
  if (value("host")) body.host = value("host");
  if (value("port")) body.port = value("port");
  if (value("name")) body.name = value("name");
  if (value("weight")) body.weight = /^-?\d+$/.test(value("weight")) ? Number(value("weight")) : value("weight");
  try {
    await api("/api/backends", { method: "POST", body });
    clearError();
    form.reset();
    form.elements.url.focus();
    await refresh().catch((e) => status(e.message, true));
  } catch (e) {
    showFormError(form, e, $("add-error"));
  }
}

// ---------------------------------------------------------------- history view

const WINDOW_MS = { "1h": 3600e3, "24h": 86400e3, "7d": 7 * 86400e3, "30d": 30 * 86400e3 };

async function openHistory(id) {
  historyId = id;
  $("history").hidden = false;
  $("probe-result").hidden = true;
  await loadHistory();
  $("history").scrollIntoView({ block: "nearest" });
}

function closeHistory() {
  historyId = null;
  $("history").hidden = true;
  if (location.hash) history.replaceState(null, "", location.pathname);
}

async function loadHistory() {
  const id = historyId;
  for (const button of document.querySelectorAll("button.window")) {
    button.setAttribute("aria-pressed", String(button.dataset.window === historyWindow));
  }
  const from = new Date(Date.now() - WINDOW_MS[historyWindow]).toISOString();
  const [backend, summary, health, events, seenBy] = await Promise.all([
    api(`/api/backends/${id}`),
    api(`/api/backends/${id}/summary?window=${historyWindow}`),
    api(`/api/backends/${id}/health?from=${encodeURIComponent(from)}&limit=10000`),
    api(`/api/events?backend=${id}&limit=50`),
    api(`/api/backends/${id}/instances`),
  ]);
  if (historyId !== id) return;
  $("history-name").textContent = backend.name;
  $("history-summary").textContent = summary.checks === 0 ? "No checks in this window yet."
    : `Uptime ${summary.uptimePercent.toFixed(2)} % · ${summary.checks} checks, ${summary.failures} failed · ` +
      `p50 ${summary.p50LatencyMs} ms, p95 ${summary.p95LatencyMs} ms · ${summary.transitions} state changes` +
      (summary.lastChange ? ` · last change ${formatTime(summary.lastChange)}` : "");
  renderSeenBy($("seen-by"), seenBy, summary.instances);
  const items = health.items.slice().reverse();
  const raw = health.resolution === "raw";
  const times = items.map((item) => Date.parse(raw ? item.checkedAt : item.minute) / 1000);
  const latency = items.map((item) => raw ? item.latencyMs : item.avgLatencyMs);
  const failed = items.map((item, i) => (raw ? !item.passed : item.failures > 0) ? latency[i] : null);
  const marks = times.filter((t, i) => failed[i] !== null).map((t) => ({ t, kind: "failed",
    color: SERIES_COLORS.failed }));
  for (const e of events.items) {
    marks.push({ t: Date.parse(e.at) / 1000, kind: "change", color: stateColor(e.to) });
  }
  timeChart($("history-chart"), {
    series: [
      { label: raw ? "probe latency" : "probe latency, minute average", unit: "ms", color: SERIES_COLORS.requests,
        scale: "ms" },
      { label: "failed check", unit: "ms", color: SERIES_COLORS.failed, scale: "ms", points: true },
    ],
    times, columns: [latency, failed], marks, span: WINDOW_MS[historyWindow] / 1000,
  });
  await loadBackendTraffic(id);
  const list = $("events");
  list.replaceChildren(...events.items.map((e) => el("li", {},
    el("time", { datetime: e.at, text: new Date(e.at).toLocaleString() }),
    el("span", { text: `${e.from} → ${e.to}: ${e.reason}` + (e.instance ? ` · ${e.instance}` : "") }))));
  if (events.items.length === 0) list.replaceChildren(el("li", { text: "No state changes yet." }));
}

// One backend's client traffic over the last five minutes, next to its probes.
async function loadBackendTraffic(id) {
  const traffic = await api(`/api/backends/${id}/traffic`);
  if (historyId !== id) return;
  const steps = traffic.items;
  timeChart($("backend-traffic-chart"), {
    series: [
      { label: "requests", unit: "/s", color: SERIES_COLORS.requests },
      { label: "5xx", unit: "/s", color: SERIES_COLORS.errors },
      { label: "p95 latency", unit: "ms", color: SERIES_COLORS.latency, scale: "ms" },
    ],
    times: steps.map((s) => Date.parse(s.at) / 1000),
    columns: [steps.map((s) => s.requestsPerSecond), steps.map((s) => s.errorsPerSecond),
      steps.map((s) => s.p95Ms)],
  });
}

async function probeNow() {
  const result = await api(`/api/backends/${historyId}/probe`, { method: "POST" });
  clearError();
  $("probe-result").hidden = false;
  $("probe-line").textContent = (result.passed ? "passed" : "failed") + ` · status ${result.status} · ` +
    `${result.latencyMs} ms` + (result.error ? ` · ${result.error}` : "");
  $("probe-body").textContent = result.body;
}

function route() {
  const match = /^#backend\/(\d+)$/.exec(location.hash);
  if (match) {
    openHistory(Number(match[1])).catch((e) => showError(e.message));
  } else if (location.hash) {
    showError("Nothing to show for " + decodedHash());
  }
}

// ---------------------------------------------------------------- traffic

async function refreshTraffic() {
  const stats = await api("/api/stats");
  const last = stats.seconds.slice(-5);
  const requests = last.reduce((n, s) => n + s.requests, 0);
  const errors = last.reduce((n, s) => n + s.errors, 0);
  $("rps").textContent = (requests / Math.max(1, last.length)).toFixed(1);
  $("error-rate").textContent = requests === 0 ? "0 %" : (errors * 100 / requests).toFixed(1) + " %";
  timeChart($("traffic-chart"), {
    series: [
      { label: "requests", unit: "/s", color: SERIES_COLORS.requests },
      { label: "5xx", unit: "/s", color: SERIES_COLORS.errors },
    ],
    times: stats.seconds.map((s) => s.epochSecond),
    columns: [stats.seconds.map((s) => s.requests), stats.seconds.map((s) => s.errors)],
    height: 160,
  });
}

// ---------------------------------------------------------------- refresh loop

async function refresh() {
  const backends = await api("/api/backends");
  renderBackends(backends);
  renderSettings(await api("/api/settings"));
  await refreshChanges($("changes"));
  if (refreshes++ % SUMMARY_EVERY === 0) {
    await refreshSummaries();
    renderCertificates($("certificates"), (await api("/api/tls")).certificates);
    renderInstances($("instances"), await api("/api/instances"));
  }
  await refreshTraffic();
  // A backend removed elsewhere keeps its history open (the user closes it); its traffic chart just stops.
  if (rows.has(historyId)) await loadBackendTraffic(historyId);
  await refreshWebhooks();
  status("Updated " + new Date().toLocaleTimeString());
}

async function tick() {
  try {
    await refresh();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) showTokenPanel(e.message);
    else status(e.message, true);
  } finally {
    setTimeout(tick, REFRESH_MS);
  }
}

function showTokenPanel(message) {
  $("token-panel").hidden = false;
  if (message && sessionStorage.getItem("fulcrum-token")) $("token-error").textContent = "Wrong token: " + message;
  status("Admin token needed", true);
}

document.addEventListener("DOMContentLoaded", () => {
  $("add-form").addEventListener("submit", addBackend);
  $("settings-form").addEventListener("submit", applySettings);
  $("settings-form").addEventListener("input", () => { settingsEdited = true; });
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    setToken($("token-input").value);
    $("token-error").textContent = "";
    $("token-panel").hidden = true;
    refresh().catch((e) => {
      if (e instanceof ApiError && e.status === 401) showTokenPanel(e.message);
    });
  });
  for (const button of document.querySelectorAll("button.window")) {
    button.addEventListener("click", () => {
      historyWindow = button.dataset.window;
      loadHistory().then(clearError, (e) => showError(e.message));
    });
  }
  $("probe-now").addEventListener("click", () => probeNow().catch((e) => showError("Probe failed: " + e.message)));
  $("history-close").addEventListener("click", closeHistory);
  $("alert-dismiss").addEventListener("click", clearError);
  initWebhooks({ showError, clearError, showFormError, clearFormErrors });
  onChanges(async () => {
    clearError();
    await refresh().catch((e) => status(e.message, true));
  }, showError);
  $("revisions-more").addEventListener("click", () => olderChanges($("changes")).catch((e) => showError(e.message)));
  window.addEventListener("hashchange", route);
  tick();
  route();
});
