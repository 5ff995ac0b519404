// summary14 repro 02: memory of a run's final PUT /v1/runs/{id} with N session ids, against a loopback sink that takes
// gzip and answers with the run, its N ids among them (as HoneyHive's API and the dev server do). METHOD=update reads the
// answer whole, METHOD=updateWithoutIds (what evaluate() uses) pruned of the run's id lists.
// Run: `npm run build && METHOD=updateWithoutIds node --expose-gc repro/summary14/02-final-put-rss.mjs [N]`.
/* global gc, setInterval, clearInterval */
import http from "node:http";
import { randomUUID } from "node:crypto";
import { createApiClient } from "../../packages/honeyhive/dist/index.js";
let echo = [];
const n = Number(process.argv[2] ?? 100000);
const server = http.createServer((req, res) => { let b = 0; req.on("data", (c) => (b += c.length)); req.on("end", () => { res.setHeader("accept-encoding", "gzip"); res.setHeader("content-type", "application/json"); res.end(JSON.stringify({ evaluation: { run_id: "r", bytes: b, event_ids: b > 10000 ? echo : [], metadata: {} } })); }); });
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const api = createApiClient({ apiKey: "k", serverUrl: `http://127.0.0.1:${server.address().port}` });
await api.runs.update("warm", { name: "x", event_ids: ["a"] }); // learns gzip
const method = process.env.METHOD ?? "update";
const ids = Array.from({ length: n }, () => randomUUID());
const f = (m) => `rss ${(m.rss / 1048576).toFixed(1)} heap ${(m.heapUsed / 1048576).toFixed(1)}/${(m.heapTotal / 1048576).toFixed(1)} ext ${(m.external / 1048576).toFixed(1)} ab ${(m.arrayBuffers / 1048576).toFixed(1)}`;
echo = ids.map((x) => x);
gc(); const before = process.memoryUsage(); console.log("before", f(before));
let peakExt = 0, peakRss = 0;
const t = setInterval(() => { const m = process.memoryUsage(); peakExt = Math.max(peakExt, m.external); peakRss = Math.max(peakRss, m.rss); }, 1);
const r = await api.runs[method]("run1", { name: "x", event_ids: ids, status: "completed" });
clearInterval(t);
const after = process.memoryUsage();
console.log("after ", f(after), "| peak ext", (peakExt / 1048576).toFixed(1), "peak rss", (peakRss / 1048576).toFixed(1), "ok", r.ok, JSON.stringify(r.data ?? r.error).slice(0, 80));
gc(); console.log("gc'd  ", f(process.memoryUsage()));
server.close(); process.exit(0);
