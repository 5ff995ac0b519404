// Online evaluation off the request path (issue 46 req 6): a traced handler's latency with online evaluation on
// (a judge that takes 2 s, every session sampled) vs off, against the local dev server (in memory). Goal: p99 moves
// by under 1 ms. The dev server and each side run in their own processes (bench/online-eval-server.mjs,
// bench/online-eval-client.mjs): a side pays only for its own background work, and the sides serve short blocks in
// rotating order, so drift of the machine and a block's leftovers fall on all alike. A control side (off again) gives
// the run's noise floor. Also prints the sampling
// figure (rate 0.1 over 10,000 session ids) and the budget's (300 sessions at 50 evaluator calls a minute).
// Not run in CI.
// Run: npm run bench:online-eval -- [--n 3000] [--blocks 30] [--judge-ms 2000] [--rate 1] [--target session|span]
import { randomUUID } from "node:crypto";
import { fork, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { HoneyHiveTracer, createApiClient, isSessionSampled } from "../packages/honeyhive/src/index.ts";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const N = flag("n", 3000);
const BLOCKS = flag("blocks", 30);
const JUDGE_MS = flag("judge-ms", 2000);
const RATE = flag("rate", 1);
const TARGET = args.includes("--target") ? args[args.indexOf("--target") + 1] : "session";
const WARMUP = 300;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The dev server in a child process (bench/online-eval-server.mjs); resolves with its URL. */
async function startBackend() {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./online-eval-server.mjs", import.meta.url))], { stdio: ["pipe", "pipe", "inherit"] });
  const [chunk] = await once(child.stdout, "data");
  return { url: String(chunk).trim(), close: () => child.kill() };
}

/** One side in its own process (bench/online-eval-client.mjs): `ask(message)` resolves with its next answer. */
async function startSide(mode, url, apiKey) {
  const child = fork(fileURLToPath(new URL("./online-eval-client.mjs", import.meta.url)), [mode, url, String(JUDGE_MS), String(RATE), TARGET, apiKey], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  await once(child, "message");
  const ask = async (message) => {
    const answer = once(child, "message");
    child.send(message);
    return (await answer)[0];
  };
  const close = async () => {
    const exited = once(child, "exit");
    const report = once(child, "message");
    child.send({ exit: true });
    const [summary] = await report;
    await exited;
    return summary;
  };
  return { ask, close };
}

const server = await startBackend();
// "control" is a second side with online evaluation off: off vs control is the noise floor of the same run (what a
// difference of nothing measures on this machine now), to read on vs off against.
const NAMES = ["off", "on", "control"];
const sides = {};
for (const name of NAMES) sides[name] = await startSide(name === "on" ? "on" : "off", server.url, `bench-online-${name}`);
for (const name of NAMES) await sides[name].ask({ block: WARMUP });
const results = Object.fromEntries(NAMES.map((name) => [name, { times: [], gcMs: 0, gcMaxMs: 0, cpuMs: 0 }]));
const blockSize = Math.ceil(N / BLOCKS);
for (let round = 0; round < BLOCKS; round++) {
  const order = NAMES.map((_, i) => NAMES[(i + round) % NAMES.length]); // a Latin square: each side in each place
  if (Math.floor(round / NAMES.length) % 2 === 1) order.reverse(); // and after each of the others
  for (const name of order) {
    const { times, gcMs, gcMaxMs, cpuMs } = await sides[name].ask({ block: blockSize });
    results[name].times.push(...times);
    results[name].cpuMs += cpuMs;
    results[name].gcMs += gcMs;
    results[name].gcMaxMs = Math.max(results[name].gcMaxMs, gcMaxMs);
  }
}

const row = (name, side) => {
  const sorted = [...side.times].sort((a, b) => a - b);
  return {
    name, n: sorted.length, p50_ms: +percentile(sorted, 50).toFixed(3), p99_ms: +percentile(sorted, 99).toFixed(3), "p99.9_ms": +percentile(sorted, 99.9).toFixed(3),
    cpu_us_per_request: Math.round((side.cpuMs * 1000) / sorted.length), gc_ms: +side.gcMs.toFixed(1), gc_max_ms: +side.gcMaxMs.toFixed(1),
  };
};
const rows = {
  off: row("online evaluation off", results.off),
  on: row(`online evaluation on (judge ${JUDGE_MS} ms, rate ${RATE}, target ${TARGET})`, results.on),
  control: row("control: off again (noise floor)", results.control),
};
console.table(Object.values(rows));
const diff = (a, key) => (rows[a][key] - rows.off[key]).toFixed(3);
const line = (a) => `p50 ${diff(a, "p50_ms")} ms, p99 ${diff(a, "p99_ms")} ms, p99.9 ${diff(a, "p99.9_ms")} ms`;
console.log(`difference on - off:      ${line("on")} (goal: p99 under 1 ms)`);
console.log(`difference control - off: ${line("control")} (the same code on both sides: this run's noise)`);
const pooled = row("off and control", { times: [...results.off.times, ...results.control.times], cpuMs: 0, gcMs: 0, gcMaxMs: 0 });
console.log(`difference on - (off and control together): p50 ${(rows.on.p50_ms - pooled.p50_ms).toFixed(3)} ms, p99 ${(rows.on.p99_ms - pooled.p99_ms).toFixed(3)} ms, p99.9 ${(rows.on["p99.9_ms"] - pooled["p99.9_ms"]).toFixed(3)} ms`);
await new Promise((r) => setTimeout(r, JUDGE_MS + 1500)); // the first judgements finish in the background
console.log("online evaluation counters (pending bounded by maxPending, the rest dropped):", (await sides.on.ask({ counters: true })).counters);
const closed = await Promise.all(NAMES.map((name) => sides[name].close()));
for (const [i, name] of NAMES.entries()) {
  const held = await createApiClient({ serverUrl: server.url, apiKey: `bench-online-${name}` }).events.export({ filters: [{ field: "event_name", operator: "is", value: "handler", type: "string" }], limit: 1 });
  console.log(`${name}: shutdown(2000) ${JSON.stringify(closed[i])}; the server holds ${held.ok ? held.data.totalEvents : held.error}`);
}

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
for (let i = 0; i < 300; i++) {
  await budgeted.withSession({ sessionId: randomUUID(), sessionName: "bench" }, () =>
    budgeted.startSpan("handler", () => budgeted.enrichSpan({ outputs: { result: `answer ${i}` } })));
}
await budgeted.flush(10_000);
const counters = budgeted.diagnostics().onlineEvaluation;
console.log(`budget: 300 sessions at callsPerMinute 50: ${JSON.stringify(counters)}; budget warnings: ${warnings.length}`);
await budgeted.shutdown(2000);
server.close();
