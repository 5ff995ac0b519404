// Event-loop blocking of attachment extraction (issue 45): a value holding a 20 MB base64 payload (a data URI in a
/* global setInterval, clearInterval */
// chat message) is extracted while a 1 ms timer measures the longest gap between its ticks. Also reports the time to
// extract, and the scan of a 20 MB value holding no payload. The same timer around a control task (busy 4 ms, then
// yield, for as long) shows what the machine's load alone adds: a gap of the control is the scheduler's, not ours.
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

/** Runs `task` while a 1 ms interval records the longest gap between its ticks (ms). */
async function longestGap(task) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  histogram.enable();
  const start = performance.now();
  await task();
  const elapsed = performance.now() - start;
  histogram.disable();
  clearInterval(timer);
  return { elapsed, worst, p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
}

const base64 = payload(15 * MB).toString("base64"); // 20 MB of base64 characters
const message = JSON.stringify([{ role: "user", content: [{ type: "text", text: "describe" }, { type: "image_url", image_url: { url: `data:image/png;base64,${base64}` } }] }]);
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

const rows = [];
for (let round = 0; round < 7; round++) {
  const uploads = new UploadQueue(placeholderStore);
  const withPayload = await longestGap(() => extractValue(message, limits, uploads));
  const noPayload = await longestGap(() => extractValue(text, limits, uploads));
  const baseline = await longestGap(() => control(withPayload.elapsed));
  rows.push({ withPayload, noPayload, baseline });
}
const median = (pick) => rows.map(pick).sort((a, b) => a - b)[rows.length >> 1];
console.log(`value: ${(message.length / MB).toFixed(1)} MB JSON holding ${(base64.length / MB).toFixed(1)} MB of base64 (15 MB PNG)`);
console.log(`  extract: median ${median((r) => r.withPayload.elapsed).toFixed(1)} ms; longest event-loop gap: median ${median((r) => r.withPayload.worst).toFixed(1)} ms, worst ${Math.max(...rows.map((r) => r.withPayload.worst)).toFixed(1)} ms`);
console.log(`  control (4 ms busy pieces, as long): longest gap median ${median((r) => r.baseline.worst).toFixed(1)} ms, worst ${Math.max(...rows.map((r) => r.baseline.worst)).toFixed(1)} ms`);
console.log(`value: ${(text.length / MB).toFixed(1)} MB of text, no payload`);
console.log(`  scan: median ${median((r) => r.noPayload.elapsed).toFixed(1)} ms; longest event-loop gap: median ${median((r) => r.noPayload.worst).toFixed(1)} ms`);
