#!/usr/bin/env node
// Builds both packages (`npm run build`) unless their dist folders were built from exactly the sources there now.
// `npm ci` builds once (the root's `prepare`); `npm test` and CI's build step then reuse that build instead of making
// the same files twice more. The stamp (node_modules/.cache/honeyhive-build/stamp.json) holds a SHA-256 over every
// build input (each package's sources, bins, configs and manifest; the build scripts; the lockfile; the root
// tsconfig) and a listing of the dist files it made (name and size); a change to either means a build.
//   node scripts/build-if-stale.mjs          # build when stale, then record the stamp
//   node scripts/build-if-stale.mjs --check  # exit 1 when stale, 0 when fresh (no build)
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const STAMP = join(ROOT, "node_modules/.cache/honeyhive-build/stamp.json");
/** Root files every build reads. */
const ROOT_INPUTS = ["package.json", "package-lock.json", "tsconfig.json",
  "scripts/build-sdk.mjs", "scripts/build-viewer.mjs", "scripts/tsup-core.mjs"];
/** What each package contributes: its sources, executables, build configs and manifest (not generated docs). */
const PACKAGE_INPUT = (name) => name === "src" || name === "bin" || name === "package.json" || /\.(mjs|ts|json)$/.test(name);
const DISTS = ["packages/honeyhive/dist", "packages/dev-server/dist"];

/** Every file under `dir` (recursively), as paths relative to the repository, sorted. */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(relative(ROOT, path));
  }
  return out.sort();
}

/** The SHA-256 of every build input's path and content. */
function inputsHash() {
  const hash = createHash("sha256");
  const packages = readdirSync(join(ROOT, "packages")).sort();
  const files = [...ROOT_INPUTS.filter((f) => existsSync(join(ROOT, f)))];
  for (const pkg of packages) {
    for (const name of readdirSync(join(ROOT, "packages", pkg)).sort().filter(PACKAGE_INPUT)) {
      const path = join(ROOT, "packages", pkg, name);
      files.push(...(statSync(path).isDirectory() ? filesUnder(path) : [relative(ROOT, path)]));
    }
  }
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(ROOT, file))).update("\0");
  return hash.digest("hex");
}

/** The dist files (name and size); empty when a dist folder is missing. */
function distListing() {
  if (DISTS.some((d) => !existsSync(join(ROOT, d)))) return "";
  return DISTS.flatMap(filesUnder).map((f) => `${f}:${statSync(join(ROOT, f)).size}`).join("\n");
}

const readStamp = () => { try { return JSON.parse(readFileSync(STAMP, "utf8")); } catch { return undefined; } };
const inputs = inputsHash();
const stamp = readStamp();
const fresh = stamp?.inputs === inputs && stamp.dist === distListing() && stamp.dist !== "";

if (process.argv.includes("--check")) process.exit(fresh ? 0 : 1);
if (fresh) {
  console.log("build: up to date (packages/*/dist were built from these sources)");
} else {
  execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, JSON.stringify({ inputs, dist: distListing() }));
}
