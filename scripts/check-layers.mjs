#!/usr/bin/env node
// The dependency check of `npm run lint`: dependency-cruiser's rules (.dependency-cruiser.cjs: layers, package
// boundaries, the runtime seam, no module cycle), then the folder check (scripts/folder-graph.mjs): every top-level
// folder of each package in exactly one layer (scripts/folder-layers.cjs), no two folders importing each other (a
// folder cycle, with the folders and the files that close it), no folder importing its package's root files.
// Usage: node scripts/check-layers.mjs [--json <dependency-cruiser JSON output>] (the file: a result made earlier).
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { folderProblems } from "./folder-graph.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { PACKAGES } = createRequire(import.meta.url)("./folder-layers.cjs");

function cruise() {
  const at = process.argv.indexOf("--json");
  if (at > 0) return JSON.parse(readFileSync(process.argv[at + 1], "utf8"));
  const bin = join(root, "node_modules/.bin/depcruise");
  const out = execFileSync(bin, ["packages", "--config", ".dependency-cruiser.cjs", "--output-type", "json"], { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out);
}

const foldersOf = (pkg) => readdirSync(join(root, pkg.root), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

const result = cruise();
const violations = result.summary?.violations ?? [];
for (const v of violations) {
  const via = v.cycle ? ` (cycle: ${v.cycle.map((step) => step.name ?? step).join(" -> ")})` : "";
  console.error(`${v.rule.severity} ${v.rule.name}: ${v.from} -> ${v.to}${via}`);
}
const problems = PACKAGES.flatMap((pkg) => folderProblems(result.modules, pkg, foldersOf(pkg)));
for (const problem of problems) console.error(`error folder-layers: ${problem}`);
const errors = violations.filter((v) => v.rule.severity === "error").length + problems.length;
if (errors > 0) {
  console.error(`\n${errors} dependency problem(s): see .dependency-cruiser.cjs and scripts/folder-layers.cjs (docs/ARCHITECTURE.md, "Layers")`);
  process.exit(1);
}
console.log(`dependencies ok: ${result.modules.length} modules, ${PACKAGES.map((p) => `${p.name} ${p.layers.length} layers`).join(", ")}, no folder cycle`);
