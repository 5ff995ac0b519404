#!/usr/bin/env node
// The framework stacks (test/frameworks/stacks/<stack>/, each its own npm project with pinned versions and a lockfile):
// installs each, runs their routing tests, prints one table row per stack.
//
//   node scripts/test-frameworks.mjs                 # pinned lane (the CI gate): npm ci per stack, exit 1 on failure
//   node scripts/test-frameworks.mjs --latest        # latest lane: copies each stack to test/frameworks/.latest/,
//                                                    # installs the newest published versions, reports (exit 0)
//   node scripts/test-frameworks.mjs --only=ai7,mastra
//
// A stack's package.json may hold "latestLane": { "<dependency>": "<range>" } to keep the latest lane within a major
// (a stack that tests ai 5 follows ai@5, not ai@latest); every other dependency follows "latest".
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FRAMEWORKS = join(ROOT, "test/frameworks");
const STACKS = join(FRAMEWORKS, "stacks");
const LATEST = join(FRAMEWORKS, ".latest");
const RESULTS = join(FRAMEWORKS, ".results");
const latest = process.argv.includes("--latest");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
const quiet = ["--no-audit", "--no-fund", "--loglevel=error"];

function run(command, args, cwd, extraEnv = {}) {
  const result = spawnSync(command, args, { cwd, stdio: "inherit", env: { ...process.env, ...extraEnv } });
  return result.status ?? 1;
}

function stackNames() {
  if (!existsSync(STACKS)) return [];
  return readdirSync(STACKS).filter((name) => existsSync(join(STACKS, name, "package.json"))).filter((name) => !only || only.includes(name)).sort();
}

/** Copies a stack for the latest lane with every dependency moved to its newest published version. */
function prepareLatest(name) {
  const target = join(LATEST, name);
  rmSync(target, { recursive: true, force: true });
  cpSync(join(STACKS, name), target, { recursive: true, filter: (src) => !src.includes("node_modules") && !src.endsWith("package-lock.json") });
  const manifest = JSON.parse(readFileSync(join(target, "package.json"), "utf8"));
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

function install(name) {
  if (latest) return run("npm", ["install", ...quiet, "--legacy-peer-deps"], prepareLatest(name));
  return run("npm", ["ci", ...quiet], join(STACKS, name));
}

function cell(value, width) {
  return String(value).padEnd(width);
}

function printTable(names) {
  console.log(`\n== framework stacks (${latest ? "latest published versions" : "pinned versions"}, ${new Date().toISOString().slice(0, 10)})`);
  console.log(`${cell("stack", 24)}${cell("model events/calls", 20)}${cell("misrouted", 11)}${cell("doubled", 9)}${cell("inputs+outputs", 16)}${cell("tokens", 9)}versions`);
  let missing = 0;
  // a stack's own row (<stack>.json) and the rows of its other routes (<stack>-<route>.json), each file under the
  // longest stack name it starts with
  const owner = (file) => names.filter((n) => file === `${n}.json` || file.startsWith(`${n}-`)).sort((a, b) => b.length - a.length)[0];
  const rowFiles = (name) => readdirSync(RESULTS).filter((f) => f.endsWith(".json") && owner(f) === name).sort();
  for (const name of names) {
    if (!existsSync(join(RESULTS, `${name}.json`))) {
      missing++;
      console.log(`${cell(name, 24)}NO RESULT (install or test failed)`);
    }
    for (const file of rowFiles(name)) printRow(JSON.parse(readFileSync(join(RESULTS, file), "utf8")));
  }
  return missing;
}

function printRow(row) {
  const versions = Object.entries(row.versions).map(([p, v]) => `${p}@${v}`).join(" ");
  console.log(`${cell(row.stack, 24)}${cell(`${row.modelEvents}/${row.expected}`, 20)}${cell(row.misrouted, 11)}${cell(row.doubleCounted, 9)}${cell(row.withInputsOutputs, 16)}${cell(row.withTokens, 9)}${versions}`);
  for (const problem of row.problems) console.log(`    ${problem}`);
}

function main() {
  const names = stackNames();
  if (names.length === 0) {
    console.error("no framework stacks found under test/frameworks/stacks");
    return 1;
  }
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  if (latest) rmSync(LATEST, { recursive: true, force: true });
  const failedInstalls = names.filter((name) => install(name) !== 0);
  const installed = names.filter((name) => !failedInstalls.includes(name));
  const lane = latest ? ".latest" : "stacks";
  const files = installed.map((name) => `test/frameworks/${lane}/${name}/`);
  const testStatus = files.length === 0 ? 1 : run(join(ROOT, "node_modules/.bin/vitest"), ["run", "--config", "test/frameworks/vitest.config.ts", ...files], ROOT, latest ? { HH_FRAMEWORKS_LANE: "latest" } : {});
  const missing = printTable(names);
  const failed = testStatus !== 0 || failedInstalls.length > 0 || missing > 0;
  if (failedInstalls.length > 0) console.log(`install failed: ${failedInstalls.join(", ")}`);
  if (!failed) return 0;
  if (latest) {
    console.log("\n!! LATEST LANE: a newest published version breaks a stack (see above). The pinned lane stays the gate.\n");
    return 0;
  }
  return 1;
}

process.exit(main());
