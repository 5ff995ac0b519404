/* global setInterval, clearInterval */
// Child of bench/evaluate-memory.mjs: one evaluate() over the dataset it is given (a file path, or a dataset id on the
// server), a trivial function and one evaluator, uploading to `serverUrl`. Samples its RSS every 50 ms and prints one
// JSON line at the end: { samples: [[ms, rssBytes], …], peakRss, firstDatapointMs, durationMs, cpuMs, total } (cpuMs: the
// process's CPU, every thread).
import { evaluate } from "../packages/honeyhive/dist/index.js";

const job = JSON.parse(process.argv[2]);
const started = performance.now();
const samples = [];
let peakRss = 0;
const sample = () => {
  const rss = process.memoryUsage.rss();
  peakRss = Math.max(peakRss, rss);
  samples.push([Math.round(performance.now() - started), rss]);
};
sample();
const timer = setInterval(sample, 50);
let firstDatapointMs;
const result = await evaluate({
  name: "memory-bench", apiKey: "bench", serverUrl: job.serverUrl, progress: false, gitInfo: false, maxConcurrency: 16,
  ...(job.file ? { dataset: job.file } : { datasetId: job.datasetId }),
  ...(job.datapointResults ? { datapointResults: job.datapointResults } : {}),
  function: function answer(inputs) {
    firstDatapointMs ??= Math.round(performance.now() - started);
    return `${inputs.question} ok`;
  },
  evaluators: [function nonEmpty(outputs) { return outputs.length > 0; }],
});
clearInterval(timer);
sample();
console.log(JSON.stringify({ samples, peakRss, firstDatapointMs, durationMs: Math.round(performance.now() - started), cpuMs: Math.round(((cpu) => (cpu.user + cpu.system) / 1000)(process.cpuUsage())), total: result.stats.total }));
