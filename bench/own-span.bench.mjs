// Focused micro-benchmark of the SDK's own span lifecycle (docs/decisions/0001-own-span-lifecycle.md): CPU µs
// per traced call (span start, stamp, input/output capture, end, event type, pipeline push; export to a no-op
// exporter, so no encoding or HTTP) for
//   light         trace() with HoneyHive's provider global: the light HoneyHiveSpan
//   app-provider  trace() under an application's NodeTracerProvider with its own BatchSpanProcessor and
//                 HoneyHiveSpanProcessor: own spans are that provider's SDK spans
//   otel          raw OpenTelemetry: NodeTracerProvider + BatchSpanProcessor, startActiveSpan with JSON input/output
// Each variant runs in its own process (one global provider each), interleaved over rounds; small by default so
// it can run on a shared machine. Runs the TypeScript sources through tsx:
//   node bench/own-span.bench.mjs [--rounds 3] [--n 20000] [--only otel,light,app-provider,light=/path/to/old/src]
import { fork } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const noopExporter = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => undefined, forceFlush: async () => undefined };
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };

async function child(variant, n, src) {
  const { A, B, work } = await import("./workload.mjs");
  const { NodeTracerProvider, BatchSpanProcessor } = await import("@opentelemetry/sdk-trace-node");
  const api = await import("@opentelemetry/api");
  let fn;
  let flush;
  if (variant === "otel") {
    const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(noopExporter, { maxQueueSize: 65536 })] });
    provider.register();
    const tracer = api.trace.getTracer("bench");
    fn = (a, b) => tracer.startActiveSpan("work", (span) => {
      span.setAttribute("input", JSON.stringify([a, b]));
      const out = work(a, b);
      span.setAttribute("output", JSON.stringify(out));
      span.end();
      return out;
    });
    flush = () => provider.forceFlush();
  } else {
    const sdk = await import(pathToFileURL(join(src, "index.ts")).href);
    let provider;
    if (variant === "app-provider") {
      provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(noopExporter, { maxQueueSize: 65536 }), new sdk.HoneyHiveSpanProcessor()] });
      provider.register();
    }
    const tracer = new sdk.HoneyHiveTracer({ exporter: noopExporter, setAsDefault: false, maxQueueSize: 65536, logSink: () => undefined });
    fn = sdk.trace(work, { eventName: "work", tracer });
    flush = async () => { await tracer.flush(); await provider?.forceFlush(); };
  }
  const TRIALS = 5;
  const samples = [];
  for (let i = 0; i < n; i++) fn(A, B); // warm-up
  await flush();
  for (let t = 0; t < TRIALS; t++) {
    globalThis.gc?.();
    for (let i = 0; i < n / 4; i++) fn(A, B);
    await flush();
    const start = cpu();
    for (let i = 0; i < n; i++) {
      fn(A, B);
      if (i % 100 === 99) await new Promise((r) => setImmediate(r));
    }
    await flush();
    samples.push((cpu() - start) / n);
  }
  samples.sort((a, b) => a - b);
  process.send(samples[samples.length >> 1]);
}

if (process.env.OWN_SPAN_BENCH_CHILD) {
  const [name, n, src] = JSON.parse(process.env.OWN_SPAN_BENCH_CHILD);
  // "light=../other/src" measures a variant against another checkout's sources (before/after comparisons)
  const [variant, otherSrc] = name.split("=");
  await child(variant, n, otherSrc ? resolve(otherSrc) : src);
} else {
  const rounds = Number(flag("rounds", 3));
  const n = Number(flag("n", 20000));
  const src = resolve(flag("src", join(here, "..", "src")));
  const variants = flag("only", "otel,light,app-provider").split(",");
  const results = Object.fromEntries(variants.map((v) => [v, []]));
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) {
      const value = await new Promise((done, fail) => {
        const proc = fork(fileURLToPath(import.meta.url), [], {
          execArgv: ["--expose-gc", "--import", "tsx"],
          env: { ...process.env, OWN_SPAN_BENCH_CHILD: JSON.stringify([variant, n, src]) },
          stdio: ["ignore", "inherit", "inherit", "ipc"],
        });
        let got;
        proc.on("message", (m) => (got = m));
        proc.on("exit", (code) => (code === 0 && got !== undefined ? done(got) : fail(new Error(`${variant} exited with ${code}`))));
      });
      results[variant].push(value);
      process.stderr.write(`round ${round + 1} ${variant}: ${value.toFixed(2)} µs\n`);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(`CPU µs per traced call (median of ${rounds} rounds × 5 trials, ${n} calls each; src ${src})`);
  for (const v of variants) {
    const ratio = results.otel ? ` (${(median(results[v]) / median(results.otel)).toFixed(2)}× otel)` : "";
    console.log(`${v.padEnd(13)} ${median(results[v]).toFixed(2)}${ratio}`);
  }
}
