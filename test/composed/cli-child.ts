/**
 * The built `honeyhive` CLI as a child process (as a user runs it: `packages/honeyhive/bin`, `dist/`), optionally
 * SIGKILLed as its n-th write reaches the server: a proxy in front of the CLI's server kills the process when that
 * write arrives, forwards the write anyway (it lands after the kill, as one in flight does) and resolves once it was
 * answered.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startForwardingProxy } from "../helpers/forwarding-proxy";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "packages", "honeyhive", "bin", "honeyhive.js");

/** How a CLI run ended. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `honeyhive <args> --server-url <serverUrl>` in `cwd` with `apiKey`. */
export function runCli(args: string[], cwd: string, apiKey: string, serverUrl: string, onSpawn?: (pid: number) => void): Promise<CliRun> {
  if (!existsSync(join(ROOT, "packages", "honeyhive", "dist", "cli.js"))) throw new Error("packages/honeyhive/dist is missing: run `npm run build` first");
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args, "--server-url", serverUrl], { cwd, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", HH_API_KEY: apiKey } });
    if (child.pid !== undefined) onSpawn?.(child.pid);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

/**
 * Runs the CLI against `serverUrl` through a proxy that SIGKILLs it as its `killAt`-th write (1-based) arrives.
 * Resolves once the process is dead and that write was answered by the server.
 */
export async function runCliKilledAtWrite(args: string[], cwd: string, apiKey: string, serverUrl: string, killAt: number): Promise<CliRun> {
  let pid: number | undefined;
  let writes = 0;
  let landed: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (landed = resolve));
  const proxy = await startForwardingProxy(serverUrl, (req) => {
    if (req.method === "GET" || ++writes !== killAt) return;
    process.kill(pid!, "SIGKILL");
    return { status: () => landed() };
  });
  try {
    const run = await runCli(args, cwd, apiKey, proxy.url, (id) => (pid = id));
    if (run.signal === "SIGKILL") await answered;
    return run;
  } finally {
    await proxy.close();
  }
}
