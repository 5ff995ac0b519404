// Prompt cache benchmark (issue 44, req 3): warm getPrompt() against a real dev server, kill the server, then time
// --calls getPrompt() calls served from the in-memory cache (goal: p99 under 1 ms); then a fresh process with the
// last-known-good file cache and no server times its first call (served offline from the file).
//
// Run:  npm run bench:prompts   (node --import tsx bench/prompt-cache.mjs [--calls=10000])
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDevServer } from "../packages/dev-server/src/index.ts";
import { HoneyHive, createApiClient } from "../packages/honeyhive/src/index.ts";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=")));
const KEY = "hh_bench_prompt_cache";
const NAME = "bench-prompt";

/** The child: a fresh process whose first getPrompt() the file cache serves (the server is gone). */
async function child(serverUrl, dir) {
  const started = performance.now();
  const prompt = await new HoneyHive({ apiKey: KEY, serverUrl, promptCacheDir: dir, logger: { debug() {}, info() {}, warn() {}, error() {} } }).getPrompt(NAME);
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, source: prompt.source, version: prompt.version }));
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const calls = Number(args.calls ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), "hh-bench-prompts-"));
  const server = await createDevServer({ port: 0, host: "127.0.0.1", inMemory: true, logger: { debug() {}, info() {}, warn() {}, error() {} } });
  const serverUrl = server.url;
  const created = await createApiClient({ apiKey: KEY, serverUrl }).configurations.create({
    name: NAME, provider: "openai", env: ["prod"],
    parameters: { call_type: "chat", model: "gpt-4o-mini", hyperparameters: { temperature: 0.2 }, template: [{ role: "user", content: "{{question}}" }] },
  });
  if (!created.ok) throw new Error(created.error);
  const hh = new HoneyHive({ apiKey: KEY, serverUrl, promptCacheDir: dir });
  const warm = await hh.getPrompt(NAME);
  await new Promise((resolve) => setTimeout(resolve, 200)); // the file cache write is in the background
  await server.close();

  const times = new Float64Array(calls);
  const sources = new Map();
  for (let i = 0; i < calls; i += 1) {
    const started = performance.now();
    const prompt = await hh.getPrompt(NAME);
    times[i] = performance.now() - started;
    sources.set(prompt.source, (sources.get(prompt.source) ?? 0) + 1);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const here = fileURLToPath(import.meta.url);
  const offline = JSON.parse(execFileSync(process.execPath, ["--import", "tsx", here, "--child", serverUrl, dir]).toString());
  rmSync(dir, { recursive: true, force: true });
  const result = {
    calls, version: warm.version, sources: Object.fromEntries(sources),
    p50Ms: +percentile(sorted, 50).toFixed(4), p99Ms: +percentile(sorted, 99).toFixed(4), maxMs: +sorted[sorted.length - 1].toFixed(4),
    p99Under1Ms: percentile(sorted, 99) < 1,
    freshProcessFirstCall: { ms: +offline.ms.toFixed(2), source: offline.source, sameVersion: offline.version === warm.version },
  };
  console.log(JSON.stringify(result, null, 2));
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4]);
else await main();
