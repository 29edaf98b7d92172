// The Changes section: every revision of the configuration, newest first, with who made it, from where, and the
// diff of each item it touched; Revert (the inverse of one change, as a new change) and Restore (the whole
// configuration as right after a change) each ask before they act. Values go in as text only.
import { api, ApiError } from "./api.js";
import { el } from "./dom.js";

const PAGE = 20;
const shown = new Map(); // revision number -> list item
let next = null; // the cursor of the page older than those shown; null when none is left
let hooks = { changed: async () => {}, error: () => {} };

function value(item, field) {
  if (!item) return "—";
  const v = item[field];
  return v === null || v === undefined ? "none" : String(v);
}

function label(change) {
  return change.kind === "settings" ? "settings" : `${change.kind} ${change.name ?? change.id}`;
}

// One row per field that differs: the item, the field, before and after.
function diffTable(revision) {
  const rows = [];
  for (const change of revision.changes) {
    const what = change.before === null ? "added" : change.after === null ? "removed" : "changed";
    change.fields.forEach((field, i) => rows.push(el("tr", { class: what },
      el("td", { text: i === 0 ? `${label(change)} (${what})` : "" }), el("td", { text: field }),
      el("td", { class: "before", text: value(change.before, field) }),
      el("td", { class: "after", text: value(change.after, field) }))));
  }
  return el("table", { class: "diff" },
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Item" }), el("th", { scope: "col", text: "Field" }),
      el("th", { scope: "col", text: "Before" }), el("th", { scope: "col", text: "After" }))),
    el("tbody", {}, ...rows));
}

function item(revision) {
  const at = new Date(revision.at);
  return el("li", { class: "revision", "data-revision": String(revision.revision) },
    el("div", { class: "revision-head" },
      el("span", { class: "revision-number", text: "#" + revision.revision }),
      el("time", { datetime: revision.at, text: at.toLocaleString() }),
      el("span", { class: "author", text: revision.author + (revision.client ? " · " + revision.client : "") }),
      el("span", { class: "summary", text: revision.summary }),
      el("span", { class: "revision-actions" },
        el("button", { type: "button", class: "secondary revert", text: "Revert",
          "aria-label": "revert revision " + revision.revision, onclick: () => revert(revision) }),
        el("button", { type: "button", class: "secondary restore", text: "Restore",
          "aria-label": "restore revision " + revision.revision, onclick: () => restore(revision) }))),
    diffTable(revision));
}

async function revert(revision) {
  const n = revision.revision;
  if (!window.confirm(`Revert revision ${n}?\n\n${revision.summary}\n\nIts inverse is applied as a new change.`)) return;
  try {
    await api(`/api/revisions/${n}/revert`, { method: "POST" });
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 409)) return hooks.error(`Reverting revision ${n} failed: ${e.message}`);
    // A 409 is a later change to the same item, or a webhook secret that cannot come back: the message says which.
    if (!window.confirm(`${e.message}\n\nRevert anyway?`)) {
      return hooks.error(`Revision ${n} was not reverted: ${e.message}`);
    }
    try {
      await api(`/api/revisions/${n}/revert?force=true`, { method: "POST" });
    } catch (again) {
      return hooks.error(`Reverting revision ${n} failed: ${again.message}`);
    }
  }
  await hooks.changed();
}

async function restore(revision) {
  const n = revision.revision;
  if (!window.confirm(`Restore the whole configuration to how it was right after revision ${n}?\n\n` +
      "Every later change is undone, as one new change.")) return;
  try {
    await api(`/api/revisions/${n}/restore`, { method: "POST" });
  } catch (e) {
    return hooks.error(`Restoring revision ${n} failed: ${e.message}`);
  }
  await hooks.changed();
}

// What to do after a change succeeded (refresh everything) and with an error (show it until dismissed).
export function onChanges(changed, error) {
  hooks = { changed, error };
}

function show(section, revisions, where) {
  const list = section.querySelector("ol");
  for (const revision of revisions) {
    if (shown.has(revision.revision)) continue;
    const li = item(revision);
    shown.set(revision.revision, li);
    if (where === "top") list.prepend(li);
    else list.append(li);
  }
  section.querySelector("#revisions-more").hidden = next === null;
  section.querySelector("#no-revisions").hidden = shown.size > 0;
}

// Puts the revisions made since the last refresh at the top, however many pages they fill; the first refresh shows
// the newest page and remembers where the older ones start.
export async function refreshChanges(section) {
  const first = shown.size === 0;
  const fresh = [];
  let page = await api(`/api/revisions?limit=${PAGE}`);
  for (;;) {
    const unseen = page.items.filter((r) => !shown.has(r.revision));
    fresh.push(...unseen);
    if (first || unseen.length < page.items.length || page.next === null) break;
    page = await api(`/api/revisions?limit=${PAGE}&before=${page.next}`);
  }
  if (first) next = page.next;
  show(section, fresh.reverse(), "top");
}

export async function olderChanges(section) {
  if (next === null) return;
  const page = await api(`/api/revisions?limit=${PAGE}&before=${next}`);
  next = page.next;
  show(section, page.items, "bottom");
}
