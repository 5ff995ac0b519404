import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, type CliRun } from "./cli-harness";

/** The built CLI (`npm test` builds first), run by plain Node: no TypeScript loader in the process. */
const CLI = join(ROOT, "packages/honeyhive/dist/cli.js");
let dir: string;

function builtCli(args: string[]): Promise<CliRun> {
  return new Promise((done) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CI: "1" };
    delete env.HH_API_KEY;
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  expect(existsSync(CLI), "dist/cli.js is missing: run `npm run build` first").toBe(true);
  dir = await mkdtemp(join(tmpdir(), "hh-ts-eval-")); // outside the repository: no project tsx next to the files
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  await writeFile(join(dir, "scale.ts"), "export function scale(n: number, by: number = 2): number {\n  return n * by;\n}\n");
  await writeFile(join(dir, "typed.eval.ts"), `import { scale } from "./scale.ts";
interface Inputs { n: number }
const config = { name: "typed", dataset: [{ inputs: { n: 1 } }, { inputs: { n: 2 } }],
  function: (inputs: Inputs): number => scale(inputs.n), evaluators: [{ name: "even", fn: (out: number): boolean => out % 2 === 0 }] };
export default config;
`);
  await writeFile(join(dir, "main-only.eval.ts"), "export async function main(): Promise<void> {}\n");
});

describe(".ts evaluation files with the built CLI", () => {
  it("run out of the box (Node's type stripping or the CLI's tsx), imports included", async () => {
    const run = await builtCli(["eval", "typed.eval.ts", "--json", "-"]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { experiments: { name: string; metrics: Record<string, { average: number }> }[] };
    expect(report.experiments[0]).toMatchObject({ name: "typed", metrics: { even: { average: 1 } } });
  }, 60_000);

  it("are rerun by --watch when a TypeScript module they import changes", async () => {
    const child = spawn(process.execPath, [CLI, "eval", "typed.eval.ts", "--watch"], { cwd: dir, detached: true, env: { ...process.env, CI: "1", HH_API_KEY: "" } });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const until = async (pattern: RegExp): Promise<void> => {
      const end = Date.now() + 60_000;
      while (!pattern.test(out)) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      await until(/exit code 0\n/);
      await new Promise((r) => setTimeout(r, 500));
      await writeFile(join(dir, "scale.ts"), "export function scale(n: number, by: number = 2): number {\n  return n * by + 1;\n}\n");
      await until(/Compared with the previous run [0-9a-f-]+:\n {2}even: 1 -> 0 \(-1\)/);
    } finally {
      process.kill(-child.pid!, "SIGTERM");
      await writeFile(join(dir, "scale.ts"), "export function scale(n: number, by: number = 2): number {\n  return n * by;\n}\n");
    }
  }, 150_000);

  it("explain a file that only exports main()", async () => {
    const run = await builtCli(["eval", "main-only.eval.ts"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("main-only.eval.ts: no evaluation found");
    expect(run.stderr).toContain("It exports main(), which the CLI does not call.");
  }, 60_000);
});
