// The scripts whose fresh-process start-up bench/startup.mjs and the A/B gate (bench/ab/) time: bare Node, raw
// OpenTelemetry (NodeTracerProvider + OTLP/proto exporter, one span, forceFlush) and the built SDK
// (`import "honeyhive"`, a tracer, one traced call, flush), each delivering its span to the loopback sink `sinkUrl`.
import { join } from "node:path";
import { pathToFileURL } from "node:url";

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
      await provider.forceFlush();
      await provider.shutdown();`,
    honeyhive: `
      const m = await import(${JSON.stringify(pathToFileURL(join(honeyhiveDist, "index.js")).href)});
      const tracer = new m.HoneyHiveTracer({ apiKey: "bench-key", serverUrl: ${JSON.stringify(sinkUrl)}, project: "bench", skipSessionStart: true });
      m.trace(function first(x) { return x + 1; }, { tracer })(1);
      if (!(await tracer.flush())) throw new Error("not delivered");
      await tracer.shutdown();`,
  };
}
