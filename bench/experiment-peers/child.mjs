// One runner of the experiment peer benchmark in a process of its own (bench/experiment-peers.mjs forks one per
// runner, so each SDK starts with fresh globals and loads only its own packages). Driven over IPC one measurement at
// a time, so the runners' measurements interleave and share the machine's load. A measurement: the CPU of an
// untraced promise pool doing the same work, then the CPU of one experiment over the same rows (every thread of the
// process: each SDK's background export included); the overhead per datapoint is the difference divided by the rows.
import { pathToFileURL } from "node:url";
import { RUNNERS } from "./runners.mjs";

const config = JSON.parse(process.env.EXPERIMENT_PEERS_CONFIG);
const { evaluateWorkload } = await import(pathToFileURL(config.workload).href);
const work = evaluateWorkload({ n: config.rows, taskMs: config.taskMs });
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function untracedPool() {
  let next = 0;
  const rows = work.dataset;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++];
      const out = await work.task(row.inputs, row.ground_truth);
      await Promise.allSettled([work.exact(out, row.inputs, row.ground_truth), work.magnitude(out)]);
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, worker));
}

async function cpuOf(fn) {
  globalThis.gc?.();
  const start = cpu();
  const wallStart = performance.now();
  await fn();
  return { us: cpu() - start, ms: performance.now() - wallStart };
}

const runner = await RUNNERS[config.runner]({ ...config, honeyhiveDist: pathToFileURL(config.honeyhiveDist).href }, work);
delete process.env.HH_API_KEY;
await runner.run(work.dataset.slice(0, config.warmup)); // JIT, connections, login
await untracedPool();

process.on("message", (m) => {
  if (m.cmd === "close") process.exit(0);
  void (async () => {
    const pool = await cpuOf(untracedPool);
    const run = await cpuOf(() => runner.run(work.dataset));
    process.send({ overheadUs: (run.us - pool.us) / config.rows, cpuUs: run.us / config.rows, wallMs: run.ms, poolWallMs: pool.ms });
  })().catch((error) => process.send({ error: String(error?.stack ?? error) }));
});
process.send({ ready: true });
