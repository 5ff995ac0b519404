/**
 * The Next.js rows: one app (apps/next), built once with `next build`, served by one `next start` on 127.0.0.1;
 * four routes, each its own row (nodejs / edge runtime × tracer from instrumentation.js / built in the route).
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { type AppProcess, diagnosisProblems, fireRequests, startApp, waitFor } from "./app-process";
import { APPS_DIR, BINARIES, RUNTIMES_DIR } from "./paths";
import { DELIVERY_MS, type GroupContext, type RowGroup, type RowRun, baseEnv } from "./row-kit";

const NEXT_DIR = join(APPS_DIR, "next");
const ROUTES = ["node-instrumentation", "node-route", "edge-instrumentation", "edge-route"] as const;

/** A free loopback port (`next start` takes a port number, not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs `next build`; resolves with its output when it failed. */
function build(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BINARIES.next(), "build", NEXT_DIR], { cwd: RUNTIMES_DIR, env: baseEnv({}) as NodeJS.ProcessEnv });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => resolve(code === 0 ? undefined : `next build failed (${code}): ${output.trim().split("\n").slice(-8).join(" | ")}`));
  });
}

async function serveRoutes(ctx: GroupContext, app: AppProcess): Promise<Record<string, RowRun>> {
  const runs: Record<string, RowRun> = {};
  for (const route of ROUTES) {
    const row = `next-${route}`;
    const before = app.stderr().length;
    const problems = await fireRequests(`http://127.0.0.1:${app.port}`, `/${route}`, ctx.requests);
    await waitFor(() => ctx.delivered(row), DELIVERY_MS);
    problems.push(...(await diagnosisProblems(`http://127.0.0.1:${app.port}`, `/${route}`)));
    runs[row] = { stderr: app.stderr().slice(before), problems };
  }
  return runs;
}

export const nextGroup: RowGroup = {
  rows: ROUTES.map((route) => `next-${route}`),
  run: async (ctx) => {
    const fail = (why: string): Record<string, RowRun> => Object.fromEntries(ROUTES.map((route) => [`next-${route}`, { stderr: "", problems: [why] }]));
    const failed = await build();
    if (failed) return fail(failed);
    const port = await freePort();
    let app: AppProcess;
    try {
      app = await startApp(process.execPath, [BINARIES.next(), "start", NEXT_DIR, "-H", "127.0.0.1", "-p", String(port)], {
        cwd: RUNTIMES_DIR,
        env: baseEnv({ HH_API_URL: ctx.recorderUrl, NODE_ENV: "production" }),
        ready: (line) => (/\bReady\b/.test(line) ? port : undefined),
        timeoutMs: 60_000,
      });
    } catch (error) {
      return fail(error instanceof Error ? error.message.split("\n").slice(0, 6).join(" | ") : String(error));
    }
    const runs = await serveRoutes(ctx, app);
    await app.stop();
    return runs;
  },
};
