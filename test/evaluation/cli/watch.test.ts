import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../../packages/dev-server/src/index";
import { createLogger } from "../../../packages/honeyhive/src/internal/logger";
import { ROOT, TSX_LOADER } from "./cli-harness";

let server: DevServer;
let dir: string;

beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  dir = await mkdtemp(join(tmpdir(), "hh-watch-"));
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  await writeFile(join(dir, "answer.mjs"), "export const answer = (n) => n;\n");
  await writeFile(join(dir, "watched.eval.mjs"), `import { answer } from "./answer.mjs";
export default { name: "watched", dataset: [{ inputs: { n: 1 } }, { inputs: { n: 2 } }, { inputs: { n: 3 } }, { inputs: { n: 4 } }],
  function: (inputs) => answer(inputs.n), evaluators: [{ name: "even", fn: (out) => out % 2 === 0 }] };
`);
});
afterAll(() => server.close());

/** Waits until `text()` matches, or fails after `ms`. */
async function until(text: () => string, pattern: RegExp, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!pattern.test(text())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}; output so far:\n${text()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("honeyhive eval --watch", () => {
  it("reruns when an imported file changes and compares the rerun with the previous run", async () => {
    const child = spawn(process.execPath, ["--import", TSX_LOADER, join(ROOT, "packages/honeyhive/src/cli/main.ts"), "eval", "watched.eval.mjs", "--watch"], {
      cwd: dir, detached: true, env: { ...process.env, CI: "1", HH_API_URL: server.url, HH_API_KEY: "local" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    try {
      await until(() => stdout, /exit code 1\n/, 60_000); // n = 1 and 3 fail their verdict ("even")
      expect(stderr).toContain("watching the evaluation files and their imports");
      expect(stdout).not.toContain("Compared with the previous run");
      expect(stdout).toMatch(/even\s+0\.5/);
      await new Promise((r) => setTimeout(r, 500));
      await writeFile(join(dir, "answer.mjs"), "export const answer = (n) => n * 2;\n"); // every output even now
      await until(() => stdout, /Compared with the previous run [0-9a-f-]+:\n {2}even: 0\.5 -> 1 \(\+0\.5\)/, 60_000);
      expect(stdout.match(/Experiment "watched"/g)).toHaveLength(2);
    } finally {
      process.kill(-child.pid!, "SIGTERM");
    }
    expect(await Promise.race([exited, new Promise((r) => setTimeout(() => r("still running"), 15_000))])).not.toBe("still running");
  }, 150_000);
});
