// Event-loop blocking of attachment extraction (issue 45): a value holding a 20 MB base64 payload (a data URI in a
/* global setInterval, clearInterval */
// chat message) is extracted while a 1 ms timer measures the longest gap between its ticks. Also reports the time to
// extract, and the scan of a 20 MB value holding no payload. The same timer around a control task (busy 4 ms, then
// yield, for as long) shows what the machine's load alone adds: a gap of the control is the scheduler's, not ours.
// Each round makes the value afresh, as a span attribute is: JSON.stringify gives V8's rope (cons) string, which the
// first read of a character flattens in one copy; that copy is timed on its own ("flatten"), then the extraction of
// the flat value. Also: a 5 MB PNG as an index map (`JSON.stringify(new Uint8Array(...))`, the AI SDK's `ai.prompt`).
// Run: npx tsx bench/attachments.mjs
import { monitorEventLoopDelay } from "node:perf_hooks";
import { extractValue } from "../packages/honeyhive/src/attachments/extract-value.ts";
import { UploadQueue } from "../packages/honeyhive/src/attachments/upload-queue.ts";
import { placeholderStore } from "../packages/honeyhive/src/attachments/attachment-store.ts";

const MB = 1024 * 1024;
const limits = { thresholdBytes: 16 * 1024, maxBytes: 32 * MB };

function payload(bytes) {
  const out = Buffer.alloc(bytes);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let x = 1;
  for (let i = 8; i < bytes; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** CPU time the process used so far (ms, user + system, every thread). */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs `task` while a 1 ms interval records the longest gap between its ticks (ms) and the most CPU time the process
 * used in one gap (`worstCpu`): a long gap with little CPU time is the scheduler's (the process was not running).
 */
async function longestGap(task) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let last = performance.now();
  let lastCpu = cpuMs();
  let worst = 0;
  let worstCpu = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = cpuMs();
    worst = Math.max(worst, now - last);
    worstCpu = Math.max(worstCpu, cpu - lastCpu);
    last = now;
    lastCpu = cpu;
  }, 1);
  histogram.enable();
  const start = performance.now();
  await task();
  const elapsed = performance.now() - start;
  histogram.disable();
  clearInterval(timer);
  return { elapsed, worst, worstCpu, p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
}

const base64 = payload(15 * MB).toString("base64"); // 20 MB of base64 characters
const message = () => JSON.stringify([{ role: "user", content: [{ type: "text", text: "describe" }, { type: "image_url", image_url: { url: `data:image/png;base64,${base64}` } }] }]);
const image = new Uint8Array(payload(5 * MB));
const indexMap = () => JSON.stringify({ messages: [{ role: "user", content: [{ type: "text", text: "describe" }, { type: "image", image }] }] });
const text = "lorem ipsum dolor sit amet ".repeat(Math.ceil((20 * MB) / 27));

/** Busy in 4 ms pieces, yielding between them, for `ms`: a task that never blocks for more than 4 ms. */
async function control(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const start = performance.now();
    while (performance.now() - start < 4);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The time of the first character read of a fresh value: V8 flattening it (ms). */
function flatten(value) {
  const start = performance.now();
  value.charCodeAt(value.length >> 1);
  return performance.now() - start;
}

const rows = [];
for (let round = 0; round < 7; round++) {
  const uploads = new UploadQueue(placeholderStore);
  const value = message();
  const flat = flatten(value);
  const withPayload = await longestGap(() => extractValue(value, limits, uploads));
  const mapValue = indexMap();
  const mapFlat = flatten(mapValue);
  const withMap = await longestGap(() => extractValue(mapValue, limits, uploads));
  const noPayload = await longestGap(() => extractValue(text, limits, uploads));
  const baseline = await longestGap(() => control(withPayload.elapsed));
  rows.push({ flat, withPayload, mapFlat, withMap, noPayload, baseline, chars: value.length, mapChars: mapValue.length });
}
const median = (pick) => rows.map(pick).sort((a, b) => a - b)[rows.length >> 1];
const worst = (pick) => Math.max(...rows.map(pick));
const figures = (pick) => `median ${median(pick).toFixed(1)} ms, worst ${worst(pick).toFixed(1)} ms`;
console.log(`value: ${(rows[0].chars / MB).toFixed(1)} MB JSON holding ${(base64.length / MB).toFixed(1)} MB of base64 (15 MB PNG)`);
console.log(`  flatten (V8, first read of the fresh JSON.stringify result): ${figures((r) => r.flat)}`);
console.log(`  extract: median ${median((r) => r.withPayload.elapsed).toFixed(1)} ms; longest event-loop gap: ${figures((r) => r.withPayload.worst)}; most CPU in one gap: ${figures((r) => r.withPayload.worstCpu)}`);
console.log(`value: ${(rows[0].mapChars / MB).toFixed(1)} MB JSON holding a 5 MB PNG as an index map`);
console.log(`  flatten: ${figures((r) => r.mapFlat)}`);
console.log(`  extract: median ${median((r) => r.withMap.elapsed).toFixed(1)} ms; longest event-loop gap: ${figures((r) => r.withMap.worst)}; most CPU in one gap: ${figures((r) => r.withMap.worstCpu)}`);
console.log(`  control (4 ms busy pieces, as long): longest gap ${figures((r) => r.baseline.worst)}; most CPU in one gap: ${figures((r) => r.baseline.worstCpu)}`);
console.log(`value: ${(text.length / MB).toFixed(1)} MB of text, no payload`);
console.log(`  scan: median ${median((r) => r.noPayload.elapsed).toFixed(1)} ms; longest event-loop gap: median ${median((r) => r.noPayload.worst).toFixed(1)} ms`);
