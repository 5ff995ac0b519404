// evaluate() against a backend that hangs or dies mid-run (issue 24 req 4): the run's wall time with a healthy
// backend, then with the backend hanging (accepts, never answers) or dying (connections refused) once a given share
// of the datapoints is done. Defaults match the report: 400 datapoints, concurrency 10, a 600 ms task,
// the default request timeout (10 s). Target: a hung or dead backend mid-run costs at most 1.2× the healthy run.
// Run: node --import tsx bench/evaluate-hung-backend.mjs [--n 400] [--task-ms 600] [--concurrency 10] [--at 0.25,0.75]
import { evaluate } from "../packages/honeyhive/src/script/evaluate.ts";
import { captureSdkLogs } from "../packages/honeyhive/src/testing.ts";
import { FaultServer } from "../test/helpers/fault-server.ts";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const N = Number(flag("n", 400));
const TASK_MS = Number(flag("task-ms", 600));
const CONCURRENCY = Number(flag("concurrency", 10));
const AT = String(flag("at", "0.25,0.75")).split(",").map(Number);
delete process.env.HH_API_KEY;

const dataset = Array.from({ length: N }, (_, i) => ({ inputs: { i }, ground_truth: { answer: i } }));
async function task(inputs) {
  await new Promise((r) => setTimeout(r, TASK_MS));
  return inputs.i;
}
function exact(output, _inputs, gt) { return output === gt.answer; }

async function scenario(fault, at) {
  const server = await FaultServer.start("ok");
  const logs = captureSdkLogs(); // the expected warnings of an outage stay out of the report
  let switched = false;
  const started = performance.now();
  const result = await evaluate({
    name: "hung-backend-bench", apiKey: "bench-key", serverUrl: server.url, dataset, function: task, evaluators: [exact],
    maxConcurrency: CONCURRENCY, progress: false,
    onProgress: (p) => {
      if (fault && !switched && p.done >= N * at) {
        switched = true;
        void server.setMode(fault);
      }
    },
  });
  const ms = performance.now() - started;
  logs.restore();
  await server.close();
  const scored = result.datapoints.filter((d) => d.status === "success" && d.metrics.exact === true).length;
  return { ms, scored, uploaded: result.uploaded };
}

const rows = [];
const healthy = await scenario(undefined, 0);
rows.push({ name: "healthy backend", ...healthy });
for (const at of AT) {
  rows.push({ name: `hangs after ${Math.round(at * 100)} % of the datapoints`, ...(await scenario("hang", at)) });
  rows.push({ name: `dies (refuses) after ${Math.round(at * 100)} % of the datapoints`, ...(await scenario("down", at)) });
}
console.log(`evaluate(): ${N} datapoints, task ${TASK_MS} ms, concurrency ${CONCURRENCY}, default request timeout (10 s)`);
console.log("| backend | wall s | vs healthy (target ≤ 1.2×) | datapoints scored | uploaded |");
console.log("|---|---:|---:|---:|---|");
for (const row of rows) {
  console.log(`| ${row.name} | ${(row.ms / 1000).toFixed(1)} | ${(row.ms / healthy.ms).toFixed(2)}× | ${row.scored}/${N} | ${row.uploaded} |`);
}
