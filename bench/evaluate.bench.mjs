// evaluate() benchmark: N datapoints (default 10,000), a trivial async task, 2 evaluators, concurrency 64,
// against a loopback HoneyHive-compatible sink. Reports the SDK's CPU µs per datapoint (evaluate() minus an
// untraced promise pool doing the same work) and the wall-time ratio. Targets: ≤ 50 µs CPU, wall ≤ 1.2×.
// Also reports the same run without an API key (nothing sent: the in-process cost alone) and a calibration
// of this machine's client cost of one SDK HTTP request (sendHttp), since every uploaded datapoint makes 3 HTTP requests (session start,
// session update, OTLP export of its spans).
// Run: npx tsx bench/evaluate.bench.mjs [--n 10000] [--concurrency 64] [--task-ms 5] [--rounds 3]
import { evaluate } from "../packages/honeyhive/src/script/evaluate.ts";
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { sendHttp } from "../packages/honeyhive/src/transport/send-http.ts";
import { evaluateWorkload } from "./evaluate-workload.mjs";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const N = flag("n", 10_000);
const CONCURRENCY = flag("concurrency", 64);
const TASK_MS = flag("task-ms", 5);
const ROUNDS = flag("rounds", 3);

const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
const { dataset, task, exact, magnitude } = evaluateWorkload({ n: N, taskMs: TASK_MS });

/** The same work without any SDK: a shared-index promise pool calling the task and both evaluators. */
async function untracedPool() {
  let next = 0;
  const results = new Array(N);
  const worker = async () => {
    while (next < N) {
      const index = next++;
      const dp = dataset[index];
      const out = await task(dp.inputs, dp.ground_truth);
      const scores = await Promise.allSettled([exact(out, dp.inputs, dp.ground_truth), magnitude(out)]);
      results[index] = { out, scores };
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

async function measure(fn) {
  globalThis.gc?.();
  const startCpu = cpu();
  const startWall = performance.now();
  await fn();
  return { cpuUs: cpu() - startCpu, wallMs: performance.now() - startWall };
}

// The sink runs in a child process so that the CPU measured here is the client's (the SDK's) alone.
const sinkChild = fork(fileURLToPath(new URL("./evaluate-sink-child.mjs", import.meta.url)), [], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
const sinkUrl = await new Promise((resolve) => sinkChild.once("message", (m) => resolve(m.url)));
const sinkRequests = () => new Promise((resolve) => {
  sinkChild.once("message", (m) => resolve(m.stats.requests));
  sinkChild.send("stats");
});
const sink = { url: sinkUrl };
const previousKey = process.env.HH_API_KEY;
delete process.env.HH_API_KEY; // the local variant must not pick a key up from the environment
const run = (apiKey) => () => evaluate({
  name: "bench", apiKey, serverUrl: sink.url, dataset, function: task, evaluators: [exact, magnitude], maxConcurrency: CONCURRENCY,
});
await run("bench-key")(); // warm-up (JIT, connection pool)
await run(undefined)();
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const base = [];
const uploaded = [];
const local = [];
const fetchCalibration = [];
for (let round = 0; round < ROUNDS; round++) {
  base.push(await measure(untracedPool));
  const requestsBefore = await sinkRequests();
  uploaded.push(await measure(run("bench-key")));
  const requests = (await sinkRequests()) - requestsBefore;
  local.push(await measure(run(undefined)));
  const calls = 300;
  const calibration = await measure(async () => {
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next++ < calls) await sendHttp({ url: `${sink.url}/events`, method: "PUT", body: "{}", headers: { "content-type": "application/json" } });
    }));
  });
  fetchCalibration.push(calibration.cpuUs / calls);
  const per = (m) => `${m.wallMs.toFixed(0)} ms / ${(m.cpuUs / N).toFixed(1)} µs CPU`;
  process.stderr.write(`round ${round + 1}/${ROUNDS}: pool ${per(base.at(-1))}; evaluate ${per(uploaded.at(-1))} (${requests} requests); no key ${per(local.at(-1))}; one request ${fetchCalibration.at(-1).toFixed(0)} µs CPU\n`);
}
sinkChild.disconnect();
if (previousKey !== undefined) process.env.HH_API_KEY = previousKey;

const cpuPer = (ms) => median(ms.map((m) => m.cpuUs)) / N;
const wall = (ms) => median(ms.map((m) => m.wallMs));
const baseCpu = cpuPer(base);
console.log(`evaluate(): ${N} datapoints, task ${TASK_MS} ms, 2 evaluators, concurrency ${CONCURRENCY}; median of ${ROUNDS} rounds (client CPU only: the sink is another process)`);
console.log(`| variant | CPU µs / datapoint | SDK overhead µs / datapoint (target ≤ 50) | wall ms | wall vs pool (target ≤ 1.2×) |`);
console.log(`|---|---:|---:|---:|---:|`);
console.log(`| untraced promise pool | ${baseCpu.toFixed(1)} | — | ${wall(base).toFixed(0)} | 1.00× |`);
console.log(`| evaluate(), uploading | ${cpuPer(uploaded).toFixed(1)} | ${(cpuPer(uploaded) - baseCpu).toFixed(1)} | ${wall(uploaded).toFixed(0)} | ${(wall(uploaded) / wall(base)).toFixed(2)}× |`);
console.log(`| evaluate(), no API key | ${cpuPer(local).toFixed(1)} | ${(cpuPer(local) - baseCpu).toFixed(1)} | ${wall(local).toFixed(0)} | ${(wall(local) / wall(base)).toFixed(2)}× |`);
console.log(`\nCalibration: one SDK HTTP request (sendHttp) to the loopback sink costs ${median(fetchCalibration).toFixed(0)} µs client CPU here; an uploaded datapoint makes 3.`);
