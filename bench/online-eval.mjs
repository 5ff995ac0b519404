// Online evaluation off the request path (issue 46 req 6): a traced handler's latency with online evaluation on
// (a judge that takes 2 s, every session sampled) vs off, against the local dev server (in memory). Goal: p99 moves
// by under 1 ms. The dev server runs in its own process. Also prints the sampling figure (rate 0.1 over 10,000 session ids)
// and the budget's (300 sessions at 50 evaluator calls a minute). Not run in CI.
// Run: npm run bench:online-eval -- [--n 3000] [--judge-ms 2000] [--rate 1]
import { randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { HoneyHiveTracer, isSessionSampled } from "../packages/honeyhive/src/index.ts";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const N = flag("n", 3000);
const JUDGE_MS = flag("judge-ms", 2000);
const RATE = flag("rate", 1);
const quiet = () => undefined;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function judge(outputs) {
  await new Promise((r) => setTimeout(r, JUDGE_MS));
  return String(outputs.result).length;
}

function tracerFor(url, online) {
  return new HoneyHiveTracer({
    apiKey: "bench-online", serverUrl: url, setAsDefault: false, logSink: quiet,
    onlineEvaluation: online ? { sampleRate: RATE, concurrency: 4, evaluators: [judge] } : undefined,
  });
}

/** One request: a handler span in its own session, with a little async work; its wall time in ms. */
async function request(tracer, i) {
  const started = performance.now();
  await tracer.withSession({ sessionId: randomUUID(), sessionName: "bench" }, () =>
    tracer.startSpan("handler", async () => {
      tracer.enrichSpan({ inputs: { i }, outputs: { result: `answer ${i}` } });
      await new Promise((r) => setImmediate(r));
      return i;
    }));
  return performance.now() - started;
}

async function measure(tracer, n) {
  const times = [];
  for (let i = 0; i < n; i++) times.push(await request(tracer, i));
  return times.sort((a, b) => a - b);
}

/** The dev server in a child process (bench/online-eval-server.mjs); resolves with its URL. */
async function startBackend() {
  const child = spawn(process.execPath, ["--import", "tsx", new URL("./online-eval-server.mjs", import.meta.url).pathname], { stdio: ["ignore", "pipe", "inherit"] });
  const [chunk] = await once(child.stdout, "data");
  return { url: String(chunk).trim(), close: () => child.kill() };
}

const server = await startBackend();
const off = tracerFor(server.url, false);
const on = tracerFor(server.url, true);
await measure(off, 200); // warm up both
await measure(on, 200);
const results = { off: [], on: [] };
for (let block = 0; block < 6; block++) {
  // alternating blocks: drift of the machine falls on both sides alike
  results.off.push(...(await measure(off, Math.ceil(N / 6))));
  results.on.push(...(await measure(on, Math.ceil(N / 6))));
}
const row = (name, times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { name, n: sorted.length, p50_ms: +percentile(sorted, 50).toFixed(3), p99_ms: +percentile(sorted, 99).toFixed(3) };
};
const rows = [row("online evaluation off", results.off), row(`online evaluation on (judge ${JUDGE_MS} ms, rate ${RATE})`, results.on)];
console.table(rows);
console.log(`p99 difference: ${(rows[1].p99_ms - rows[0].p99_ms).toFixed(3)} ms (goal: under 1 ms)`);
await new Promise((r) => setTimeout(r, JUDGE_MS + 1500)); // the first judgements finish in the background
console.log("online evaluation counters (pending bounded by maxPending, the rest dropped):", on.diagnostics().onlineEvaluation);
const ids = Array.from({ length: 10_000 }, () => randomUUID());
console.log(`sampling: rate 0.1 over 10,000 session ids sampled ${ids.filter((id) => isSessionSampled(id, 0.1)).length} (goal 900-1,100)`);

// The budget: 300 sessions, every one sampled, a fast judge, at most 50 evaluator calls a minute: 50 judged, the rest
// skipped and counted, one warning.
const warnings = [];
const budgeted = new HoneyHiveTracer({
  apiKey: "bench-online", serverUrl: server.url, setAsDefault: false,
  logSink: (level, message) => { if (level === "warn" && /budget/i.test(message)) warnings.push(message); },
  onlineEvaluation: { sampleRate: 1, concurrency: 4, evaluators: [(outputs) => String(outputs.result).length], budget: { callsPerMinute: 50 } },
});
await measure(budgeted, 300);
await budgeted.flush(10_000);
const counters = budgeted.diagnostics().onlineEvaluation;
console.log(`budget: 300 sessions at callsPerMinute 50: ${JSON.stringify(counters)}; budget warnings: ${warnings.length}`);
await Promise.all([off.shutdown(2000), on.shutdown(2000), budgeted.shutdown(2000)]);
server.close();
