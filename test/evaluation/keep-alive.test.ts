import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * A script whose only pending work is evaluate() on unref'ed I/O (as the SDK's own sockets are) must not
 * exit in the middle of the run.
 */
describe("evaluate() keeps the process alive while it runs", () => {
  it("finishes a run whose HTTP responses arrive on unref'ed timers", () => {
    const root = resolve(__dirname, "../..");
    const dir = mkdtempSync(join(tmpdir(), "hh-keepalive-"));
    const script = join(dir, "run.mts");
    writeFileSync(
      script,
      `import { evaluate } from ${JSON.stringify(pathToFileURL(join(root, "packages/honeyhive/src/script/evaluate.ts")).href)};
const slowFetch = (url: string) => new Promise((done) => {
  const body = url.endsWith("/v1/runs") ? JSON.stringify({ run_id: "r1" }) : "{}";
  setTimeout(() => done(new Response(body, { status: 200 })), 150).unref();
});
const result = await evaluate({ apiKey: "k", serverUrl: "http://127.0.0.1:9", fetch: slowFetch as never,
  dataset: [{ inputs: { a: 1 } }], function: async (inputs: { a: number }) => inputs.a + 1 });
console.log("done", result.status, result.uploaded, result.datapoints[0]!.outputs);
`,
    );
    const loader = pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href;
    const run = spawnSync(process.execPath, ["--import", loader, script], { encoding: "utf8", env: { ...process.env, HH_API_KEY: "" } });
    expect(run.stdout.trim()).toBe("done completed true 2");
  }, 30_000);
});
