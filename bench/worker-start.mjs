// What starting one worker thread for the span send costs (decision record 0092, second round): the worker loads
// node:http and node:zlib as a sender would, then gzips (level 3) one 340 KB body handed to it. Prints the main
// thread's CPU (its schedstat) for the Worker constructor and until the first answer, the whole process's CPU and the
// wall time until then, the process's CPU for a second body, and the resident memory the idle worker adds.
// Usage: node bench/worker-start.mjs
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";

const BODY_BYTES = 340_000;
const WORKER_CODE = `
const { parentPort } = require("node:worker_threads");
const http = require("node:http");
const zlib = require("node:zlib");
new http.Agent({ keepAlive: true, maxSockets: 8 });
parentPort.on("message", (body) => parentPort.postMessage(zlib.gzipSync(new Uint8Array(body), { level: 3 }).length));
`;

/** The main thread's CPU in µs from its schedstat. */
function mainThreadUs() {
  return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, "latin1").split(" ", 1)[0]) / 1000;
}

/** A compressible body of `BODY_BYTES`, made before any timing starts. */
function body() {
  return new Uint8Array(BODY_BYTES).map((_, i) => (i * 7) & 0x3f);
}

/** Hands `bytes` to `worker` (a transfer) and waits for its answer. */
function roundTrip(worker, bytes) {
  worker.postMessage(bytes.buffer, [bytes.buffer]);
  return new Promise((resolve) => worker.once("message", resolve));
}

const first = body();
const second = body();
await new Promise((resolve) => setTimeout(resolve, 200));
const rss0 = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const main0 = mainThreadUs();
const t0 = performance.now();
const worker = new Worker(WORKER_CODE, { eval: true });
const constructorMainUs = mainThreadUs() - main0;
await roundTrip(worker, first);
const wallMs = performance.now() - t0;
const startCpu = process.cpuUsage(cpu0);
const mainUs = mainThreadUs() - main0;
await new Promise((resolve) => setTimeout(resolve, 300));
const cpu1 = process.cpuUsage();
await roundTrip(worker, second);
const secondCpu = process.cpuUsage(cpu1);
const rssDeltaMb = (process.memoryUsage().rss - rss0) / 2 ** 20;
console.log(JSON.stringify({ constructorMainUs, mainUsToFirstAnswer: mainUs, processUsToFirstAnswer: startCpu.user + startCpu.system, wallMs, processUsSecondBody: secondCpu.user + secondCpu.system, rssDeltaMb }));
await worker.terminate();
