// `npm run bench:ab`: the A/B benchmark gate. Builds a base commit (see trees.mjs for which) and the working tree,
// runs both interleaved in fresh child processes of this one (several rounds; each round runs base and head back
// to back, alternating which goes first), prints a table of medians, ranges, paired changes and noise-derived
// margins (stats.mjs), and exits 1 when a tracked figure regressed beyond its margin.
//
// Usage: npm run bench:ab -- [--base=<ref>] [--rounds=5] [--max-rounds=8] [--only=cpu,evaluate,ingest,startup,importSize]
//                            [--no-build] [--quick] [--full [--readme]]
//   --no-build  the working tree is already built (CI builds it before); the base is always built (or reused).
//   --quick     smaller sizes and 3 rounds: a smoke run, not a verdict you should trust.
//   --full      also the report-only groups of every performance goal (full.mjs), written to bench/out/ab-full.md;
//               --readme also writes that report into the BENCH block of docs/guide/performance.md. Only the gated figures fail the run.
//               Then the experiment peer benchmark (../experiment-peers.mjs; --readme: its EXPERIMENT_PEERS block), unless
//               --only is given without `experimentPeers`.
// An intended regression is declared in a commit between the base and HEAD with a trailer naming the figure id
// (group.key, as in bench/out/ab.json): `Bench-Accepted: cpu.nested gzip of span exports costs CPU per span`.
// HH_BENCH_INJECT_SLOWDOWN=0.2 makes the head side burn 20 % more CPU inside every measured window (read here and
// handed to the harness children only; it shows the gate catches a 20 % regression).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runExperimentPeers } from "../experiment-peers.mjs";
import { startSink } from "../sink.mjs";
import { REPORT_GROUPS, reportGroups, writeFullReport } from "./full.mjs";
import { cpuGroup, evaluateGroup, importSizeGroup, ingestGroup, startupGroup } from "./groups.mjs";
import { report, unsettled } from "./stats.mjs";
import { acceptedRegressions, buildTree, prepareBase, resolveBase } from "./trees.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const args = Object.fromEntries(process.argv.slice(2).map((a) => { const [k, v] = a.replace(/^--/, "").split("="); return [k, v ?? "true"]; }));
const quick = args.quick === "true";
const minRounds = Number(args.rounds ?? (quick ? 3 : 5));
const maxRounds = Math.max(minRounds, Number(args["max-rounds"] ?? (quick ? 3 : 8)));
const full = args.full === "true";
const gatedNames = ["cpu", "evaluate", "ingest", "startup", "importSize"];
const only = args.only ? args.only.split(",") : full ? [...gatedNames, ...REPORT_GROUPS] : gatedNames;
const loadAtStart = loadavg()[0];
const slowdown = Number(process.env.HH_BENCH_INJECT_SLOWDOWN ?? 0) || 0;
const log = (line) => process.stderr.write(`[bench:ab] ${line}\n`);
const started = performance.now();
const elapsedS = () => (performance.now() - started) / 1000;

const base = resolveBase(root, args.base);
log(`base: ${base.sha.slice(0, 10)} (${base.why}); head: the working tree; rounds ${minRounds}–${maxRounds}${slowdown ? `; INJECTED SLOWDOWN ${slowdown * 100} % on head` : ""}`);
const baseRoot = prepareBase(root, base.sha, log);
const accepted = acceptedRegressions(root, base.sha);
if (accepted.size) log(`accepted regressions (Bench-Accepted trailers since the base): ${[...accepted.keys()].join(", ")}`);
if (args["no-build"] !== "true") {
  buildTree(root);
  log(`head built (${elapsedS().toFixed(0)} s)`);
}
const sides = [{ label: "base", root: baseRoot, slowdown: 0 }, { label: "head", root, slowdown }];

const sink = await startSink();
const groups = {
  cpu: () => cpuGroup({ n: quick ? 3000 : 5000, trials: quick ? 5 : 9, sinkUrl: sink.url }),
  evaluate: () => evaluateGroup({ n: quick ? 500 : 2000, sinkUrl: sink.url }),
  ingest: () => ingestGroup({ requests: quick ? 8 : 30, batch: 512 }),
  startup: () => startupGroup({ spawns: quick ? 3 : 6, sinkUrl: sink.url, nodeModules: join(root, "node_modules") }),
  importSize: () => importSizeGroup(),
};
// the report-only groups, for --full or when --only names one of them
const extra = full || only.some((name) => REPORT_GROUPS.includes(name)) ? reportGroups({ quick, root, sinkUrl: sink.url, log }) : { groups: {}, notes: new Map() };

/** Runs a group's rounds (more, up to maxRounds, while a gated figure is noisy or its regression is unconfirmed). */
async function runGroup(group) {
  const samples = Object.fromEntries(group.figures.map((f) => [f.key, { base: [], head: [] }]));
  const [min, max] = group.rounds ? [group.rounds, group.rounds] : [minRounds, maxRounds];
  for (let round = 0; round < max; round++) {
    if (round >= min) {
      const open = unsettled(figuresOf(group, samples));
      if (open.length === 0) break;
      log(`${group.name}: not settled (noisy or regressed: ${open.join(", ")}), one more round`);
    }
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    const results = await group.round(order);
    for (const [i, side] of order.entries()) for (const f of group.figures) samples[f.key][side.label].push(results[i][f.key]);
    log(`${group.name} round ${round + 1}: ${group.figures.map((f) => `${f.key} ${f.fmt(samples[f.key].base.at(-1))} → ${f.fmt(samples[f.key].head.at(-1))}`).join(", ")} (${elapsedS().toFixed(0)} s)`);
  }
  return figuresOf(group, samples);
}

function figuresOf(group, samples) {
  return group.figures.map((f) => ({ ...f, id: `${group.id}.${f.key}`, accepted: accepted.get(`${group.id}.${f.key}`), base: samples[f.key].base, head: samples[f.key].head }));
}

const figures = [];
try {
  for (const name of only) {
    const make = groups[name] ?? extra.groups[name];
    if (!make && extra.notes.has(name)) log(`${name}: ${extra.notes.get(name)}, skipped`);
    else if (!make) throw new Error(`--only: unknown group "${name}" (${[...gatedNames, ...REPORT_GROUPS].join(", ")})`);
    else {
      const group = { ...make(), id: name };
      try {
        figures.push(...(await runGroup(group)).map((f) => ({ ...f, reportOnly: !groups[name] })));
      } finally {
        await group.close?.();
      }
    }
  }
} finally {
  await sink.close();
}

const labels = { base: `base ${base.sha.slice(0, 10)}`, head: slowdown ? `head (+${slowdown * 100} % injected)` : "head (working tree)" };
const { text, failed, noisy } = report(figures.filter((f) => !f.reportOnly), labels);
const machine = `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}, load average at the end ${loadavg().map((l) => l.toFixed(1)).join(" ")}`;
const summary = [
  `A/B benchmark gate: base ${base.sha.slice(0, 10)} (${base.why}) vs the working tree; ${machine}; ${elapsedS().toFixed(0)} s.`,
  "Cells: median (min–max over rounds). Change: median of the per-round ratios head / base. Higher is worse for every figure.",
  "",
  text,
  "",
  failed ? "FAILED: a tracked figure regressed beyond its margin." : "OK: no tracked figure regressed beyond its margin.",
  ...(noisy.length ? [`Too noisy to resolve a 20 % change even after ${maxRounds} rounds: ${noisy.join(", ")} (a busy machine; rerun when quieter).`] : []),
].join("\n");
console.log(summary);
mkdirSync(join(root, "bench/out"), { recursive: true });
writeFileSync(join(root, "bench/out/ab.md"), `${summary}\n`);
writeFileSync(join(root, "bench/out/ab.json"), JSON.stringify({ base, slowdown, machine, figures: figures.map((f) => ({ id: f.id, name: f.name, gated: f.gated, accepted: f.accepted, base: f.base, head: f.head })) }, null, 2));
if (full) {
  const fullMachine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}; load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end; ${(elapsedS() / 60).toFixed(1)} min`;
  console.log(`\n${writeFullReport({ root, figures, base, baseRef: args.base, rounds: [["rounds", args.rounds], ["max-rounds", args["max-rounds"]]], machine: fullMachine, notes: extra.notes, readme: args.readme === "true", quick })}`);
  log(`full report: bench/out/ab-full.md${args.readme === "true" ? " and docs/guide/performance.md's BENCH block" : ""}`);
  // the head beside the peers' experiment runners (no base: the peers are the comparison), unless --only leaves it out
  if (!args.only || only.includes("experimentPeers")) {
    try {
      await runExperimentPeers({ root, rows: quick ? 100 : 200, rounds: quick ? 2 : 5, docs: args.readme === "true", log });
      log(`experiment peers: bench/out/experiment-peers.md${args.readme === "true" ? " and docs/guide/performance.md's EXPERIMENT_PEERS block" : ""}`);
    } catch (error) {
      log(`experiment peers not measured: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
process.exitCode = failed ? 1 : 0;
