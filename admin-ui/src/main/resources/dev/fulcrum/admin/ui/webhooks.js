// The webhooks section: each webhook with its last delivery, a form to add one, and per webhook "Send test event",
// its deliveries with every try, and Remove. Values from the API go in as text only.
import { api } from "./api.js";
import { $, el } from "./dom.js";

const rows = new Map(); // webhook id -> row elements
let page; // the app's error helpers
let shownDeliveries = null; // the webhook whose deliveries are listed

function attempt(a) {
  return `${a.error ?? a.status} · ${a.durationMs} ms`;
}

function lastDelivery(delivery) {
  if (!delivery) return "none yet";
  const last = delivery.attempts[delivery.attempts.length - 1];
  const tries = delivery.attempts.length === 1 ? "1 try" : `${delivery.attempts.length} tries`;
  return `${delivery.event} · ${delivery.state}` + (last ? ` (${attempt(last)}, ${tries})` : "");
}

function rowFor(webhook) {
  let row = rows.get(webhook.id);
  if (row) return row;
  const tr = el("tr", { "data-id": String(webhook.id) });
  const enabled = el("input", { type: "checkbox", "aria-label": "enabled" });
  const test = el("button", { type: "button", class: "secondary test", text: "Send test event" });
  const deliveries = el("button", { type: "button", class: "secondary deliveries", text: "Deliveries" });
  const remove = el("button", { type: "button", class: "danger", text: "Remove" });
  row = { tr, enabled, url: el("td", { class: "url" }), events: el("td"), signed: el("td"),
    last: el("td", { class: "delivery" }) };
  tr.append(row.url, row.events, row.signed, el("td", {}, enabled), row.last,
    el("td", { class: "actions" }, test, deliveries, remove));
  enabled.addEventListener("change", () => change(webhook.id, { enabled: enabled.checked }));
  test.addEventListener("click", () => sendTest(webhook.id));
  deliveries.addEventListener("click", () => showDeliveries(webhook.id, row.url.textContent));
  remove.addEventListener("click", () => removeWebhook(webhook.id, row.url.textContent));
  rows.set(webhook.id, row);
  return row;
}

export async function refreshWebhooks() {
  const webhooks = await api("/api/webhooks");
  const body = $("webhook-table").tBodies[0];
  const seen = new Set();
  for (const webhook of webhooks) {
    seen.add(webhook.id);
    const row = rowFor(webhook);
    row.url.textContent = webhook.url;
    row.events.textContent = webhook.events.join(", ");
    row.signed.textContent = webhook.secretSet ? "yes" : "no";
    if (document.activeElement !== row.enabled) row.enabled.checked = webhook.enabled;
    const latest = (await api(`/api/webhooks/${webhook.id}/deliveries?limit=1`)).items[0];
    row.last.textContent = lastDelivery(latest);
    row.last.className = "delivery " + (latest ? latest.state : "");
    if (row.tr.parentNode !== body) body.append(row.tr);
  }
  for (const [id, row] of rows) {
    if (!seen.has(id)) { row.tr.remove(); rows.delete(id); }
  }
  $("no-webhooks").hidden = webhooks.length > 0;
  if (shownDeliveries !== null && seen.has(shownDeliveries)) await listDeliveries(shownDeliveries);
}

async function change(id, changes) {
  try {
    await api(`/api/webhooks/${id}`, { method: "PATCH", body: changes });
    page.clearError();
  } catch (e) {
    page.showError(`Changing the webhook failed: ${e.message}`);
  }
  await refreshWebhooks().catch((e) => page.showError(e.message));
}

async function sendTest(id) {
  try {
    await api(`/api/webhooks/${id}/test`, { method: "POST" });
    page.clearError();
  } catch (e) {
    page.showError(`Sending a test event failed: ${e.message}`);
    return;
  }
  shownDeliveries = id;
  $("deliveries-url").textContent = rows.get(id)?.url.textContent ?? "";
  await refreshWebhooks().catch((e) => page.showError(e.message));
}

async function removeWebhook(id, url) {
  if (!window.confirm(`Remove the webhook to ${url}? Its pending deliveries are dropped.`)) return;
  try {
    await api(`/api/webhooks/${id}`, { method: "DELETE" });
    page.clearError();
  } catch (e) {
    page.showError(`Removing the webhook failed: ${e.message}`);
    return;
  }
  if (shownDeliveries === id) {
    shownDeliveries = null;
    $("deliveries").hidden = true;
  }
  await refreshWebhooks().catch((e) => page.showError(e.message));
}

async function showDeliveries(id, url) {
  shownDeliveries = id;
  $("deliveries-url").textContent = url;
  await listDeliveries(id).catch((e) => page.showError(e.message));
}

async function listDeliveries(id) {
  const deliveries = (await api(`/api/webhooks/${id}/deliveries?limit=20`)).items;
  $("deliveries").hidden = false;
  const list = $("delivery-list");
  list.replaceChildren(...deliveries.map((d) => el("li", {},
    el("time", { datetime: d.createdAt, text: new Date(d.createdAt).toLocaleString() }),
    el("span", { class: "delivery-state " + d.state, text: `${d.event} · ${d.state}` }),
    el("span", { text: (d.coalesced > 1 ? ` · ${d.coalesced} events coalesced` : "")
      + (d.nextAttemptAt ? ` · next try ${new Date(d.nextAttemptAt).toLocaleTimeString()}` : "") }),
    el("ol", { class: "attempts" }, ...d.attempts.map((a) => el("li", { text:
      `${new Date(a.at).toLocaleTimeString()}: ${attempt(a)}` }))))));
  if (deliveries.length === 0) list.replaceChildren(el("li", { text: "No deliveries yet." }));
}

async function addWebhook(event) {
  event.preventDefault();
  const form = event.target;
  page.clearFormErrors(form);
  const value = (name) => form.elements[name].value.trim();
  const body = { url: value("url") || null };
  if (value("events")) body.events = value("events").split(",").map((name) => name.trim()).filter(Boolean);
  if (value("secret")) body.secret = value("secret");
  try {
    await api("/api/webhooks", { method: "POST", body });
    page.clearError();
    form.reset();
    await refreshWebhooks();
  } catch (e) {
    page.showFormError(form, e, $("webhook-error"));
  }
}

export function initWebhooks(helpers) {
  page = helpers;
  $("webhook-form").addEventListener("submit", addWebhook);
}
