// Micro-benchmark of the OTLP trace encoders: ours (src/otlp) vs @opentelemetry/otlp-transformer's
// ProtobufTraceSerializer / JsonTraceSerializer, on realistic HoneyHive spans (~15 attributes).
//
// Run:  node --import tsx bench/otlp-encode.bench.mjs [--quick] [--rounds=5] [--batch=512]
//
// Each measurement runs in its own child process (own heap, so neither encoder pays for the other's
// garbage) and reports CPU time (user + system) per span after a warm-up; the parent alternates ours and
// theirs for several rounds and prints medians. CPU time rather than wall time keeps the figures usable
// on a busy machine.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=")));
const quick = "quick" in args;
const batch = Number(args.batch ?? 512);

async function child() {
  const { JsonTraceSerializer, ProtobufTraceSerializer } = await import("@opentelemetry/otlp-transformer");
  const { encodeTraceRequestJson, encodeTraceRequestProtobuf } = await import("../packages/honeyhive/src/otlp/index.ts");
  const { RESOURCE_ATTRIBUTES, makeSpans } = await import("./otlp-fixtures.mjs");
  const encoders = {
    "ours:protobuf": (s) => encodeTraceRequestProtobuf(s, RESOURCE_ATTRIBUTES),
    "ours:json": (s) => encodeTraceRequestJson(s, RESOURCE_ATTRIBUTES),
    "otel:protobuf": (s) => ProtobufTraceSerializer.serializeRequest(s),
    "otel:json": (s) => JsonTraceSerializer.serializeRequest(s),
  };
  const encode = encoders[`${args.impl}:${args.format}`];
  const spans = makeSpans(batch);
  const single = spans.map((s) => [s]);
  const pass = args.mode === "single" ? () => { for (const one of single) encode(one); } : () => encode(spans);
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) * 1000;
  };
  const budget = quick ? 0.4e9 : 1e9;
  let start = cpu();
  while (cpu() - start < budget) pass();
  let passes = 0;
  start = cpu();
  while (cpu() - start < budget) {
    pass();
    passes++;
  }
  process.stdout.write(String((cpu() - start) / passes / spans.length));
}

function parent() {
  const rounds = Number(args.rounds ?? (quick ? 3 : 5));
  const self = fileURLToPath(import.meta.url);
  const run = (impl, format, mode) =>
    Number(execFileSync(process.execPath, [...process.execArgv, self, "--child", `--impl=${impl}`, `--format=${format}`,
      `--mode=${mode}`, `--batch=${batch}`, ...(quick ? ["--quick"] : [])], { encoding: "utf8" }));
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rows = [];
  for (const format of ["protobuf", "json"]) {
    for (const mode of ["batch", "single"]) {
      const ours = [];
      const theirs = [];
      for (let r = 0; r < rounds; r++) {
        ours.push(run("ours", format, mode));
        theirs.push(run("otel", format, mode));
      }
      const a = median(ours);
      const b = median(theirs);
      rows.push({
        format, input: mode === "batch" ? `batch of ${batch}` : "one span per request",
        "ours ns/span": Math.round(a), "otlp-transformer ns/span": Math.round(b), speedup: `${(b / a).toFixed(2)}x`,
      });
    }
  }
  console.log(`node ${process.version}; ${batch} spans, 15 attributes on 7 of every 8 spans; CPU ns per span, median of ${rounds} alternating child-process runs`);
  console.table(rows);
}

if ("child" in args) await child();
else parent();
