// The full report's text (`npm run bench:ab -- --full`): the table of the performance goals (figure | goal | base |
// head | change) and the BENCH block of docs/guide/performance.md. Pure functions: test/bench/ab-full-report.test.ts.
import { compare, median } from "./stats.mjs";

/**
 * The rows, in the performance page's order: a figure id (group.key, as in bench/out/ab.json), the row's text, its goal and
 * the unit its cells are written in.
 * Rows of a group that did not run say why (`notes`, by group id) or "not measured in this run".
 */
export const FULL_ROWS = [
  { id: "cpu.sync", figure: "CPU per span, all-in, ÷ raw OpenTelemetry: sync", goal: "≤ 0.8×", unit: "×" },
  { id: "cpu.async", figure: "same: async", goal: "≤ 0.8×", unit: "×" },
  { id: "cpu.nested", figure: "same: nested (4 spans per call)", goal: "≤ 0.8×", unit: "×" },
  { id: "cpu.syncMain", figure: "CPU per span on the app's main thread ÷ raw OpenTelemetry's: sync", goal: "≤ 0.6×", unit: "×" },
  { id: "cpu.asyncMain", figure: "same: async", goal: "≤ 0.6×", unit: "×" },
  { id: "cpu.nestedMain", figure: "same: nested", goal: "≤ 0.6×", unit: "×" },
  { id: "cpu.syncUs", figure: "CPU per span, all-in (µs): sync", goal: "—", unit: "µs" },
  { id: "cpu.syncMainUs", figure: "same, main thread alone (µs): sync", goal: "—", unit: "µs" },
  { id: "peers.sync", figure: "best peer's CPU per span ÷ ours: sync", goal: "≥ 3×", unit: "×" },
  { id: "peers.async", figure: "same: async", goal: "≥ 3×", unit: "×" },
  { id: "peers.nested", figure: "same: nested", goal: "≥ 3×", unit: "×" },
  { id: "evaluate.uploadedUs", figure: "`evaluate()` overhead per datapoint (CPU), 2,000 datapoints, trivial task, loopback sink", goal: "≤ 300 µs", unit: "µs" },
  { id: "evalDev.uploadedUs", figure: "same, against a dev server", goal: "≤ 300 µs", unit: "µs" },
  { id: "evaluate.noKeyUs", figure: "same, with no API key", goal: "≤ 40 µs", unit: "µs" },
  { id: "ingestRate.spansPerS", figure: "dev server ingest, 200k spans, 512 per batch, 4 senders: spans/s (wall)", goal: "≥ 60,000/s", unit: "/s" },
  { id: "ingestRate.cpuUsPerSpan", figure: "same: server CPU per span", goal: "—", unit: "µs" },
  { id: "ingest.cpuUsPerSpan", figure: "dev server CPU per span, 30 batches of 512, 2 senders (the gate's figure)", goal: "—", unit: "µs" },
  { id: "session.treeMs", figure: "10k-event session: viewer tree, server CPU per read", goal: "≤ 150 ms", unit: "ms" },
  { id: "session.exportMs", figure: "same session: `POST /v1/events/export` of all its events, server CPU", goal: "≤ 150 ms", unit: "ms" },
  { id: "session.treeMB", figure: "same session: tree response size", goal: "≤ 5 MB", unit: "MB" },
  { id: "session.apiMs", figure: "same session: `GET /v1/sessions/{id}` (the API's tree), server CPU", goal: "≤ 100 ms", unit: "ms" },
  { id: "session.apiMB", figure: "same: its size on the wire (gzipped when the client accepts it)", goal: "≤ 5 MB", unit: "MB" },
  { id: "startup.wallMs", figure: "fresh process → first traced call delivered, wall over bare Node", goal: "≤ +40 ms", unit: "ms" },
  { id: "startup.cpuMs", figure: "same, CPU over bare Node (the gate's figure)", goal: "—", unit: "ms" },
  { id: "startupOtel.wallMs", figure: "raw OpenTelemetry beside it: wall over bare Node (reference)", goal: "—", unit: "ms" },
  { id: "wire.gzip", figure: "wire bytes per span, gzip (the default)", goal: "≤ 28 B", unit: "B" },
  { id: "wire.otelGzip", figure: "raw OpenTelemetry JS, gzip (reference)", goal: "—", unit: "B" },
  { id: "wire.none", figure: "wire bytes per span, `compression: \"none\"`", goal: "—", unit: "B" },
  { id: "wire.otelNone", figure: "raw OpenTelemetry JS, uncompressed, its default (reference)", goal: "—", unit: "B" },
];

const pct = (x) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)} %`;

/** A number in a unit's usual precision: ratios 2 decimals, bytes and small times 1, the rest whole (grouped). */
export function num(x, unit) {
  if (!Number.isFinite(x)) return "—";
  const digits = unit === "×" || unit === "MB" ? 2 : unit === "B" || (unit === "µs" && x < 100) ? 1 : 0;
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const withUnit = (text, unit) => (unit === "×" || unit === "/s" ? `${text}${unit}` : `${text} ${unit}`);

/** "median unit (min–max)" of a figure's samples, or the one value when there is a single sample. */
export function cell(values, unit) {
  const middle = withUnit(num(median(values), unit), unit);
  return values.length > 1 ? `${middle} (${num(Math.min(...values), unit)}–${num(Math.max(...values), unit)})` : middle;
}

/**
 * The change cell: the median of the per-round ratios head / base − 1, then "better" / "worse" when it exceeds the
 * noise margin (the gate's rule, stats.mjs), else "within ±margin". Reference figures (no build in them): "—".
 */
export function changeCell(f) {
  if (f.reference) return "— (reference)";
  const c = compare(f.base, f.head);
  if (!Number.isFinite(c.change)) return "—";
  const higherBetter = f.better === "higher";
  if (Math.abs(c.change) <= c.margin) return `${pct(c.change)} (within ±${(c.margin * 100).toFixed(0)} %)`;
  return `${pct(c.change)} (${(c.change > 0) === higherBetter ? "better" : "worse"})`;
}

/**
 * The table. `figures`: [{ id, base: number[], head: number[], better?, reference? }]; `notes`: Map(group id →
 * why its rows are empty); `labels`: { base, head } column titles. Rows come from FULL_ROWS.
 */
export function fullTable(figures, { labels, notes = new Map() }) {
  const byId = new Map(figures.map((f) => [f.id, f]));
  const lines = [`| figure | goal | ${labels.base} | ${labels.head} | change |`, "|---|---|---:|---:|---|"];
  for (const row of FULL_ROWS) {
    const f = byId.get(row.id);
    if (!f) {
      const why = notes.get(row.id.split(".")[0]) ?? "not measured in this run";
      lines.push(`| ${row.figure} | ${row.goal} | ${why} | ${why} | — |`);
      continue;
    }
    lines.push(`| ${row.figure} | ${row.goal} | ${cell(f.base, row.unit)} | ${cell(f.head, row.unit)} | ${changeCell(f)} |`);
  }
  return lines.join("\n");
}

const headMedian = (byId, id) => (byId.get(id) ? median(byId.get(id).head) : undefined);

/** Sentences of context below the table: what stays true of the figures, with this run's numbers where they help. */
export function contextSentences(figures) {
  const byId = new Map(figures.map((f) => [f.id, f]));
  const gzip = headMedian(byId, "wire.gzip");
  const none = headMedian(byId, "wire.none");
  const out = [
    "CPU per span is all-in: the traced call, batching, OTLP encoding, gzip and export to a loopback sink (every thread of " +
      "the process), divided by raw OpenTelemetry JS doing the same calls with its defaults (uncompressed); the main-thread " +
      "rows count the app's own thread alone (gzip runs on libuv's thread pool). `compression: \"none\"` (env `HH_COMPRESSION`) " +
      "turns gzip of span exports off, which saves its CPU where bandwidth is free" +
      (gzip && none ? ` at the cost of bytes (${none.toFixed(0)} instead of ${gzip.toFixed(1)} per span in this run).` : "."),
    "`evaluate()` overhead is the client's CPU per datapoint over an untraced promise pool doing the same work (5 ms task, " +
      "2 evaluators, concurrency 64); the servers run in other processes, so their CPU is not in it.",
    "Wall-time figures (ingest spans/s, cold start wall) follow the machine's load; the CPU figures and ratios are the ones to " +
      "compare across runs. Each round runs base and head back to back; the change is the median of the per-round ratios.",
    "Packed and installed sizes are printed by `npm run check:packages`; `honeyhive` has no native code and no install " +
      "scripts (the dev server's only native piece is its optional `better-sqlite3` driver, for Node versions without " +
      "`node:sqlite`). " +
      "The other benchmarks (read latency under ingest, the Workers bundle, micro-benchmarks) are listed in `bench/README.md`.",
  ];
  return out;
}

/** `text` wrapped at spaces into lines of at most `width` characters (a longer word or `code span` stays whole). */
export function wrap(text, width = 118) {
  const lines = [];
  let line = "";
  for (const word of text.match(/(?:[^\s`]*`[^`]*`)+[^\s`]*|[^\s`]+/g) ?? []) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join("\n");
}

/**
 * The README's BENCH block, markers included: what the command is, which base it compared, machine, load and date,
 * then the table and the context sentences. `quick`: the run used smaller sizes, said first.
 */
export function readmeBlock({ command, base, machine, date, table, context, quick = false }) {
  const intro = `${quick ? "A quick run (`--quick`: smaller sizes than the goals', 3 rounds), not a result. " : ""}` +
    `Generated by \`${command}\`: the base commit built beside this version and both measured in the same run ` +
    `(interleaved rounds, fresh processes). Base: \`${base.sha.slice(0, 10)}\` (${base.why}). Machine: ${machine}. ` +
    `Date: ${date}. Cells: median (min–max over rounds); a single value was measured once per side.`;
  return ["<!-- BENCH:START -->", wrap(intro), "", table, "", context.map((p) => wrap(p)).join("\n\n"), "<!-- BENCH:END -->"].join("\n");
}

/**
 * `readme` with the text between `<!-- NAME:START -->` and `<!-- NAME:END -->` (markers included) replaced; `name`
 * is BENCH (this report) unless given (bench/floors.mjs writes FLOORS).
 */
export function replaceBenchBlock(readme, block, name = "BENCH") {
  const startMarker = `<!-- ${name}:START -->`;
  const endMarker = `<!-- ${name}:END -->`;
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker, start);
  if (start < 0 || end < 0) throw new Error(`docs/guide/performance.md has no ${startMarker} … ${endMarker} block`);
  return readme.slice(0, start) + block + readme.slice(end + endMarker.length);
}
