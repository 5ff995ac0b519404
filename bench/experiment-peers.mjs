// The experiment peer benchmark: this SDK's evaluate(), Braintrust's Eval, LangSmith's evaluate and Langfuse's
// experiment runner, each running the same trivial task and two evaluators over the same rows (bench/evaluate-workload.mjs)
// and uploading to one loopback sink (experiment-peers/sink.mjs, a process of its own). Each runner lives in its own
// process (experiment-peers/child.mjs) and is driven one measurement at a time, the runners' order rotating every
// round, so their figures come from the same minutes. A figure: the CPU of one whole experiment (every thread of the
// runner's process, its background uploads and final flush included) minus an untraced promise pool's doing the same
// work in the same process, per datapoint. The peers' packages are pinned in experiment-peers/package.json and
// installed from its lockfile into the system temp directory (never a dependency of the SDK or of this repository).
//
// Run: npm run bench:experiment-peers -- [--rows=200] [--rounds=5] [--concurrency=16] [--task-ms=5]
//      [--only=honeyhive,braintrust,langsmith,langfuse] [--docs]   (the script builds first; node bench/experiment-peers.mjs
//      runs the build there is)
// Writes bench/out/experiment-peers.md and .json; --docs also writes the table into docs/guide/performance.md's
// EXPERIMENT_PEERS block. `npm run bench:ab -- --full` runs it too (see bench/README.md).
import { fork } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { installPeers } from "./ab/peers.mjs";
import { replaceBenchBlock, wrap } from "./ab/full-report.mjs";
import { median } from "./ab/stats.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "experiment-peers");

/** The runners in the report's order, with the package that names each row. */
export const RUNNER_ROWS = [
  { runner: "honeyhive", label: "HoneyHive `evaluate()`", pkg: "honeyhive" },
  { runner: "braintrust", label: "Braintrust `Eval()`", pkg: "braintrust" },
  { runner: "langsmith", label: "LangSmith `evaluate()`", pkg: "langsmith" },
  { runner: "langfuse", label: "Langfuse `experiment.run()`", pkg: "@langfuse/client" },
];

/** Installs the peers (or reuses the install of the same lockfile) and copies the runner files beside them. */
function prepare(log) {
  const dir = installPeers(source, log, { cache: "honeyhive-experiment-peers", keyFiles: ["package-lock.json"], label: "experiment peers" });
  for (const file of readdirSync(source).filter((f) => f.endsWith(".mjs"))) copyFileSync(join(source, file), join(dir, file));
  return dir;
}

function versionOf(dir, root, pkg) {
  const file = pkg === "honeyhive" ? join(root, "packages/honeyhive/package.json") : join(dir, "node_modules", pkg, "package.json");
  return JSON.parse(readFileSync(file, "utf8")).version;
}

/** Forks a process and resolves with its first message (rejects when it exits first or takes longer than `ms`). */
function firstMessage(child, ms) {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no answer within ${ms / 1000} s`)), ms);
    const onExit = (code) => fail(new Error(`exited with code ${code}`));
    child.once("exit", onExit);
    child.once("message", (m) => {
      clearTimeout(timer);
      child.off("exit", onExit);
      ok(m);
    });
  });
}

function sinkStats(sink) {
  sink.send("stats");
  return firstMessage(sink, 10_000).then((m) => m.stats);
}

/** Starts every runner's process; those that fail to start are left out with the reason (`failed`). */
async function startRunners({ dir, names, config, failed, log }) {
  const children = new Map();
  for (const name of names) {
    const child = fork(join(dir, "child.mjs"), [], {
      cwd: dir, execArgv: ["--expose-gc"], stdio: ["ignore", "ignore", "pipe", "ipc"],
      env: { ...process.env, HH_API_KEY: "", EXPERIMENT_PEERS_CONFIG: JSON.stringify({ ...config, runner: name }) },
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-2000)));
    try {
      const ready = await firstMessage(child, 180_000);
      if (ready.error) throw new Error(ready.error);
      children.set(name, child);
    } catch (error) {
      failed.set(name, `${error.message}${stderr ? `: ${stderr.trim().split("\n").at(-1)}` : ""}`);
      log(`${name}: could not start (${failed.get(name)})`);
      child.kill();
    }
  }
  return children;
}

/** Runs the benchmark; returns { rows, text } (the markdown block without markers) and writes bench/out. */
export async function runExperimentPeers({ root = resolve(here, ".."), rows = 200, rounds = 5, concurrency = 16, taskMs = 5, only, docs = false, log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const loadAtStart = loadavg()[0];
  const started = performance.now();
  const dir = prepare(log);
  const sink = fork(join(source, "sink.mjs"), [], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const { url } = await firstMessage(sink, 30_000);
  const names = RUNNER_ROWS.map((r) => r.runner).filter((name) => !only || only.includes(name));
  const config = { sinkUrl: url, rows, taskMs, concurrency, warmup: rows, workload: join(here, "evaluate-workload.mjs"), honeyhiveDist: join(root, "packages/honeyhive/dist/index.js") };
  const failed = new Map();
  const children = await startRunners({ dir, names, config, failed, log });
  const samples = new Map([...children.keys()].map((name) => [name, []]));
  const order = [...children.keys()];
  for (let round = 0; round < rounds; round++) {
    const rotated = order.map((_, i) => order[(i + round) % order.length]);
    for (const name of rotated) {
      const child = children.get(name);
      const before = (await sinkStats(sink))[name]?.requests ?? 0;
      child.send({ cmd: "measure" });
      const result = await firstMessage(child, 300_000);
      if (result.error) throw new Error(`${name}: ${result.error}`);
      result.requests = ((await sinkStats(sink))[name]?.requests ?? 0) - before;
      samples.get(name).push(result);
    }
    log(`round ${round + 1}/${rounds}: ${rotated.map((n) => `${n} ${samples.get(n).at(-1).overheadUs.toFixed(0)} µs`).join(", ")}`);
  }
  const routes = await sinkStats(sink);
  for (const child of children.values()) child.send({ cmd: "close" });
  sink.disconnect();
  const table = reportRows({ samples, failed, dir, root });
  const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}; load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end; ${((performance.now() - started) / 60_000).toFixed(1)} min`;
  const command = `npm run bench:experiment-peers -- --rows=${rows} --rounds=${rounds} --concurrency=${concurrency} --task-ms=${taskMs}${docs ? " --docs" : ""}`;
  const text = reportText({ table, command, machine, rows, rounds, concurrency, taskMs });
  mkdirSync(join(root, "bench/out"), { recursive: true });
  writeFileSync(join(root, "bench/out/experiment-peers.md"), `${text}\n`);
  writeFileSync(join(root, "bench/out/experiment-peers.json"), `${JSON.stringify({ config: { rows, rounds, concurrency, taskMs }, machine, samples: Object.fromEntries(samples), failed: Object.fromEntries(failed), routes }, null, 1)}\n`);
  if (docs) {
    const file = join(root, "docs/guide/performance.md");
    writeFileSync(file, replaceBenchBlock(readFileSync(file, "utf8"), `<!-- EXPERIMENT_PEERS:START -->\n${text}\n<!-- EXPERIMENT_PEERS:END -->`, "EXPERIMENT_PEERS"));
  }
  return { samples, failed, text };
}

const range = (xs, digits = 0) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

/** The table: one row per runner, its median over rounds (range), its ratio to ours, wall time and requests. */
export function reportRows({ samples, failed, dir, root }) {
  const ours = samples.get("honeyhive");
  const ourMedian = ours?.length ? median(ours.map((s) => s.overheadUs)) : undefined;
  const lines = ["| runner | CPU per datapoint over the pool (µs) | ÷ HoneyHive's | wall per experiment (ms) | requests per experiment |", "|---|---:|---:|---:|---:|"];
  for (const row of RUNNER_ROWS) {
    const name = `${row.label} (${row.pkg} ${versionOf(dir, root, row.pkg)})`;
    const own = samples.get(row.runner);
    if (!own?.length) {
      lines.push(`| ${name} | ${failed.get(row.runner) ? `failed: ${failed.get(row.runner)}` : "not run"} | — | — | — |`);
      continue;
    }
    const us = own.map((s) => s.overheadUs);
    const ratio = ourMedian ? `${(median(us) / ourMedian).toFixed(2)}×` : "—";
    lines.push(`| ${name} | ${range(us)} | ${ratio} | ${range(own.map((s) => s.wallMs))} | ${median(own.map((s) => s.requests))} |`);
  }
  return lines.join("\n");
}

function reportText({ table, command, machine, rows, rounds, concurrency, taskMs }) {
  const intro = `Generated by \`${command}\`. Machine: ${machine}. Date: ${new Date().toISOString().slice(0, 10)}. ` +
    `Each runner runs ${rows} datapoints per experiment (a ${taskMs} ms task, two evaluators, concurrency ${concurrency}) in a ` +
    "process of its own (warmed up by one experiment of the same rows) and uploads to one loopback sink in another " +
    `process; ${rounds} rounds, the runners' order rotating each round. Cells: median (min–max over rounds).`;
  const context = "CPU per datapoint is the whole experiment's (every thread of the runner's process: starting it, the task " +
    "and evaluator calls, its traces and scores, and the final flush) minus an untraced promise pool's doing the same work " +
    "in the same process; \"÷ HoneyHive's\" above 1 means that runner costs more. Requests per experiment counts what " +
    "each SDK sent to the sink: HoneyHive's API takes a session start and a session update per datapoint, where the peers " +
    "send their rows in batches.";
  // "Date:" and the date stay on one line (the performance page's test reads them together)
  return [wrap(intro).replace(" Date:\n", "\nDate: "), "", table, "", wrap(context)].join("\n");
}

function parseArgs(argv) {
  return Object.fromEntries(argv.filter((a) => a.startsWith("--")).map((a) => {
    const [key, value] = a.slice(2).split("=");
    return [key, value ?? "true"];
  }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const known = new Set(["rows", "rounds", "concurrency", "task-ms", "only", "docs"]);
  for (const key of Object.keys(args)) if (!known.has(key)) throw new Error(`unknown option --${key} (known: ${[...known].join(", ")})`);
  const { text } = await runExperimentPeers({
    rows: Number(args.rows ?? 200), rounds: Number(args.rounds ?? 5), concurrency: Number(args.concurrency ?? 16),
    taskMs: Number(args["task-ms"] ?? 5), only: args.only?.split(","), docs: args.docs === "true",
  });
  console.log(text);
}
