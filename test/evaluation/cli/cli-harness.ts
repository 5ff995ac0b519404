import { spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Runs the real CLI entry (packages/honeyhive/src/cli/main.ts through tsx) as a child process. */
export const ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
export const SDK = pathToFileURL(join(ROOT, "packages/honeyhive/src/index.ts")).href;
export const TSX_LOADER = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;

/** A finished CLI process. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `honeyhive <args>` in `cwd` with `env` added to this process's environment (undefined removes). */
export function startCli(args: string[], cwd: string, env: Record<string, string | undefined>): ChildProcess {
  const merged: Record<string, string | undefined> = { ...process.env, CI: "1", ...env };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return spawn(process.execPath, ["--import", TSX_LOADER, join(ROOT, "packages/honeyhive/src/cli/main.ts"), ...args], { cwd, env: merged as NodeJS.ProcessEnv });
}

/** Runs `honeyhive <args>` to the end. */
export function runCli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((done) => {
    const child = startCli(args, cwd, env);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}
