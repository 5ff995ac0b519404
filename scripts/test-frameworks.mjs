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
//
// A stack's package.json may hold "latestLane": { "<dependency>": "<range>" } to keep the latest lane within a major
// (a stack that tests ai 5 follows ai@5, not ai@latest); every other dependency follows "latest".
// HH_FRAMEWORKS_INSTALL_JOBS sets how many stacks install at once (default 4).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatTable, readmeSection, replaceReadmeSection, summarize } from "./frameworks-table.mjs";

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

/** Runs the installed stacks' tests in one vitest run; returns each stack's outcome ("passed" / "failed"). */
function runTests(names) {
  const outcomes = new Map();
  if (names.length === 0) return outcomes;
  const lane = latest ? ".latest" : "stacks";
  const report = join(RESULTS, "vitest.json");
  const files = names.map((name) => `test/frameworks/${lane}/${name}/`);
  spawnSync(join(ROOT, "node_modules/.bin/vitest"), ["run", "--config", "test/frameworks/vitest.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...files], {
    cwd: ROOT, stdio: "inherit", env: { ...process.env, ...(latest ? { HH_FRAMEWORKS_LANE: "latest" } : {}) },
  });
  const results = existsSync(report) ? readJson(report).testResults ?? [] : [];
  for (const name of names) {
    const own = results.filter((r) => r.name.includes(`/test/frameworks/${lane}/${name}/`));
    outcomes.set(name, own.length > 0 && own.every((r) => r.status === "passed") ? "passed" : "failed");
  }
  return outcomes;
}

/** The pinned versions of a stack's dependencies (its package.json). */
function pinnedVersions(name) {
  return readJson(join(STACKS, name, "package.json")).dependencies ?? {};
}

/**
 * The rows a stack recorded: its own (`<stack>.json`) first, then those of its other routes (`<stack>-<route>.json`),
 * each file owned by the longest stack name it starts with.
 */
function rowsOf(name, names) {
  const owner = (file) => names.filter((n) => file === `${n}.json` || file.startsWith(`${n}-`)).sort((a, b) => b.length - a.length)[0];
  const files = readdirSync(RESULTS).filter((f) => f.endsWith(".json") && f !== "vitest.json" && f !== "latest-lane.json" && owner(f) === name);
  return files.sort((a, b) => (a === `${name}.json` ? -1 : b === `${name}.json` ? 1 : a.localeCompare(b))).map((f) => readJson(join(RESULTS, f)));
}

async function main() {
  const names = stackNames();
  if (names.length === 0) {
    console.error("no framework stacks found under test/frameworks/stacks");
    return 1;
  }
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  if (latest) rmSync(LATEST, { recursive: true, force: true });
  console.log(`== installing ${names.length} stack(s), ${jobs} at a time (${latest ? "newest published versions" : "pinned, npm ci"})`);
  const failedInstalls = await installAll(names);
  const outcomes = runTests(names.filter((name) => !failedInstalls.includes(name)));
  const date = new Date().toISOString().slice(0, 10);
  const stacks = names.map((name) => ({
    name, pinned: pinnedVersions(name), rows: rowsOf(name, names),
    outcome: failedInstalls.includes(name) ? "install failed" : outcomes.get(name) ?? "failed",
  })).map((stack) => (stack.outcome === "passed" && stack.rows.length === 0 ? { ...stack, outcome: "failed" } : stack)); // no row: nothing measured
  console.log(formatTable(stacks, { latest, date }));
  const summary = summarize(stacks, { latest });
  console.log(summary.text);
  if (latest) writeFileSync(join(RESULTS, "latest-lane.json"), `${JSON.stringify({ date, stacks }, null, 2)}\n`);
  if (updateReadme) {
    if (!latest) console.log("--readme needs --latest (the providers page lists the latest lane's last run); docs/guide/providers.md unchanged");
    else {
      const readmePath = join(ROOT, "docs/guide/providers.md");
      writeFileSync(readmePath, replaceReadmeSection(readFileSync(readmePath, "utf8"), readmeSection(stacks, date)));
      console.log("docs/guide/providers.md: tested-versions table rewritten from this run");
    }
  }
  if (summary.failed === 0) return 0;
  return latest ? 0 : 1; // the latest lane reports loudly and never fails the run; the pinned lane is the gate
}

process.exit(await main());
