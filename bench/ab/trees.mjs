// The two builds the A/B gate compares: the working tree ("head") and a base commit, extracted with
// `git archive` into a temporary directory, given a node_modules of links into the working tree's (its own
// `npm ci` only when its package-lock.json differs), and built. A built base is kept per commit, lockfile and working
// tree under the system temp directory and reused by later runs; concurrent runs each build in a directory of their
// own and rename it into place.
import { execFileSync, execSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const git = (root, args) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
const tryGit = (root, args) => {
  try {
    return git(root, args);
  } catch {
    return undefined;
  }
};

/**
 * Which commit the working tree is compared with:
 * 1. `explicit` (`--base=<ref>`, e.g. a release tag), when given;
 * 2. the merge base with `main` (else `origin/main`) when HEAD has commits of its own (a branch, a pull request);
 * 3. HEAD itself when HEAD is main's tip but packages/ has uncommitted changes;
 * 4. otherwise (CI on main): the baseline commit recorded in `bench/ab/baseline-commit.txt` (the code of the last
 *    release that landed), when it is an ancestor of HEAD and packages/ changed since it, so a release's small
 *    changes, each within its margin, are measured together and cannot add up unseen;
 * 5. else the first parent of the newest commit of main's first-parent line that changed packages/ (a merged branch
 *    counts as one change), so every change to the published code is measured against the code just before it.
 */
export function resolveBase(root, explicit) {
  const sha = (ref) => tryGit(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (explicit) {
    const resolved = sha(explicit);
    if (!resolved) throw new Error(`--base=${explicit}: no such commit`);
    return { sha: resolved, why: `--base=${explicit}` };
  }
  const head = sha("HEAD");
  const main = ["main", "origin/main"].find((ref) => sha(ref) !== undefined);
  const mergeBase = main ? tryGit(root, ["merge-base", "HEAD", main]) : undefined;
  if (mergeBase && mergeBase !== head) return { sha: mergeBase, why: `merge base with ${main}` };
  if (git(root, ["status", "--porcelain", "--", "packages"]) !== "") return { sha: head, why: "HEAD (uncommitted changes under packages/)" };
  const baseline = recordedBaseline(root, sha);
  if (baseline) return baseline;
  // --first-parent: on main, a merged branch is one step (its merge commit), measured as a whole
  const last = git(root, ["log", "-1", "--first-parent", "--format=%H", "--", "packages"]);
  const before = last ? sha(`${last}^`) : undefined;
  if (!before) throw new Error("no commit before the last change to packages/ (a shallow clone? fetch more history or pass --base=<ref>)");
  return { sha: before, why: `before the last change to packages/ (${last.slice(0, 10)})` };
}

/** The file naming the baseline commit (rule 4 of {@link resolveBase}): `#` comment lines, then one commit id. */
export const BASELINE_FILE = "bench/ab/baseline-commit.txt";

/** Rule 4 of {@link resolveBase}: the recorded baseline, when it is an ancestor of HEAD and packages/ changed since. */
function recordedBaseline(root, commitOf) {
  let text;
  try {
    text = readFileSync(join(root, BASELINE_FILE), "utf8");
  } catch {
    return undefined;
  }
  const ref = text.split("\n").map((line) => line.trim()).find((line) => line !== "" && !line.startsWith("#"));
  const resolved = ref ? commitOf(ref) : undefined;
  if (!resolved || tryGit(root, ["merge-base", "--is-ancestor", resolved, "HEAD"]) === undefined) return undefined;
  // `git diff --quiet` fails when there are differences: no failure, no change to measure since the baseline
  if (tryGit(root, ["diff", "--quiet", resolved, "HEAD", "--", "packages"]) !== undefined) return undefined;
  return { sha: resolved, why: `the recorded baseline (${BASELINE_FILE})` };
}

/**
 * Intended regressions: `Bench-Accepted: <group>.<figure> <reason>` trailers of the commits between the base and HEAD
 * (e.g. `Bench-Accepted: cpu.nested gzip of span exports costs CPU`). Returns Map(figure id → reason); a figure named
 * by several trailers gets the newest one's reason (git log lists the newest first).
 */
export function acceptedRegressions(root, baseSha) {
  const out = tryGit(root, ["log", "--format=%(trailers:key=Bench-Accepted,valueonly,separator=%x0A)", `${baseSha}..HEAD`]) ?? "";
  const accepted = new Map();
  for (const line of out.split("\n")) {
    const match = /^\s*([\w.]+)\s+(.+?)\s*$/.exec(line);
    if (match && !accepted.has(match[1])) accepted.set(match[1], match[2]);
  }
  return accepted;
}

/** Links every entry of the working tree's node_modules into `dir`'s, except the workspace packages (linked to `dir`'s own). */
function linkNodeModules(root, dir) {
  const workspaces = new Map();
  for (const ws of JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).workspaces ?? []) {
    const name = JSON.parse(readFileSync(join(dir, ws, "package.json"), "utf8")).name;
    workspaces.set(name, join(dir, ws));
  }
  const target = join(dir, "node_modules");
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(join(root, "node_modules"))) {
    const scoped = [...workspaces.keys()].some((name) => name.startsWith(`${entry}/`));
    if (workspaces.has(entry)) symlinkSync(relative(target, workspaces.get(entry)), join(target, entry), "dir");
    else if (!scoped) symlinkSync(join(root, "node_modules", entry), join(target, entry), "dir");
    else {
      mkdirSync(join(target, entry));
      for (const inner of readdirSync(join(root, "node_modules", entry))) {
        const name = `${entry}/${inner}`;
        const from = join(target, entry, inner);
        if (workspaces.has(name)) symlinkSync(relative(join(target, entry), workspaces.get(name)), from, "dir");
        else symlinkSync(join(root, "node_modules", name), from, "dir");
      }
    }
  }
}

/**
 * An earlier build of the base is reused only when it was made for this working tree or has its own install (linked
 * node_modules point into the tree that made them, which a clone elsewhere or a removed checkout leaves dangling),
 * and what it loads still resolves.
 */
function reusable(marker, root, dir) {
  if (!existsSync(marker)) return false;
  let made;
  try { made = JSON.parse(readFileSync(marker, "utf8")); } catch { return false; }
  return (made?.root === root || made?.ownInstall === true) && existsSync(join(dir, "node_modules/@opentelemetry/api/package.json"));
}

/**
 * Extracts, installs and builds `sha` (or reuses an earlier build of it); returns its directory. A build is kept per
 * commit, lockfile and working tree (its linked node_modules point into that tree), and made in a directory of its
 * own, then renamed into place: two runs at once never build into, or remove, the directory the other one uses.
 */
export function prepareBase(root, sha, log) {
  const lock = readFileSync(join(root, "package-lock.json"), "utf8");
  const key = createHash("sha1").update(lock).update(root).digest("hex").slice(0, 10);
  const dir = join(tmpdir(), "honeyhive-bench-ab", `${sha.slice(0, 12)}-${key}`);
  const marker = join(dir, ".bench-ab-built");
  if (reusable(marker, root, dir)) {
    log(`base ${sha.slice(0, 10)}: reusing the build in ${dir}`);
    return dir;
  }
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  execSync(`git archive --format=tar ${sha} | tar -x -C ${JSON.stringify(building)}`, { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  const sameLock = readFileSync(join(building, "package-lock.json"), "utf8") === lock;
  const started = performance.now();
  if (sameLock) linkNodeModules(root, building);
  else {
    log(`base ${sha.slice(0, 10)}: its package-lock.json differs from the working tree's: npm ci (slow)`);
    execSync("npm ci --no-audit --no-fund --ignore-scripts=false", { cwd: building, stdio: ["ignore", "ignore", "inherit"] });
  }
  buildJavaScript(building);
  writeFileSync(join(building, ".bench-ab-built"), JSON.stringify({ root, ownInstall: !sameLock, built: new Date().toISOString() }));
  moveIntoPlace(building, dir, () => reusable(marker, root, dir));
  log(`base ${sha.slice(0, 10)}: extracted and built in ${((performance.now() - started) / 1000).toFixed(0)} s (${dir})`);
  return dir;
}

/**
 * Renames the finished build `building` to `dir`. When another run finished first (`dir` is a usable build), its
 * build is kept and this one removed; a broken `dir` is moved aside and removed first.
 */
function moveIntoPlace(building, dir, dirUsable) {
  try {
    renameSync(building, dir);
    return;
  } catch {
    // dir exists
  }
  if (dirUsable()) {
    rmSync(building, { recursive: true, force: true });
    return;
  }
  const aside = `${dir}.stale-${process.pid}`;
  renameSync(dir, aside);
  renameSync(building, dir);
  rmSync(aside, { recursive: true, force: true });
}

/** `npm run build` in `dir` (both workspace packages, with type declarations), output shown only on failure. */
export function buildTree(dir) {
  run("npm run build --silent", dir);
}

/**
 * The JavaScript of both workspace packages without type declarations (what the benchmarks load; the declarations
 * are most of a full build's time): the SDK's build script with `--no-types` (tsup with the package's config for a base
 * from before it), the dev server's tsup config with `dts: false`, then the dev server's viewer. Falls back to the full
 * build when the base's packages build some other way.
 */
function buildJavaScript(dir) {
  const tsup = `node --input-type=module -e "const { build } = await import('tsup'); await build({ dts: false, silent: true });"`;
  try {
    // the SDK's own build (one copy of the code for every entry point) where the base has it, else its tsup config
    if (existsSync(join(dir, "scripts/build-sdk.mjs"))) run("node scripts/build-sdk.mjs --no-types", dir);
    else run(tsup, join(dir, "packages/honeyhive"));
    run(tsup, join(dir, "packages/dev-server"));
    run("node ../../scripts/build-viewer.mjs", join(dir, "packages/dev-server"));
  } catch {
    buildTree(dir);
  }
}

function run(command, cwd) {
  try {
    execSync(command, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ""}${error.stderr ?? ""}`);
    throw new Error(`${command} failed in ${cwd}`);
  }
}
