// The instances section: the live Fulcrum instances sharing this database (one with H2), each with its version,
// start, last heartbeat and the revision of the configuration it routes by, flagged when it is behind (has not applied
// a revision committed more than 10 s ago); and, in a backend's history, the backend as each live instance sees it. Values go in as text only.

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

export function renderInstances(section, instances) {
  const rows = instances.map((instance) => {
    const tr = document.createElement("tr");
    tr.dataset.id = instance.id;
    tr.append(cell(instance.self ? `${instance.id} (this one)` : instance.id, "url"), cell(instance.version),
      cell(new Date(instance.startedAt).toLocaleString()), cell(`${instance.secondsSinceHeartbeat} s ago`),
      cell(instance.behind ? `${instance.revisionApplied} (behind)` : `${instance.revisionApplied}`,
        instance.behind ? "behind" : null));
    return tr;
  });
  section.querySelector("tbody").replaceChildren(...rows);
}

// One line per live instance: its state for the backend, its last probe, and its share of the window's checks.
export function renderSeenBy(list, seenBy, shares) {
  const uptime = new Map(shares.map((share) => [share.instance, share.uptimePercent]));
  const items = seenBy.map((seen) => {
    const li = document.createElement("li");
    li.dataset.instance = seen.instance;
    const state = seen.state === null ? "no state stored yet" : `${seen.state} since ${
      new Date(seen.since).toLocaleTimeString()}`;
    const check = seen.lastCheck === null ? "" : ` · last check ${new Date(seen.lastCheck).toLocaleTimeString()} ${
      seen.passed ? "passed" : "failed"}, ${seen.latencyMs} ms${seen.error ? `, ${seen.error}` : ""}`;
    const share = uptime.get(seen.instance);
    li.textContent = `${seen.instance}: ${state}${check}` + (share == null ? "" : ` · uptime ${share.toFixed(2)} %`);
    return li;
  });
  if (items.length === 0) {
    const li = document.createElement("li");
    li.textContent = "No live instance has reported this backend yet.";
    items.push(li);
  }
  list.replaceChildren(...items);
}
