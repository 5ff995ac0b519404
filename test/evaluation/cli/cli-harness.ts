import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createDevServer, type DevServer } from "../../../packages/dev-server/src/index";
import { createLogger } from "../../../packages/honeyhive/src/internal/logger";

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

/**
 * Starts `honeyhive <args>` in `cwd` with `env` added to this process's environment (undefined removes), on `node`
 * (default: this process's Node).
 */
export function startCli(args: string[], cwd: string, env: Record<string, string | undefined>, node = process.execPath): ChildProcess {
  const merged: Record<string, string | undefined> = { ...process.env, CI: "1", ...env };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return spawn(node, ["--import", TSX_LOADER, join(ROOT, "packages/honeyhive/src/cli/main.ts"), ...args], { cwd, env: merged as NodeJS.ProcessEnv });
}

/**
 * Runs `honeyhive <args>` to the end. `onStderr` is told the error output so far each time it grows, with a way to
 * interrupt the CLI (SIGINT).
 */
export function runCli(args: string[], cwd: string, env: Record<string, string | undefined> = {}, onStderr?: (text: string, interrupt: () => void) => void): Promise<CliRun> {
  return new Promise((done) => {
    const child = startCli(args, cwd, env);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on("data", (c: Buffer) => {
      stderr += c.toString();
      onStderr?.(stderr, () => child.kill("SIGINT"));
    });
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/** A dev server in memory that logs nothing, for the CLI's runs to report to. */
export function quietDevServer(): Promise<DevServer> {
  return createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
}

/** A new temporary folder (`prefix`) of ES modules holding `files` (relative path → text; folders are made). */
export async function evalFolder(prefix: string, files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}
