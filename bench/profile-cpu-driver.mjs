// CPU-profile driver (decision record 0100): one variant of bench/variants/ traces `spans` spans of one shape, in
// chunks of 5,000 spans each followed by a flush (the A/B gate's trial), after a warm-up of 20,000 spans. The loopback
// sink runs in a child process, as the A/B gate's runs in its parent, so its work is not this main thread's. With a
// profile path, V8's sampling profiler (100 µs) records the main thread over the measured spans only. Prints the CPU
// per span of the whole process and of the main thread.
// BENCH_EXPORT=none: batches go to an exporter that accepts them at once, so the figures leave the export out (its
// encoding, gzip and request; spans are still started, ended, queued and batched). BENCH_EXPORT=encode (this SDK
// only): batches are encoded and gzipped, then a fetch answers 200 at once (the HTTP request left out).
// Usage: node bench/profile-cpu-driver.mjs <honeyhive|otel> <sync|async|nested> [spans] [profile.cpuprofile]
import { fork } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { fileURLToPath } from "node:url";
import { SHAPES, loop, mainThreadCpuUs, makeNested, work, workAsync } from "./workload.mjs";

const ANSWERED = Object.freeze({ ok: true, status: 200, headers: { get: () => null }, text: async () => "{}" });
/** Tracer options per BENCH_EXPORT (see above). */
const SEAMS = {
  full: undefined,
  none: { exporter: { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {}, forceFlush: async () => {} } },
  encode: { fetch: async (input) => (input.includes("/session") ? { ...ANSWERED, text: async () => JSON.stringify({ session_id: "00000000-0000-4000-8000-000000000000" }) } : ANSWERED) },
};

/** The main thread's [user, system] CPU in µs from its /proc stat (clock ticks of 10 ms: use over long runs only). */
function mainThreadUserSys() {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "latin1").split(") ")[1].split(" ");
  return [Number(fields[11]) * 10_000, Number(fields[12]) * 10_000];
}

/** The sink's child: sends its URL, then its counts on each message. */
async function serveSink() {
  const { startSink } = await import("./sink.mjs");
  const sink = await startSink();
  process.send({ url: sink.url });
  process.on("message", () => process.send({ stats: sink.stats }));
  process.on("disconnect", () => process.exit(0));
}

async function startProfile(session) {
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
}

async function main() {
  const [variantName = "honeyhive", shape = "sync", spansArg = "300000", profilePath] = process.argv.slice(2);
  const sinkChild = fork(fileURLToPath(import.meta.url), ["--sink"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ask = () => new Promise((resolve) => { sinkChild.once("message", resolve); sinkChild.send("stats"); });
  const { url } = await new Promise((resolve) => sinkChild.once("message", resolve));
  const variant = await import(`./variants/${variantName}.mjs`);
  const api = await variant.setup({ sinkUrl: url, work, workAsync, makeNested, seams: SEAMS[process.env.BENCH_EXPORT ?? "full"] });
  const [, spansPerCall, isAsync] = SHAPES.find(([name]) => name === shape);
  const calls = Math.round(Number(spansArg) / spansPerCall);
  const chunk = Math.round(5_000 / spansPerCall);
  await loop(api[shape], Math.round(20_000 / spansPerCall), isAsync);
  await api.flush();
  const session = new Session();
  if (profilePath) await startProfile(session);
  const t0 = process.cpuUsage();
  const main0 = mainThreadCpuUs();
  const [user0, sys0] = mainThreadUserSys();
  for (let done = 0; done < calls; done += chunk) {
    await loop(api[shape], chunk, isAsync);
    await api.flush();
  }
  const used = process.cpuUsage(t0);
  const mainUs = mainThreadCpuUs() - main0;
  const [user1, sys1] = mainThreadUserSys();
  if (profilePath) writeFileSync(profilePath, JSON.stringify((await session.post("Profiler.stop")).profile));
  const spans = calls * spansPerCall;
  const { stats } = await ask();
  console.log(JSON.stringify({ variantName, shape, spans, cpuUsPerSpan: (used.user + used.system) / spans, mainUsPerSpan: mainUs / spans, mainSystemUsPerSpan: (sys1 - sys0) / spans, mainUserUsPerSpan: (user1 - user0) / spans, requests: stats.otlpRequests, gzipped: stats.otlpGzipped, rssMb: process.memoryUsage().rss / 2 ** 20, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  await api.shutdown();
  sinkChild.disconnect();
}

if (process.argv[2] === "--sink") await serveSink();
else await main();
