// The figures the A/B gate tracks, in five groups. Each group runs one round for both sides (base and head, in
// the order given, each in fresh processes) and returns per side { figureKey: value }; higher is worse for all.
import { execFile, fork } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { buildIngestBodies } from "../ingest-bodies.mjs";
import { startupScripts, timeStartup, writeStartupScript } from "../startup-scripts.mjs";
import { median } from "./stats.mjs";

const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const ratio = (x) => `${x.toFixed(2)}×`;
const us = (x) => `${x.toFixed(1)} µs`;
const ms = (x) => `${x.toFixed(0)} ms`;

/** Starts a driven child (cpu-child.mjs, evaluate-child.mjs, ingest-child.mjs) and returns `ask(message)` and `close()`. */
function driven(script, config, { args = [], env = {} } = {}) {
  const proc = fork(script, args, {
    execArgv: ["--expose-gc"], stdio: ["ignore", "ignore", "pipe", "ipc"],
    env: { ...process.env, ...env, BENCH_CONFIG: JSON.stringify(config), HH_VERBOSE: "", HH_API_KEY: "" },
  });
  let stderr = "";
  proc.stderr.on("data", (d) => (stderr += d));
  const failed = new Promise((_, reject) => proc.on("exit", (code) => code !== 0 && reject(new Error(`${[script, ...args].join(" ")} exited with ${code}: ${stderr.slice(-2000)}`))));
  failed.catch(() => undefined);
  const next = () => Promise.race([new Promise((resolve) => proc.once("message", resolve)), failed]);
  const ready = next();
  return {
    ready,
    ask: (message) => { const reply = next(); proc.send(message); return reply; },
    close: () => new Promise((resolve) => {
      if (proc.exitCode !== null || !proc.connected) return resolve();
      proc.once("exit", resolve);
      proc.send({ cmd: "close" }, (error) => error && resolve());
    }),
  };
}

/**
 * A dev server of one build (`devServerDist`) in a driven process of its own (ingest-child.mjs, fresh data directory):
 * `url`, `cpuUs(fn)` (the server's CPU while `fn` runs, the injected slowdown on top) and `close()`.
 */
export async function startDevServer(devServerDist, slowdown = 0) {
  const proc = driven(join(benchDir, "ab/ingest-child.mjs"), { devServerDist, slowdown });
  const { url } = await proc.ready;
  return {
    url,
    async cpuUs(fn) {
      await proc.ask("mark");
      const value = await fn();
      const { cpuUs } = await proc.ask("measure");
      return { cpuUs, value };
    },
    close: proc.close,
  };
}

/**
 * CPU per span (sync / async / nested) as a ratio to raw OpenTelemetry. Per round, three children (raw OpenTelemetry,
 * base, head) are set up, then their trials alternate (`trials` per shape, the order rotating); a round's figure is
 * the median over its trials of (this SDK's CPU per span ÷ raw OpenTelemetry's in the same trial). Two measures per
 * trial: the whole process (gated: every thread, so export, gzip on the thread pool and the exporter's I/O) and the
 * main thread alone (the app's own thread, report-only), each divided by raw OpenTelemetry's same measure; beside the
 * ratios, this SDK's µs per span (whole process and main thread).
 */
export function cpuGroup({ n, trials, sinkUrl }) {
  const shapes = ["sync", "async", "nested"];
  const measures = [["", "us", "whole process"], ["Main", "mainUs", "main thread"]];
  return {
    name: "CPU per span",
    figures: [
      ...shapes.map((w) => ({ key: w, name: `CPU per span ÷ raw OpenTelemetry, ${w} (whole process)`, fmt: ratio, gated: true })),
      ...shapes.map((w) => ({ key: `${w}Main`, name: `CPU per span ÷ raw OpenTelemetry, ${w} (main thread)`, fmt: ratio, gated: false })),
      ...shapes.flatMap((w) => measures.map(([suffix, , what]) => ({ key: `${w}${suffix}Us`, name: `CPU per span, ${w} (${what})`, fmt: us, gated: false }))),
    ],
    async round(sides) {
      const script = join(benchDir, "ab/cpu-child.mjs");
      const kids = [driven(script, { n, slowdown: 0 }, { args: ["otel", sinkUrl], env: {} }),
        ...sides.map((side) => driven(script, { n, slowdown: side.slowdown }, { args: ["honeyhive", sinkUrl], env: { BENCH_HONEYHIVE_DIST: join(side.root, "packages/honeyhive/dist") } }))];
      try {
        await Promise.all(kids.map((k) => k.ready));
        const out = sides.map(() => ({}));
        for (const shape of shapes) {
          for (const k of kids) await k.ask({ shape, warm: true });
          const samples = sides.map(() => Object.fromEntries(measures.flatMap(([suffix]) => [[suffix, []], [`${suffix}Us`, []]])));
          for (let t = 0; t < trials; t++) {
            const order = kids.map((_, i) => (i + t) % kids.length);
            const trial = [];
            for (const i of order) trial[i] = await kids[i].ask({ shape });
            for (const j of sides.keys()) {
              for (const [suffix, field] of measures) {
                samples[j][suffix].push(trial[j + 1][field] / trial[0][field]);
                samples[j][`${suffix}Us`].push(trial[j + 1][field]);
              }
            }
          }
          for (const j of sides.keys()) for (const [key, values] of Object.entries(samples[j])) out[j][`${shape}${key}`] = median(values);
        }
        return out;
      } finally {
        await Promise.all(kids.map((k) => k.close().catch(() => undefined)));
      }
    },
  };
}

/**
 * evaluate() client CPU per datapoint over an untraced promise pool, uploading to a loopback sink and with no key.
 * Per round, one child per side is set up and warmed, then their measurements alternate (`reps` per figure, the
 * order rotating), so both sides see the same minutes of load; a round's figure is the median of its `reps`.
 */
export function evaluateGroup({ n, sinkUrl, reps = 2 }) {
  return {
    name: "evaluate()",
    figures: [
      { key: "uploadedUs", name: `evaluate() overhead per datapoint, loopback sink (${n} datapoints)`, fmt: us, gated: true },
      { key: "noKeyUs", name: "evaluate() overhead per datapoint, no API key", fmt: us, gated: true },
    ],
    async round(sides) {
      return evaluateRound(sides, { sinkUrl, n, kinds: { uploadedUs: "uploaded", noKeyUs: "noKey" }, reps });
    },
  };
}

/**
 * One round of driven evaluate() children (evaluate-child.mjs: `n` datapoints, 5 ms task, concurrency 64, against
 * `sinkUrl`), one per side: for each figure key of `kinds` (figure key → the child's measurement kind), `reps`
 * measurements per side, alternating between the sides with the order rotating; returns per side { figureKey: median }.
 */
export async function evaluateRound(sides, { sinkUrl, n, kinds, reps }) {
  const keys = Object.keys(kinds);
  const kids = sides.map((side) => driven(join(benchDir, "ab/evaluate-child.mjs"), {
    dist: join(side.root, "packages/honeyhive/dist"), sinkUrl, n, concurrency: 64, taskMs: 5, slowdown: side.slowdown,
  }, { args: [side.label], env: {} }));
  try {
    await Promise.all(kids.map((k) => k.ready));
    const samples = sides.map(() => Object.fromEntries(keys.map((k) => [k, []])));
    for (let rep = 0; rep < reps; rep++) {
      for (const key of keys) {
        for (const j of kids.keys()) {
          const i = (j + rep) % kids.length;
          samples[i][key].push((await kids[i].ask({ kind: kinds[key] })).us);
        }
      }
    }
    return samples.map((s) => Object.fromEntries(keys.map((k) => [k, median(s[k])])));
  } finally {
    await Promise.all(kids.map((k) => k.close().catch(() => undefined)));
  }
}

/** Posts OTLP `bodies` to the dev server at `url` from `senders` concurrent senders; rejects on a non-200 answer. */
export async function post(url, bodies, senders) {
  let next = 0;
  const headers = { authorization: "Bearer bench", "content-type": "application/x-protobuf" };
  await Promise.all(Array.from({ length: senders }, async () => {
    while (next < bodies.length) {
      const res = await fetch(`${url}/opentelemetry/v1/traces`, { method: "POST", body: bodies[next++], headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`dev server answered ${res.status}`);
    }
  }));
}

/** Dev server CPU per ingested span: OTLP protobuf batches from 2 concurrent senders into a file-backed store. */
export function ingestGroup({ requests, batch }) {
  const warm = 4;
  let bodies;
  return {
    name: "dev server ingest",
    figures: [{ key: "cpuUsPerSpan", name: `dev server ingest CPU per span (${requests} × ${batch} spans)`, fmt: us, gated: true }],
    async round(sides) {
      bodies ??= buildIngestBodies({ requests: requests + warm, batch });
      const out = [];
      for (const side of sides) {
        const server = await startDevServer(join(side.root, "packages/dev-server/dist"), side.slowdown);
        try {
          await post(server.url, bodies.slice(0, warm), 2);
          const { cpuUs } = await server.cpuUs(() => post(server.url, bodies.slice(warm), 2));
          out.push({ cpuUsPerSpan: cpuUs / (requests * batch) });
        } finally {
          await server.close();
        }
      }
      return out;
    },
  };
}

/**
 * Fresh process → first traced call returned, and → first span delivered → exit, over bare Node: CPU ms (medians of
 * `spawns`; the delivered one gated) and wall ms of the delivered one.
 */
export function startupGroup({ spawns, sinkUrl, nodeModules }) {
  const work = mkdtempSync(join(tmpdir(), "hh-bench-ab-startup-"));
  const fileFor = (name, body) => writeStartupScript(join(work, `${name}.mjs`), body);
  const scriptOf = (side) => {
    const body = startupScripts({ sinkUrl, honeyhiveDist: join(side.root, "packages/honeyhive/dist"), nodeModules }).honeyhive;
    if (!side.slowdown) return fileFor(side.label, body);
    return fileFor(side.label, `import { spinCpuUs } from ${JSON.stringify(join(benchDir, "ab/spin.mjs"))};
      const __c0 = process.cpuUsage(); ${body}
      { const c = process.cpuUsage(__c0); spinCpuUs(${side.slowdown} * (c.user + c.system)); }`);
  };
  let bare;
  const files = new Map();
  return {
    name: "cold start",
    figures: [
      { key: "wallMs", name: "cold start to first span delivered, wall over bare Node", fmt: ms, gated: false },
      { key: "cpuMs", name: "cold start to first span delivered, CPU over bare Node", fmt: ms, gated: true },
      { key: "firstCallCpuMs", name: "cold start to first traced call returned, CPU over bare Node", fmt: ms, gated: false },
    ],
    async round(sides) {
      bare ??= fileFor("bare", startupScripts({ sinkUrl, honeyhiveDist: "", nodeModules })["bare node"]);
      for (const side of sides) if (!files.has(side.label)) files.set(side.label, scriptOf(side));
      const samples = [[], ...sides.map(() => [])];
      for (let i = 0; i < spawns; i++) {
        samples[0].push(await timeStartup(bare));
        for (const [j, side] of sides.entries()) samples[j + 1].push(await timeStartup(files.get(side.label)));
      }
      const med = (list, point, k) => median(list.map((s) => s[point][k]));
      // bare Node has no first call: its whole run stands in
      const over = (j, point, k) => med(samples[j + 1], point, k) - med(samples[0], "delivered", k);
      return sides.map((_, j) => ({ wallMs: over(j, "delivered", "wallMs"), cpuMs: over(j, "delivered", "cpuMs"), firstCallCpuMs: over(j, "firstCall", "cpuMs") }));
    },
  };
}

/** Figures of the import size: the build's own files loaded by `import "honeyhive"` and `require("honeyhive")`. */
const IMPORT_FIGURES = [
  { key: "importFiles", how: "import", what: "files", name: "import \"honeyhive\": files of the package loaded", budget: 17 },
  { key: "importKB", how: "import", what: "bytes", name: "import \"honeyhive\": KB of the package loaded", budget: 620 },
  { key: "requireFiles", how: "require", what: "files", name: "require(\"honeyhive\"): files of the package loaded" },
  { key: "requireKB", how: "require", what: "bytes", name: "require(\"honeyhive\"): KB of the package loaded", budget: 690 },
];

/**
 * What `import "honeyhive"` and `require("honeyhive")` load of the package (files and KB, 1 KB = 1,000 bytes), in a fresh
 * process each (bench/ab/import-size-child.mjs). The same every time: one round. Gated by its budget (what the last
 * release before the features did, commit e4316ae: 17 files and 620 KB for import, 690 KB for require) and, like
 * every figure, against the base.
 */
export function importSizeGroup() {
  const child = join(benchDir, "ab/import-size-child.mjs");
  const measure = async (side, how) => {
    const { stdout } = await promisify(execFile)(process.execPath, [child, join(side.root, "packages/honeyhive/dist"), how], { env: { ...process.env, HH_API_KEY: "", HH_VERBOSE: "" } });
    return JSON.parse(stdout);
  };
  return {
    name: "import size",
    rounds: 1,
    figures: IMPORT_FIGURES.map(({ key, name, budget, what }) => ({ key, name, gated: true, budget, fmt: what === "files" ? (x) => `${x}` : (x) => `${x.toFixed(0)} KB` })),
    async round(sides) {
      const out = [];
      for (const side of sides) {
        const loaded = { import: await measure(side, "import"), require: await measure(side, "require") };
        out.push(Object.fromEntries(IMPORT_FIGURES.map(({ key, how, what }) => [key, what === "files" ? loaded[how].files : loaded[how].bytes / 1000])));
      }
      return out;
    },
  };
}
