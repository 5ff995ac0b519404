// HoneyHive TypeScript SDK (this repository) as a scenario for the shared peer benchmark harness
// (../shared/bench-peers). Run it beside the peers with `npm run bench:peers` (copies the read-only harness
// to a temporary directory, installs it, and runs baseline, raw OpenTelemetry and this scenario).
// Requires `npm run build` first: it loads the built package from ../dist.
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const distEntry = process.env.HONEYHIVE_DIST ?? join(here, "..", "packages", "honeyhive", "dist", "index.js");

export const meta = {
  id: "honeyhive-ts-v2",
  label: "HoneyHive TS SDK v2 (this repo, 2.0.0-alpha.0)",
  // No package name: the harness would label the row with its own node_modules' honeyhive@1.0.42.
  packages: [],
  wrapper: "trace(fn, { eventName, tracer })",
  notes: "Independent tracer instance; OTLP/protobuf encoded directly from finished spans; inputs and outputs captured.",
};

export async function setup({ sinkUrl, workload }) {
  const { HoneyHiveTracer, trace } = await import(pathToFileURL(distEntry).href);
  const { work, workAsync, makeNested } = workload ?? (await import("../../shared/bench-peers/lib/workload.mjs"));
  const tracer = new HoneyHiveTracer({
    apiKey: "hh_bench_key",
    serverUrl: sinkUrl,
    source: "bench",
    sessionName: "peer-bench",
    maxQueueSize: 65536,
  });
  const wrap = (name, fn) => trace(fn, { eventName: name, tracer });
  return {
    sync: wrap("work", work),
    async: wrap("workAsync", workAsync),
    nested: makeNested(wrap),
    flush: () => tracer.flush(),
    shutdown: () => tracer.shutdown(),
    info: { sessionId: tracer.sessionId },
  };
}
