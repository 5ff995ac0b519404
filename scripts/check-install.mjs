#!/usr/bin/env node
// `npm run check:install` (after `npm run build`): follows the README's "Install" section as a new user would, from
// the packed tarballs (scripts/pack-package.mjs, the packing scripts/check-packages.mjs checks):
//  1. the README's npm ranges accept the packages' versions and its tarball names are the packed ones;
//  2. `npm init -y` in an empty folder, then the README's install commands, in order: with only the SDK,
//     `npx honeyhive serve` says in one line how to install the dev server (the README's npm command); with both,
//     `npx honeyhive serve --help` and `npx honeyhive-dev-server --help` answer;
//  3. `npx honeyhive serve` (free port, a data folder in the project) prints the variables the README's run line
//     sets; the README's example (quickstart.mjs, taken from the README) runs with plain `node` and prints what the
//     README says; the server then holds its session and its run; a CommonJS file (`require`) is stored too;
//  4. SIGTERM (as Ctrl+C reaches the terminal's process group) stops the server with exit 0, data saved.
// The dependencies come from the registry (npm's cache first). The dev server's optional native SQLite driver is
// left out unless FULL_INSTALL=1 (npm compiles it where no prebuilt binary is downloadable): the server then runs on
// a Node with built-in SQLite — this one if it has it, else the pinned Node 22 of scripts/node22.sh.
// Quiet on success (one summary line); on failure prints the failing step with its output and exits 1.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packPackage, ROOT } from "./pack-package.mjs";
import { printedLinePattern, readInstallReadme, satisfiesCaret } from "./readme-install.mjs";
import { node22Dir, userEnv } from "./user-env.mjs";

const started = Date.now();
const work = mkdtempSync(join(tmpdir(), "hh-check-install-"));
const project = join(work, "my-app");
const fullInstall = process.env.FULL_INSTALL === "1";
let server; // the running `npx honeyhive serve`, stopped on failure

/** Runs one named step; on failure prints the step and its details, stops the server, keeps the folder, exits 1. */
async function step(name, fn) {
  try {
    return await fn();
  } catch (error) {
    console.error(`check-install: FAILED at "${name}"\n${error instanceof Error ? error.message : String(error)}`);
    if (server) process.kill(-server.pid, "SIGKILL");
    console.error(`(project left in ${project})`);
    process.exit(1);
  }
}

/** Runs a command in the project; throws with its output unless it exits with `expectCode`. */
function sh(command, args, { env = userEnv(), expectCode = 0 } = {}) {
  const result = spawnSync(command, args, { cwd: project, env, encoding: "utf8" });
  if (result.status !== expectCode) {
    throw new Error(`$ ${[command, ...args].join(" ")}\nexit ${result.status ?? result.signal} (expected ${expectCode})\n${result.stdout}${result.stderr}`);
  }
  return result;
}

/** Output lines without npm's own notices (`npm warn …` about the machine's npm configuration). */
const ownLines = (text) => text.split("\n").filter((line) => line.trim() !== "" && !/^npm (warn|notice)\b/.test(line));

const expect = (ok, message) => {
  if (!ok) throw new Error(message);
};

const readme = await step("read the README's Install section", () => readInstallReadme(readFileSync(join(ROOT, "README.md"), "utf8")));

mkdirSync(project);
const packed = await step("pack both packages (scripts/pack-package.mjs)", () => ({
  sdk: packPackage("honeyhive", project),
  dev: packPackage("dev-server", project),
}));

await step("README: npm ranges and tarball names", () => {
  for (const pkg of [packed.sdk, packed.dev]) {
    const line = readme.npmCommands.find((c) => c.name === pkg.name);
    expect(line, `README's npm commands do not install ${pkg.name}`);
    expect(satisfiesCaret(pkg.version, line.range), `README's "${line.command}" does not install ${pkg.name} ${pkg.version}`);
    expect(readme.checkoutCommands.some((c) => c.includes(`./${pkg.filename}`)), `README's commands from a checkout do not install ./${pkg.filename} (what npm pack writes for ${pkg.name} ${pkg.version})`);
  }
});

const [sdkInstall, devInstall] = await step("README: the install commands from a checkout", () => {
  const installs = readme.checkoutCommands.filter((c) => c.startsWith("npm install "));
  expect(installs.length === 2 && installs[0].includes(packed.sdk.filename) && installs[1].includes(packed.dev.filename),
    `expected two npm install lines, the SDK's then the dev server's; got:\n${installs.join("\n")}`);
  return installs.map((line) => line.split(/\s+/).slice(1));
});

const npmFlags = ["--no-audit", "--no-fund", "--loglevel=error", "--prefer-offline"];
await step("npm init -y", () => sh("npm", ["init", "-y"]));
await step(`npm ${sdkInstall.join(" ")}`, () => sh("npm", [...sdkInstall, ...npmFlags]));

await step("npx honeyhive --version / serve without the dev server", () => {
  const version = sh("npx", ["--no-install", "honeyhive", "--version"]).stdout.trim();
  expect(version === packed.sdk.version, `honeyhive --version printed "${version}", expected ${packed.sdk.version}`);
  const serve = sh("npx", ["--no-install", "honeyhive", "serve"], { expectCode: 1 });
  const devCommand = readme.npmCommands.find((c) => c.name === packed.dev.name).command;
  const lines = ownLines(serve.stderr);
  expect(lines.length === 1 && lines[0].includes(devCommand), `expected one line naming "${devCommand}"; got:\n${serve.stderr}`);
});

await step(`npm ${devInstall.join(" ")}`, () => sh("npm", [...devInstall, ...npmFlags, ...(fullInstall ? [] : ["--omit=optional"])]));

const serveHelp = await step("npx honeyhive serve --help / npx honeyhive-dev-server --help", () => {
  const help = sh("npx", ["--no-install", "honeyhive", "serve", "--help"]).stdout;
  expect(/--data-dir/.test(help), `honeyhive serve --help does not describe --data-dir:\n${help}`);
  const own = sh("npx", ["--no-install", "honeyhive-dev-server", "--help"]).stdout;
  expect(/--data-dir/.test(own), `honeyhive-dev-server --help does not describe --data-dir:\n${own}`);
  return help;
});

/** The folder of a Node with built-in SQLite for the server, or undefined when this one will do. */
function serverNodeDir() {
  if (fullInstall || spawnSync(process.execPath, ["-e", "require('node:sqlite')"], { stdio: "ignore" }).status === 0) return undefined;
  return node22Dir();
}

const served = await step("npx honeyhive serve", async () => {
  const nodeDir = serverNodeDir();
  const env = userEnv({}, nodeDir);
  const dataDir = join(project, ".honeyhive");
  server = spawn("npx", ["--no-install", "honeyhive", "serve", "--port", "0", "--data-dir", dataDir], { cwd: project, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  server.stdout.on("data", (chunk) => (output += chunk));
  server.stderr.on("data", (chunk) => (output += chunk));
  // "close": the server (npx's child) shares the pipes, so they close only once it has ended too.
  server.exited = new Promise((resolve) => server.on("close", (code, signal) => resolve(code ?? signal)));
  const printed = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "export HH_API_KEY" line within 60 s:\n${output}`)), 60_000);
    const look = () => {
      const url = output.match(/export HH_API_URL=(\S+)/);
      const key = output.match(/export HH_API_KEY=(\S+)/);
      if (!url || !key) return;
      clearTimeout(timer);
      resolve({ url: url[1], key: key[1] });
    };
    server.stdout.on("data", look);
    void server.exited.then((code) => reject(new Error(`exited (${code}) before printing its variables:\n${output}`)));
  });
  expect(printed.key === readme.run.key, `serve prints HH_API_KEY=${printed.key}; the README runs the example with HH_API_KEY=${readme.run.key}`);
  const readmeUrl = new URL(readme.run.url);
  expect(new URL(printed.url).hostname === readmeUrl.hostname, `serve listens on ${printed.url}; the README's run line uses ${readme.run.url}`);
  expect(serveHelp.includes(readmeUrl.port), `the README's run line uses port ${readmeUrl.port}, which serve --help does not give as its default:\n${serveHelp}`);
  return { ...printed, output: () => output };
});

/** GET an API route of the running server with the README's key. */
async function api(path) {
  const response = await fetch(`${served.url}${path}`, { headers: { authorization: `Bearer ${readme.run.key}` } });
  expect(response.ok, `GET ${path}: HTTP ${response.status} ${await response.clone().text()}`);
  return response.json();
}

const runId = await step("node quickstart.mjs (the README's example)", () => {
  writeFileSync(join(project, "quickstart.mjs"), readme.quickstart);
  const result = sh("node", ["quickstart.mjs"], { env: userEnv({ HH_API_URL: served.url, HH_API_KEY: readme.run.key }) });
  for (const line of readme.prints) expect(printedLinePattern(line).test(result.stdout), `stdout has no line like "${line}":\n${result.stdout}`);
  expect(ownLines(result.stderr).length === 0, `the example wrote to stderr:\n${result.stderr}`);
  return result.stdout.match(/^run (\S+):/m)[1];
});

const stored = await step("the server holds the example's session and run", async () => {
  const { events } = await api("/v1/events?limit=1000");
  const sessions = events.filter((e) => e.event_type === "session");
  const traced = sessions.filter((s) => s.event_name === "quickstart" && !s.metadata?.run_id);
  expect(traced.length === 1, `expected one "quickstart" session outside the run; sessions: ${JSON.stringify(sessions.map((s) => s.event_name))}`);
  const answers = events.filter((e) => e.event_name === "answer");
  expect(answers.some((e) => e.session_id === traced[0].session_id), `no "answer" event in the "quickstart" session`);
  const run = await api(`/v1/runs/${runId}`);
  const evaluation = run.evaluation ?? run;
  expect(evaluation.name === "quickstart", `run ${runId} is named ${JSON.stringify(evaluation.name)}, expected "quickstart"`);
  const inRun = answers.filter((e) => e.metadata?.run_id === runId);
  expect(inRun.length === 2, `expected the run's 2 datapoints to record an "answer" event each; found ${inRun.length}`);
  return events.length;
});

await step("CommonJS: require('honeyhive') and require('@honeyhive/dev-server')", async () => {
  writeFileSync(join(project, "check.cjs"), [
    'const { HoneyHiveTracer, trace } = require("honeyhive");',
    'if (typeof require("@honeyhive/dev-server").createDevServer !== "function") throw new Error("no createDevServer");',
    'const tracer = new HoneyHiveTracer({ sessionName: "quickstart-cjs" });',
    'trace(function fromCommonJs() { return 1; })();',
    "tracer.flush().then((sent) => (process.exitCode = sent ? 0 : 3)).then(() => tracer.shutdown());",
  ].join("\n"));
  sh("node", ["check.cjs"], { env: userEnv({ HH_API_URL: served.url, HH_API_KEY: readme.run.key }) });
  const { events } = await api("/v1/events?limit=1000");
  expect(events.some((e) => e.event_name === "fromCommonJs"), "the CommonJS file's event is not stored");
});

// npx itself ends on the signal; the server's own answer is its last line.
await step("SIGTERM stops the server, data saved", async () => {
  process.kill(-server.pid, "SIGTERM");
  const code = await server.exited;
  const output = served.output();
  server = undefined;
  expect(/^Stopped\. All data is saved\.$/m.test(output) && !/Shutdown failed/.test(output), `exit ${code}:\n${output}`);
});

rmSync(work, { recursive: true, force: true });
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(`check-install: ${packed.sdk.filename} + ${packed.dev.filename} installed into an empty project as the README says; ` +
  `its example ran (${stored} events stored, run ${runId}); serve, --help, CommonJS ok (${seconds} s)`);
