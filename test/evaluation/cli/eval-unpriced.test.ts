/**
 * Issue 47, requirement 6: `honeyhive eval`'s summary names the models whose calls had no price (their cost is
 * unknown, never 0), before its final line. The real CLI (tsx) runs an evaluation file against the real dev server;
 * each datapoint's traced model step records a call of a model no price table knows and one of a priced model.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../../packages/dev-server/src/index";
import { createLogger } from "../../../packages/honeyhive/src/internal/logger";
import { ROOT, SDK, runCli } from "./cli-harness";

const OTEL_API = pathToFileURL(join(ROOT, "node_modules/@opentelemetry/api/build/src/index.js")).href;

const EVAL_FILE = `import { evaluate, trace } from ${JSON.stringify(SDK)};
import * as otel from ${JSON.stringify(OTEL_API)};
const llm = (model) => trace(async (prompt) => {
  otel.trace.getActiveSpan()?.setAttributes({ "gen_ai.operation.name": "chat", "gen_ai.provider.name": "acme", "gen_ai.request.model": model,
    "gen_ai.usage.input_tokens": 10, "gen_ai.usage.output_tokens": 5 });
  return "echo: " + prompt;
}, { eventType: "model", eventName: "llm" });
await evaluate({ name: "unpriced", dataset: [{ inputs: { q: "a" } }, { inputs: { q: "b" } }, { inputs: { q: "c" } }],
  function: async function answer(inputs) { await llm("gpt-4o-mini")(inputs.q); return llm("acme-house-1")(inputs.q); } });
`;

let server: DevServer;
let dir: string;
beforeAll(async () => {
  server = await createDevServer({ port: 0, host: "127.0.0.1", inMemory: true, logger: createLogger({ sink: () => undefined }) });
  dir = await mkdtemp(join(tmpdir(), "hh-eval-unpriced-"));
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  await writeFile(join(dir, "unpriced.eval.mjs"), EVAL_FILE);
});
afterAll(() => server.close());

describe("honeyhive eval names the unpriced models in its summary", () => {
  it("3 calls of acme-house-1: one line naming it with its provider and count, before the final line; the priced model not named", async () => {
    const run = await runCli(["eval", "unpriced.eval.mjs"], dir, { HH_API_URL: server.url, HH_API_KEY: "local" });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    const unpriced = lines.findIndex((line) => line.startsWith("Unpriced:"));
    expect(lines[unpriced]).toBe('Unpriced: 3 model call(s) had no price, so their cost is unknown (not 0): "acme-house-1" (acme) ×3');
    expect(unpriced).toBeLessThan(lines.length - 1);
    expect(run.stdout).not.toContain("gpt-4o-mini");
  });
});
