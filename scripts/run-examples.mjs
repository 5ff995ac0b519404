#!/usr/bin/env node
/**
 * `npm run examples`: runs every example in examples/ and fails on the first non-zero exit.
 * - `examples/*.ts` (not `*.eval.ts`) run as scripts with tsx; each starts its own in-process local
 *   HoneyHive server (examples/support/local-backend.ts) and prints what it sent.
 * - `examples/*.eval.ts` run through the `honeyhive eval` CLI, each with the command its header documents, against a
 *   local server started here (in this process, in memory, on a free port).
 * - the documentation's snippets marked `<!-- run-snippet -->` (written to `examples/readme-snippets/*.run.ts` by
 *   scripts/check-readme-snippets.mjs, run here first) run as written with tsx, with `HH_API_URL` and `HH_API_KEY`
 *   naming a local server started here; each must exit 0.
 * - `examples/vitest/` and `examples/jest/` (evals as test-runner tests) run under real vitest and jest against
 *   the same local server; each must pass and its run must be stored there. They import the built package
 *   (`npm run build` first, as CI does).
 * Other examples resolve `honeyhive` to the sources through examples/tsconfig.json, so no build is needed.
 * Run through tsx (`npm run examples`), which lets this script import the dev server's TypeScript sources.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const examples = join(root, "examples");
const tsconfig = join(examples, "tsconfig.json");
const tsx = pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href;
const TIMEOUT_MS = 120_000;

function run(label, args, env = {}, nodeArgs = ["--import", tsx]) {
  return new Promise((resolve) => {
    console.log(`\n▶ ${label}`);
    const child = spawn(process.execPath, [...nodeArgs, ...args], {
      cwd: examples,
      stdio: "inherit",
      env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig, ...env },
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const files = readdirSync(examples).filter((f) => f.endsWith(".ts")).sort();
const scripts = files.filter((f) => !f.endsWith(".eval.ts"));
const evalFiles = files.filter((f) => f.endsWith(".eval.ts"));
const failed = [];
for (const file of scripts) {
  if ((await run(`examples/${file}`, [file])) !== 0) failed.push(file);
}
/**
 * The `honeyhive eval` arguments an eval file's header documents (`npx honeyhive eval examples/<file> …`), so the
 * command a reader copies is the one checked here: file paths made relative to examples/ (the working directory),
 * a `--markdown` or `--junit` output written into `outDir`.
 */
function documentedEvalArgs(file, outDir) {
  const line = readFileSync(join(examples, file), "utf8").split("\n").find((l) => l.includes("npx honeyhive eval "));
  if (line === undefined) throw new Error(`examples/${file}: its header documents no "npx honeyhive eval …" command`);
  const args = line.slice(line.indexOf("npx honeyhive eval ") + "npx honeyhive eval ".length).trim().split(/\s+/);
  return args.map((arg, i) => {
    if (arg.startsWith("examples/")) return arg.slice("examples/".length);
    return ["--markdown", "--junit"].includes(args[i - 1]) ? join(outDir, basename(arg)) : arg;
  });
}

if (evalFiles.length > 0) {
  const { createDevServer } = await import(pathToFileURL(join(root, "packages/dev-server/src/index.ts")).href);
  const server = await createDevServer({ inMemory: true, port: 0 });
  const env = { HH_API_URL: server.url, HH_API_KEY: "local", CI: "1" };
  const outDir = mkdtempSync(join(tmpdir(), "hh-examples-"));
  for (const file of evalFiles) {
    const args = documentedEvalArgs(file, outDir);
    const code = await run(`honeyhive eval ${args.join(" ")} (as documented in examples/${file})`, [join(root, "packages/honeyhive/src/cli/main.ts"), "eval", ...args], env);
    if (code !== 0) failed.push(file);
  }
  rmSync(outDir, { recursive: true, force: true });
  await server.close();
}
const snippets = join(examples, "readme-snippets");
if ((await run("extract the documentation's snippets", [join(root, "scripts/check-readme-snippets.mjs")], {}, [])) !== 0) failed.push("snippet extraction");
const runnable = readdirSync(snippets).filter((f) => f.endsWith(".run.ts")).sort();
if (runnable.length > 0) {
  const { createDevServer } = await import(pathToFileURL(join(root, "packages/dev-server/src/index.ts")).href);
  const server = await createDevServer({ inMemory: true, port: 0 });
  const env = { HH_API_URL: server.url, HH_API_KEY: "local", CI: "1" };
  for (const file of runnable) {
    const from = readFileSync(join(snippets, file), "utf8").split("\n")[0].replace(/^\/\/ generated from (\S+) .*$/, "$1");
    if ((await run(`snippet of ${from} (as written)`, [join(snippets, file)], env)) !== 0) failed.push(`snippet of ${from}`);
  }
  await server.close();
}
{
  const { createDevServer } = await import(pathToFileURL(join(root, "packages/dev-server/src/index.ts")).href);
  const server = await createDevServer({ inMemory: true, port: 0 });
  const env = { HH_API_URL: server.url, HH_API_KEY: "local", CI: "1" };
  const runners = [
    ["vitest", "support-router (vitest)", [join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", join(examples, "vitest/vitest.config.mjs")], []],
    ["jest", "support-router (jest)", [join(root, "node_modules/jest/bin/jest.js"), "--config", join(examples, "jest/jest.config.mjs"), "--ci"], ["--experimental-vm-modules", "--no-warnings"]],
  ];
  for (const [runner, experiment, args, nodeArgs] of runners) {
    const code = await run(`examples/${runner} (${runner})`, args, env, nodeArgs);
    const listed = await fetch(`${server.url}/v1/runs`, { headers: { authorization: "Bearer local" } }).then((r) => r.json());
    const stored = listed.evaluations.find((r) => r.name === experiment);
    if (code !== 0 || !stored || stored.status !== "completed") failed.push(`examples/${runner}`);
    else console.log(`run "${experiment}" stored: ${stored.event_ids.length} sessions, ${stored.status}`);
  }
  await server.close();
}
if (failed.length > 0) {
  console.error(`\n${failed.length} example(s) failed: ${failed.join(", ")}`);
  process.exit(1);
}
console.log(`\nAll ${files.length + 2} examples and ${runnable.length} documentation snippets ran.`);
