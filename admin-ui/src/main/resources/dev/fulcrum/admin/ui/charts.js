// Small SVG charts drawn with DOM calls only: a line with a point per value, shaded bands where checks failed, and
// a sparkline. Enough for latency and traffic, with nothing to download.
const SVG = "http://www.w3.org/2000/svg";

function node(tag, attrs) {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  return n;
}

function size(svg) {
  const [, , w, h] = svg.getAttribute("viewBox").split(" ").map(Number);
  return { w, h };
}

// points: [{t, v, bad?, e?}] in time order
export function lineChart(svg, points, { from, to, bands = false, errors = false } = {}) {
  const { w, h } = size(svg);
  svg.replaceChildren();
  if (points.length === 0) {
    const text = node("text", { x: w / 2, y: h / 2, "text-anchor": "middle", fill: "#5b6478", "font-size": 12 });
    text.textContent = "no data yet";
    svg.append(text);
    svg.dataset.points = "0";
    return;
  }
  // The axis starts where the data starts if that is later than the window's start, so a new backend's first
  // minutes fill the chart instead of a sliver at its right edge.
  const t0 = Math.max(from ?? points[0].t, points[0].t);
  const t1 = Math.max(to ?? points[points.length - 1].t, t0 + 1);
  const max = Math.max(1, ...points.map((p) => p.v));
  const x = (t) => ((t - t0) / (t1 - t0)) * (w - 8) + 4;
  const y = (v) => h - 4 - (v / max) * (h - 12);
  if (bands) {
    const width = Math.max(2, (w - 8) / Math.max(points.length, 60));
    for (const p of points) {
      if (p.bad) svg.append(node("rect", { class: "down-band", x: x(p.t) - width / 2, y: 0, width, height: h }));
    }
  }
  svg.append(node("path", { class: "line", d: points.map((p, i) => `${i ? "L" : "M"}${x(p.t)},${y(p.v)}`).join(" ") }));
  if (errors) {
    svg.append(node("path", { class: "error-line",
      d: points.map((p, i) => `${i ? "L" : "M"}${x(p.t)},${y(p.e ?? 0)}`).join(" ") }));
  }
  if (points.length <= 400) {
    for (const p of points) svg.append(node("circle", { class: "point", cx: x(p.t), cy: y(p.v), r: 1.6 }));
  }
  svg.dataset.max = String(Math.round(max));
  svg.dataset.points = String(points.length);
}

export function sparkline(svg, values) {
  const { w, h } = size(svg);
  svg.replaceChildren();
  if (values.length < 2) return;
  const max = Math.max(1, ...values);
  const step = (w - 2) / (values.length - 1);
  svg.append(node("path", { class: "line",
    d: values.map((v, i) => `${i ? "L" : "M"}${1 + i * step},${h - 1 - (v / max) * (h - 2)}`).join(" ") }));
  svg.dataset.points = String(values.length);
}
