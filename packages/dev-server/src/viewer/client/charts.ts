/**
 * Small charts as plain SVG built with the DOM API (no library): a histogram of a numeric metric, a
 * true / false bar of a boolean one, and a sparkline of a metric over runs. Only numbers go into
 * attributes; labels are `<title>` text nodes.
 */
import { h } from "./dom";
import { formatDuration, formatNumber } from "./format";
import type { MetricDistribution, Percentiles, TrendPoint } from "./types";

const NS = "http://www.w3.org/2000/svg";

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, number | string>, title?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (title !== undefined) {
    const t = document.createElementNS(NS, "title");
    t.textContent = title;
    el.append(t);
  }
  return el;
}

function svgRoot(width: number, height: number, label: string, testid: string): SVGSVGElement {
  const svg = svgEl("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart", "data-testid": testid });
  svg.setAttribute("aria-label", label);
  return svg;
}

/** A histogram of a numeric distribution. */
export function histogramChart(d: Extract<MetricDistribution, { kind: "numeric" }>, width = 220, height = 54): SVGSVGElement {
  const svg = svgRoot(width, height, `histogram from ${formatNumber(d.min)} to ${formatNumber(d.max)}`, "histogram");
  const peak = Math.max(1, ...d.counts);
  const bins = Math.max(1, d.counts.length);
  const bw = width / bins;
  const step = (d.max - d.min) / bins;
  d.counts.forEach((count, i) => {
    const bh = count === 0 ? 0 : Math.max(2, (count / peak) * (height - 14));
    const lo = d.min + step * i;
    const label = bins === 1 ? `${formatNumber(d.min)}: ${count}` : `${formatNumber(lo)} – ${formatNumber(lo + step)}: ${count}`;
    svg.append(svgEl("rect", { x: i * bw + 1, y: height - 12 - bh, width: Math.max(1, bw - 2), height: bh, class: "bar", "data-count": count }, label));
  });
  svg.append(svgEl("line", { x1: 0, x2: width, y1: height - 12, y2: height - 12, class: "axis" }));
  const text = (x: number, anchor: string, value: string) => {
    const t = svgEl("text", { x, y: height - 1, "text-anchor": anchor, class: "chart-label" });
    t.textContent = value;
    return t;
  };
  svg.append(text(0, "start", formatNumber(d.min)), text(width, "end", formatNumber(d.max)));
  return svg;
}

/** A true (pass) / false (fail) bar of a boolean metric. */
export function passFailChart(passed: number, failed: number, width = 220): HTMLElement {
  const total = Math.max(1, passed + failed);
  const svg = svgRoot(width, 14, `${passed} passed, ${failed} failed`, "passfail");
  const pw = (passed / total) * width;
  svg.append(svgEl("rect", { x: 0, y: 0, width: pw, height: 14, class: "bar-pass" }, `${passed} true`));
  svg.append(svgEl("rect", { x: pw, y: 0, width: width - pw, height: 14, class: "bar-fail" }, `${failed} false`));
  return h("div", { class: "passfail" }, svg, h("div", { class: "card-sub" }, h("span", { class: "text-good" }, `${passed} true`), " · ", h("span", { class: failed > 0 ? "text-error" : "" }, `${failed} false`)));
}

/** The chart of a distribution. */
export function distributionChart(d: MetricDistribution): Node {
  return d.kind === "boolean" ? passFailChart(d.true_count, d.false_count) : histogramChart(d);
}

/** A sparkline of values over runs, the point of `currentRunId` marked. */
export function sparkline(points: readonly TrendPoint[], currentRunId: string, width = 96, height = 22): SVGSVGElement {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const svg = svgRoot(width, height, `trend over ${points.length} runs`, "sparkline");
  if (values.length === 0) return svg;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const x = (i: number) => (points.length === 1 ? width / 2 : 3 + (i / (points.length - 1)) * (width - 6));
  const y = (v: number) => (max === min ? height / 2 : height - 3 - ((v - min) / (max - min)) * (height - 6));
  const coords = points.flatMap((p, i) => (p.value === null || !Number.isFinite(p.value) ? [] : [`${x(i).toFixed(1)},${y(p.value).toFixed(1)}`]));
  svg.append(svgEl("polyline", { points: coords.join(" "), class: "spark-line" }));
  points.forEach((p, i) => {
    if (p.value === null || !Number.isFinite(p.value)) return;
    const current = p.run_id === currentRunId;
    svg.append(svgEl("circle", { cx: x(i), cy: y(p.value), r: current ? 2.8 : 1.4, class: current ? "spark-current" : "spark-dot" }, formatNumber(p.value)));
  });
  return svg;
}

/** Duration percentiles as a row of figures. */
export function percentilesView(p: Percentiles | null): HTMLElement {
  if (!p) return h("p", { class: "muted" }, "No durations recorded.");
  const item = (label: string, v: number) => h("div", { class: "pct", testid: `duration-${label}` }, h("div", { class: "pct-label" }, label), h("div", { class: "pct-value" }, formatDuration(v)));
  return h("div", { class: "pcts", testid: "durations" }, item("p50", p.p50), item("p90", p.p90), item("p95", p.p95), item("p99", p.p99), item("max", p.max), h("div", { class: "muted small" }, `over ${p.count} sessions`));
}
