// scale13 repro 02 (fixed, resume14b): resuming a large run reads every session and every function span of the run
// (the resume point, evaluation/resume-point.ts) in pages of 1,000 by page number before any datapoint runs. On the
// dev server each page read and sorted every event of the run, so resuming a finished 100,000-datapoint run took
// 8 min 19 s. The dev server now answers a run's events of one type from the index events_by_run_type (decision record
// 0104): 3.2 s at 20,000 datapoints (6.0 s before), 19.7 s at 100,000 (load 3-3.9, one run each). Run: `npm run build
// && node repro/scale13/02-resume-point-read.mjs [N]` (default 20000): prints the first attempt's and the resume's
// wall time.
import { createDevServer } from "../../packages/dev-server/dist/index.js";
import { evaluate } from "../../packages/honeyhive/dist/index.js";
import { randomUUID } from "node:crypto";

const n = Number(process.argv[2] ?? 20000);
const server = await createDevServer({ port: 0, inMemory: true });
const runId = randomUUID();
const options = {
  name: "resume-read", apiKey: "local", serverUrl: server.url, runId, resume: true, printResults: false, datapointResults: "summary",
  dataset: Array.from({ length: n }, (_, i) => ({ inputs: { q: i }, ground_truth: { a: i + 1 } })), maxConcurrency: 16,
  function: (inputs) => inputs.q + 1, evaluators: [function exact(o, _i, gt) { return o === gt.a; }],
};
for (const attempt of ["first attempt", "resume (every datapoint done)"]) {
  const started = performance.now();
  const result = await evaluate(options);
  console.log(`${attempt}: ${((performance.now() - started) / 1000).toFixed(1)} s, ${result.stats.succeeded} succeeded, uploaded ${result.uploaded}`);
}
await server.close();
