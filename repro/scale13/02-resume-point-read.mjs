// scale13 repro 02 (not fixed): resuming a large run reads every session and every function span of the run (the
// resume point, evaluation/resume-point.ts) in pages of 1,000 by page number before any datapoint runs, and keeps every
// done datapoint's result. On the dev server a page costs more the further it is (about 0.8 s at page 1, 1.4 s at
// page 30 of a 100,000-session run), so resuming a finished 100,000-datapoint run took 8 min 19 s at 2 % client CPU,
// peak RSS 328 MB; a shard reads the other shards' sessions too. Run: `npm run build && node
// repro/scale13/02-resume-point-read.mjs [N]` (default 20000): prints the first attempt's and the resume's wall time.
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
