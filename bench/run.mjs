// `npm run bench`: all-in CPU per traced span (creation, capture, batching, OTLP encoding and loopback HTTP
// export) of this SDK against raw OpenTelemetry JS and an untraced baseline, measured in ONE run with the
// variants interleaved over several rounds (shared machines are noisy: compare ratios, not absolute figures).
// Usage: npm run build && node bench/run.mjs [--rounds 3] [--n 20000] [--only honeyhive,otel]
import { fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSink } from "./sink.mjs";
import { FULL_ROWS } from "./ab/full-report.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const rounds = Number(flag("rounds", 3));
const n = Number(flag("n", 20000));
const variants = flag("only", "baseline,otel,honeyhive").split(",");
const workloads = ["sync", "async", "nested", "thirdParty"];

function runChild(variant, sinkUrl) {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, "cpu-child.mjs"), [variant, sinkUrl], {
      execArgv: ["--expose-gc"],
      env: { ...process.env, BENCH_CONFIG: JSON.stringify({ n, trials: 5 }), HH_VERBOSE: "" },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result;
    child.on("message", (m) => (result = m));
    child.on("exit", (code) => (code === 0 && result ? resolve(result) : reject(new Error(`${variant} exited with ${code}`))));
  });
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const sink = await startSink();
const samples = Object.fromEntries(variants.map((v) => [v, Object.fromEntries(workloads.map((w) => [w, []]))]));
for (let round = 0; round < rounds; round++) {
  for (const variant of variants) {
    const { results } = await runChild(variant, sink.url);
    for (const [w, value] of Object.entries(results)) samples[variant][w].push(value);
    process.stderr.write(`round ${round + 1}/${rounds} ${variant}: ${Object.entries(results).map(([w, v]) => `${w}=${v.toFixed(2)}µs`).join(" ")}\n`);
  }
}
await sink.close();

const table = Object.fromEntries(variants.map((v) => [v, Object.fromEntries(workloads.map((w) => [w, samples[v][w].length ? median(samples[v][w]) : undefined]))]));
const fmt = (x) => (x === undefined ? "—" : x.toFixed(2));
const lines = [
  `CPU µs per span, all-in (loop + flush + OTLP export to a loopback sink); median of ${rounds} rounds × 5 trials; ${n} spans per trial.`,
  "",
  `| variant | ${workloads.join(" | ")} |`,
  `|---|${workloads.map(() => "---:").join("|")}|`,
  ...variants.map((v) => `| ${v} | ${workloads.map((w) => fmt(table[v][w])).join(" | ")} |`),
];
if (table.otel && table.honeyhive) {
  lines.push("", `Ratio honeyhive / raw OpenTelemetry (lower is better; goal ${FULL_ROWS.find((r) => r.id === "cpu.sync").goal}):`, "");
  lines.push(`| ${workloads.join(" | ")} |`, `|${workloads.map(() => "---:").join("|")}|`);
  lines.push(`| ${workloads.map((w) => (table.otel[w] && table.honeyhive[w] ? `${(table.honeyhive[w] / table.otel[w]).toFixed(2)}×` : "—")).join(" | ")} |`);
}
const report = lines.join("\n");
console.log(report);
mkdirSync(join(here, "out"), { recursive: true });
writeFileSync(join(here, "out", "cpu-per-span.md"), `${report}\n`);
writeFileSync(join(here, "out", "cpu-per-span.json"), JSON.stringify({ n, rounds, table, samples, node: process.version }, null, 2));
