#!/usr/bin/env node
// `npm run check:otel-api` (after `npm run build`): the packed SDK installed into an empty project beside each minor
// of @opentelemetry/api its peer range accepts, as an app on that OpenTelemetry stack installs it:
//   api 1.9  · this Node (20) · @opentelemetry/instrumentation-http as pinned in the root package.json;
//   api 1.10 · this Node (20) · the same instrumentation (an app that only upgraded the API);
//   api 1.10 · Node 22 (scripts/node22.sh) · the SDK installed alone (npm picks api 1.9, which every peer range in
//              the tree accepts), then `npm install @opentelemetry/api@1.10 @opentelemetry/instrumentation-http@0.301.0`
//              as the README says: the current OpenTelemetry stack (SDK 3.x: api 1.10 and Node >= 22.15).
// For each: `npm install` succeeds; the only packages whose peer range rejects the installed API are the
// OpenTelemetry SDK 2.x pieces the SDK depends on (npm warns "ERESOLVE overriding peer dependency" for them on api
// 1.10; their code is bundled, docs/decisions/0031-bundled-otel-sdk.md), never honeyhive; then an ES module app and a
// CommonJS app each trace() a function that makes an http request through the instrumentation, and the in-memory
// dev server (a loopback receiver) holds the traced call and the instrumentation's client span as its child, both
// in the app's session.
//   --latest   only the Node 22 lane, upgrading to the newest @opentelemetry/api and instrumentation-http; reports
//              failures loudly and exits 0, as the frameworks' latest lane does (`npm run compat:latest`)
// One line per check and a summary; exits 1 on any failed check (0 with --latest).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDevServer } from "@honeyhive/dev-server";
import { packPackage, ROOT } from "./pack-package.mjs";
import { APP_CJS, APP_ESM } from "./otel-api-apps.mjs";
import { node22Dir, userEnv } from "./user-env.mjs";

const latest = process.argv.includes("--latest");
const rootManifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const PINNED_HTTP = rootManifest.devDependencies["@opentelemetry/instrumentation-http"];
const API_110 = latest ? "latest" : "1.10";
const HTTP_CURRENT = latest ? "latest" : "0.301.0";
/** Each lane's `npm install` commands in one new project, in order ("SDK" is the packed honeyhive tarball). */
const ALL_LANES = [
  { name: "api-1.9-node20", node: "this", installs: [["SDK", "@opentelemetry/api@1.9", `@opentelemetry/instrumentation-http@${PINNED_HTTP}`]] },
  { name: "api-1.10-node20", node: "this", installs: [["SDK", "@opentelemetry/api@1.10", `@opentelemetry/instrumentation-http@${PINNED_HTTP}`]] },
  // The SDK alone (npm picks the API version every peer range accepts), then the upgrade as the README says it.
  { name: latest ? "api-latest-node22" : "api-1.10-node22", node: "22", current: true,
    installs: [["SDK"], [`@opentelemetry/api@${API_110}`, `@opentelemetry/instrumentation-http@${HTTP_CURRENT}`]] },
];
const LANES = ALL_LANES.filter((lane) => !latest || lane.current);
/**
 * The packages allowed to reject the installed API with their peer range: the OpenTelemetry SDK 2.12 pieces the SDK
 * depends on (`>=1.x <1.10.0`; their code is bundled, the packages are installed for the types and, for
 * context-async-hooks, loaded). Update deliberately: honeyhive itself must never be among them.
 */
const ALLOWED_PEER_REJECTIONS = new Set(["@opentelemetry/context-async-hooks", "@opentelemetry/core", "@opentelemetry/resources",
  "@opentelemetry/sdk-trace", "@opentelemetry/sdk-trace-base"]);
const KEY = "hh_check_otel_api";
const npmFlags = ["--no-audit", "--no-fund", "--prefer-offline"];

const failures = [];
const check = (ok, message, details = "") => {
  console.log(`${ok ? "ok  " : "FAIL"} ${message}${ok || !details ? "" : `\n${details}`}`);
  if (!ok) failures.push(message);
  return ok;
};

/** The packages whose peer range rejects the installed @opentelemetry/api (`npm ls`'s "invalid" notes). */
function peerRejections(project, env) {
  const ls = spawnSync("npm", ["ls", "--all", "--json"], { cwd: project, env, encoding: "utf8" });
  const rejecting = new Set();
  const walk = (deps) => Object.entries(deps ?? {}).forEach(([name, dep]) => {
    if (name === "@opentelemetry/api" && typeof dep.invalid === "string") {
      for (const [, location] of dep.invalid.matchAll(/"[^"]*" from (\S+?)(?:,|$)/g)) rejecting.add(location.split("node_modules/").pop());
    }
    walk(dep.dependencies);
  });
  walk(JSON.parse(ls.stdout).dependencies);
  return [...rejecting].sort();
}

/** The version of package `name` installed in the project. */
function installedVersion(project, name) {
  return JSON.parse(readFileSync(join(project, "node_modules", name, "package.json"), "utf8")).version;
}

/** Runs one `npm install` in the project; returns npm's output, or undefined (a failed check) when npm failed. */
function npmInstall(lane, project, specs, tarball, env) {
  const packages = specs.map((spec) => (spec === "SDK" ? tarball : spec));
  const result = spawnSync("npm", ["install", ...npmFlags, ...packages], { cwd: project, env, encoding: "utf8" });
  const output = `${result.stdout}${result.stderr}`;
  const ok = check(result.status === 0, `${lane.name}: npm install ${specs.map((spec) => (spec === "SDK" ? "honeyhive.tgz" : spec)).join(" ")}` +
    `${result.status === 0 ? ` -> @opentelemetry/api ${installedVersion(project, "@opentelemetry/api")}` : ""}`, output);
  return ok ? output : undefined;
}

/** Runs the lane's installs in a new project; returns it and its API version, or undefined when npm failed. */
function install(lane, tarball, env) {
  const project = mkdtempSync(join(tmpdir(), `hh-${lane.name}-`));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: `check-${lane.name}`, private: true }));
  let warnings = 0;
  for (const specs of lane.installs) {
    const output = npmInstall(lane, project, specs, tarball, env);
    if (output === undefined) return undefined;
    warnings += output.split("\n").filter((line) => /ERESOLVE/.test(line)).length;
  }
  const api = installedVersion(project, "@opentelemetry/api");
  const rejecting = peerRejections(project, env);
  const unexpected = rejecting.filter((name) => !ALLOWED_PEER_REJECTIONS.has(name));
  check(unexpected.length === 0 && (api.startsWith("1.9.") ? rejecting.length === 0 : true),
    `${lane.name}: api ${api}, instrumentation-http ${installedVersion(project, "@opentelemetry/instrumentation-http")}; peer ranges rejecting it: ` +
      `${rejecting.length === 0 ? "none" : rejecting.join(", ")} (${warnings} npm ERESOLVE warning(s))`,
    `unexpected: ${unexpected.join(", ") || "(api 1.9 must be accepted by every peer range)"}`);
  return { project, api };
}

/** Runs an app without blocking this process, which serves the dev server and the target (killed after 60 s). */
function runApp(file, cwd, env) {
  return new Promise((resolve) => {
    const child = spawn("node", [file], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out = { stdout: "", stderr: "", status: null, signal: null };
    child.stdout.on("data", (chunk) => (out.stdout += chunk));
    child.stderr.on("data", (chunk) => (out.stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolve({ ...out, status, signal });
    });
  });
}

/** A loopback server the apps call through node:http (the instrumentation's client span). */
function startTarget() {
  const server = createServer((request, response) => response.end("ok"));
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** The session named `sessionName`: its traced `callTarget` event and the http client event under it. */
function findTrace(events, sessionName) {
  const session = events.find((e) => e.event_type === "session" && e.event_name === sessionName);
  const inSession = events.filter((e) => session && e.session_id === session.session_id);
  const traced = inSession.find((e) => e.event_name === "callTarget");
  const child = inSession.find((e) => traced && e.parent_id === traced.event_id && e.event_id !== traced.event_id);
  return { session, traced, child, names: inSession.map((e) => e.event_name) };
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "hh-check-otel-api-"));
  const sdk = packPackage("honeyhive", work);
  const node22 = node22Dir();
  const server = await createDevServer({ port: 0, inMemory: true, logger: { warn() {}, error() {}, info() {}, debug() {} } });
  const target = await startTarget();
  const targetUrl = `http://127.0.0.1:${target.address().port}/ping`;
  const apps = [];
  try {
    for (const lane of LANES) {
      const nodeDir = lane.node === "22" ? node22 : undefined;
      const installed = install(lane, sdk.tarball, userEnv({}, nodeDir));
      if (!installed) continue;
      writeFileSync(join(installed.project, "app.mjs"), APP_ESM);
      writeFileSync(join(installed.project, "app.cjs"), APP_CJS);
      for (const file of ["app.mjs", "app.cjs"]) {
        const sessionName = `${lane.name}-${file}`;
        const env = userEnv({ HH_API_URL: server.url, HH_API_KEY: KEY, HH_CHECK_SESSION: sessionName, HH_CHECK_TARGET: targetUrl }, nodeDir);
        const run = await runApp(file, installed.project, env);
        const nodeVersion = run.stdout.match(/^node (\S+)/m)?.[1] ?? "?";
        const builds = run.stdout.match(/^api builds (\S*)/m)?.[1] || "?";
        const ran = check(run.status === 0 && run.stderr.trim() === "",
          `${lane.name}: node ${file} (Node ${nodeVersion}, api builds loaded: ${builds}) exits 0, diagnose() ok, nothing on stderr`,
          `exit ${run.status ?? run.signal}\n${run.stdout}${run.stderr}`);
        if (ran) apps.push({ lane, file, sessionName, api: installed.api, nodeVersion });
      }
      rmSync(installed.project, { recursive: true, force: true });
    }
    const response = await fetch(`${server.url}/v1/events?limit=1000`, { headers: { authorization: `Bearer ${KEY}` } });
    const { events } = await response.json();
    for (const app of apps) {
      const found = findTrace(events, app.sessionName);
      check(Boolean(found.session && found.traced && found.child && /GET/.test(found.child.event_name)),
        `${app.lane.name}: ${app.file} on api ${app.api}: session "${app.sessionName}" holds callTarget and its http child (${found.child?.event_name ?? "none"})`,
        `events in the session: ${JSON.stringify(found.names)}`);
    }
  } finally {
    await server.close();
    target.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
if (failures.length > 0) {
  console.error(`\ncheck-otel-api: ${failures.length} check(s) failed${latest ? " on the newest @opentelemetry/api and instrumentation-http (report only: exit 0)" : ""}`);
  process.exit(latest ? 0 : 1);
}
console.log(`\ncheck-otel-api: honeyhive on @opentelemetry/api ${latest ? "latest" : "1.9 and 1.10"}, ES module and CommonJS apps, traced with an http instrumentation: all checks passed`);
