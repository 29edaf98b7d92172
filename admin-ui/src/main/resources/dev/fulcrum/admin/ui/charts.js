// The page's charts, drawn by uPlot (served from its WebJar): a time axis and a value axis with units, a legend whose
// values follow the pointer, and marks on the time axis (failed checks, state changes). Each chart follows its box's
// width, so it keeps its look at phone width. This module only says what to draw; uPlot draws it.
import uPlot from "/vendor/uplot/dist/uPlot.esm.js";

const STYLE = getComputedStyle(document.documentElement);
const color = (name) => STYLE.getPropertyValue(name).trim();

const charts = new WeakMap(); // element -> { plot, marks }

// A number as a tick or legend value: no more digits than it needs.
function figure(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : abs >= 1 ? value.toFixed(2)
    : value === 0 ? "0" : value.toPrecision(2);
}

function withUnit(value, unit) {
  const text = figure(value);
  return text === "–" ? text : `${text} ${unit}`;
}

// Tick spacings on the time axis, in seconds: whole seconds at least, so no two ticks read the same.
const TIME_INCREMENTS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
  172800, 604800];

// A tick's label: the time of day (24-hour, seconds when ticks are under a minute apart), with the date when the
// chart spans more than a day, or the date alone when ticks are days apart.
function timeLabel(t, step, span) {
  const date = new Date(t * 1000);
  if (step >= 86400) return date.toLocaleDateString([], { month: "short", day: "numeric" });
  const time = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit",
    second: step < 60 ? "2-digit" : undefined, hourCycle: "h23" });
  return span > 86400 ? `${date.toLocaleDateString([], { month: "short", day: "numeric" })} ${time}` : time;
}

function size(el, height) {
  return { width: Math.max(120, el.clientWidth), height };
}

// Marks along the time axis: a short coloured tick per failed check, a dashed line across the plot per state change.
function drawMarks(u, marks) {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  for (const mark of marks) {
    const x = Math.round(u.valToPos(mark.t, "x", true));
    if (x < left || x > left + width) continue;
    ctx.strokeStyle = mark.color;
    if (mark.kind === "change") {
      ctx.lineWidth = uPlot.pxRatio;
      ctx.setLineDash([4 * uPlot.pxRatio, 3 * uPlot.pxRatio]);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      ctx.setLineDash([]);
    } else {
      ctx.lineWidth = 2 * uPlot.pxRatio;
      ctx.beginPath();
      ctx.moveTo(x, top + height - 8 * uPlot.pxRatio);
      ctx.lineTo(x, top + height);
      ctx.stroke();
    }
  }
  ctx.restore();
}

// series: [{ label, unit, color, scale?, points? }]; the first scale is the left axis, a second one the right axis.
// spanOf(): the seconds the time axis covers while there are too few points to span it (a new backend's first
// moments).
function options(el, title, series, height, spanOf) {
  const scales = [...new Set(series.map((s) => s.scale ?? "y"))];
  const units = Object.fromEntries(series.map((s) => [s.scale ?? "y", s.unit]));
  const recorded = (name) => (u, splits) => {
    const values = splits.map((v) => withUnit(v, units[name]));
    el.dataset[name + "Ticks"] = values.join(" | ");
    return values;
  };
  return {
    title,
    ...size(el, height),
    scales: {
      x: { time: true, range: (u, min, max) => min == null || max == null || min === max
        ? [(max ?? Date.now() / 1000) - spanOf(), max ?? Date.now() / 1000] : [min, max] },
      ...Object.fromEntries(scales.map((name) => [name, { range: (u, min, max) =>
        [0, Math.max(max ?? 0, name === "ms" ? 1 : 0.5) * 1.1] }])),
    },
    series: [
      { label: "time", value: (u, t) => t === null ? "–" : new Date(t * 1000).toLocaleString([], { month: "short",
        day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }) },
      ...series.map((s) => ({
        label: s.label,
        scale: s.scale ?? "y",
        stroke: s.color,
        width: s.points ? 0 : 1.5,
        spanGaps: false,
        paths: s.points ? () => null : undefined,
        points: s.points ? { show: true, size: 6, fill: s.color, stroke: s.color } : { show: false },
        value: (u, v) => withUnit(v, s.unit),
      })),
    ],
    axes: [
      { stroke: color("--muted"), grid: { stroke: color("--line") }, ticks: { stroke: color("--line") }, space: 80,
        incrs: TIME_INCREMENTS,
        values: (u, splits) => {
          const step = splits.length > 1 ? splits[1] - splits[0] : 60;
          const values = splits.map((t) => timeLabel(t, step, u.scales.x.max - u.scales.x.min));
          el.dataset.xTicks = values.join(" | ");
          return values;
        } },
      ...scales.map((name, i) => ({
        scale: name, side: i === 0 ? 3 : 1, size: 64, stroke: color("--muted"),
        grid: { show: i === 0, stroke: color("--line") }, ticks: { stroke: color("--line") },
        values: recorded(name),
      })),
    ],
    legend: { live: true },
    cursor: { points: { size: 7 } },
  };
}

/**
 * Draws (or redraws with new data) a time chart in `el`.
 * times: seconds since the epoch; columns: one array per series, aligned with times (null where there is no value);
 * marks: [{ t, kind: "failed" | "change", color }].
 */
export function timeChart(el, { title, series, times, columns, marks = [], height = 180, span = 300 }) {
  let chart = charts.get(el);
  const data = [times, ...columns];
  if (!chart) {
    chart = { marks, span };
    const opts = options(el, title, series, height, () => chart.span);
    opts.hooks = { draw: [(u) => drawMarks(u, chart.marks)] };
    el.replaceChildren();
    chart.plot = new uPlot(opts, data, el);
    new ResizeObserver(() => chart.plot.setSize(size(el, height))).observe(el);
    charts.set(el, chart);
  } else {
    chart.marks = marks;
    chart.span = span;
    chart.plot.setData(data);
  }
  el.dataset.points = String(times.length);
  el.dataset.marks = String(marks.length);
  return chart.plot;
}

/** A line without axes or legend, for a table cell. */
export function sparkline(el, values) {
  let chart = charts.get(el);
  const data = [values.map((_, i) => i), values];
  if (!chart) {
    chart = {
      plot: new uPlot({
        width: 90, height: 22, legend: { show: false }, cursor: { show: false }, select: { show: false },
        scales: { x: { time: false }, y: { range: (u, min, max) => [0, Math.max(1, max ?? 1)] } },
        axes: [{ show: false }, { show: false }],
        series: [{}, { stroke: color("--accent"), width: 1.5, points: { show: false } }],
      }, data, el),
    };
    charts.set(el, chart);
  } else {
    chart.plot.setData(data);
  }
  el.dataset.points = String(values.length);
}

export const SERIES_COLORS = { requests: color("--accent"), errors: color("--down"), latency: color("--ejected"),
  failed: color("--down") };

/** The colour a state change is marked in: the colour of the state it went to. */
export function stateColor(state) {
  return color("--" + state) || color("--muted");
}
