// The scripts whose fresh-process start-up bench/startup.mjs and the A/B gate (bench/ab/) time: bare Node, raw
// OpenTelemetry (NodeTracerProvider + OTLP/proto exporter, one span, forceFlush) and the built SDK
// (`import "honeyhive"`, a tracer, one traced call, flush), each delivering its span to the loopback sink `sinkUrl`.
// Each script marks the moment its first traced call has returned, so one spawn gives both figures: fresh process →
// first traced call returned, and fresh process → first span delivered → exit.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

/** What a script runs once its first traced call has returned: the process's CPU and clock at that moment. */
const FIRST_CALL_MARK = `globalThis.__benchFirstCall = { cpu: process.cpuUsage(), now: performance.now() };`;
/** The end of every script: prints the first-call mark (bare Node has none: its end stands in) and the end, as JSON. */
const REPORT = `
{ const end = { cpu: process.cpuUsage(), now: performance.now() };
  process.stdout.write(JSON.stringify({ firstCall: globalThis.__benchFirstCall ?? end, end })); }`;

/** ESM script bodies by variant name; `honeyhiveDist` is a built `packages/honeyhive/dist` directory. */
export function startupScripts({ sinkUrl, honeyhiveDist, nodeModules }) {
  const nm = (p) => pathToFileURL(join(nodeModules, p)).href;
  return {
    "bare node": `process.exitCode = 0;`,
    "raw OTel SDK": `
      const { NodeTracerProvider, BatchSpanProcessor } = await import(${JSON.stringify(nm("@opentelemetry/sdk-trace-node/build/src/index.js"))});
      const { OTLPTraceExporter } = await import(${JSON.stringify(nm("@opentelemetry/exporter-trace-otlp-proto/build/src/index.js"))});
      const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: ${JSON.stringify(`${sinkUrl}/v1/traces`)} }))] });
      provider.register();
      provider.getTracer("bench").startActiveSpan("first", (span) => span.end());
      ${FIRST_CALL_MARK}
      await provider.forceFlush();
      await provider.shutdown();`,
    honeyhive: `
      const m = await import(${JSON.stringify(pathToFileURL(join(honeyhiveDist, "index.js")).href)});
      const tracer = new m.HoneyHiveTracer({ apiKey: "bench-key", serverUrl: ${JSON.stringify(sinkUrl)}, project: "bench", skipSessionStart: true });
      m.trace(function first(x) { return x + 1; }, { tracer })(1);
      ${FIRST_CALL_MARK}
      if (!(await tracer.flush())) throw new Error("not delivered");
      await tracer.shutdown();`,
  };
}

/** Writes `body` (a script of {@link startupScripts}, possibly wrapped) to `file` with the report that {@link timeStartup} reads. */
export function writeStartupScript(file, body) {
  writeFileSync(file, body + REPORT);
  return file;
}

/**
 * One fresh process of a script written by {@link writeStartupScript}, in ms: `firstCall` (spawn → first traced call
 * returned) and `delivered` (spawn → first span delivered → exit). CPU is the process's own (user + system) at each
 * point; wall is from spawn to exit, less the time the script ran after its first-call mark for `firstCall`.
 */
export async function timeStartup(file) {
  const started = performance.now();
  const { stdout } = await promisify(execFile)(process.execPath, [file], { env: { ...process.env, HH_API_KEY: "", HH_VERBOSE: "" } });
  const wallMs = performance.now() - started;
  const { firstCall, end } = JSON.parse(stdout);
  const cpuMs = (usage) => (usage.user + usage.system) / 1000;
  return {
    firstCall: { wallMs: wallMs - (end.now - firstCall.now), cpuMs: cpuMs(firstCall.cpu) },
    delivered: { wallMs, cpuMs: cpuMs(end.cpu) },
  };
}
