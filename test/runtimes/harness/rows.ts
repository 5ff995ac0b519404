/**
 * The matrix rows. Each group starts one app (or one process per row) serving the shared work of apps/shared/work.mjs
 * and sends it the row's requests; the driver then checks what the recorder got under the row's key.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { bundleApp } from "./bundle";
import { APPS_DIR, BINARIES, RUNTIMES_DIR, WORK_DIR } from "./paths";
import { writeWorkerdConfig } from "./workerd-config";
import { lambdaGroup } from "./lambda-group";
import { nextGroup } from "./next-group";
import { type AppProcess, diagnosisProblems, startApp } from "./app-process";
import { type GroupContext, type RowGroup, baseEnv, serveAndFire } from "./row-kit";

function nodeRow(row: string, node: () => string): RowGroup {
  return {
    rows: [row],
    run: (ctx) =>
      serveAndFire(row, ctx, () =>
        startApp(node(), [join(APPS_DIR, "node/server.mjs")], { cwd: RUNTIMES_DIR, env: baseEnv({ HH_API_URL: ctx.recorderUrl, ROW: row }) }),
      ),
  };
}

const bunRow: RowGroup = {
  rows: ["bun"],
  run: (ctx) =>
    serveAndFire("bun", ctx, () =>
      startApp(BINARIES.bun(), [join(APPS_DIR, "bun/server.mjs")], { cwd: RUNTIMES_DIR, env: baseEnv({ HH_API_URL: ctx.recorderUrl, ROW: "bun" }) }),
    ),
};

const denoRow: RowGroup = {
  rows: ["deno"],
  run: (ctx) =>
    serveAndFire("deno", ctx, () =>
      startApp(BINARIES.deno(), ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", join(APPS_DIR, "deno/server.mjs")], {
        cwd: RUNTIMES_DIR,
        env: baseEnv({ HH_API_URL: ctx.recorderUrl, ROW: "deno", DENO_NO_UPDATE_CHECK: "1", DENO_DIR: join(WORK_DIR, "deno-cache") }),
      }),
    ),
};

interface WorkerdSetup {
  row: string;
  entry: string;
  flags: readonly string[];
  nodeBuiltins: "all" | readonly string[];
}

/** Bundles the worker, writes its config and starts workerd; resolves with the app or the bundle error. */
async function startWorkerd(setup: WorkerdSetup, ctx: GroupContext): Promise<AppProcess | string> {
  const dir = join(WORK_DIR, setup.row);
  mkdirSync(dir, { recursive: true });
  const failed = await bundleApp({
    entry: join(APPS_DIR, setup.entry), outfile: join(dir, "worker.js"), format: "esm", conditions: ["workerd", "worker", "browser"], nodeBuiltins: setup.nodeBuiltins,
  });
  if (failed) return failed;
  const config = writeWorkerdConfig({ dir, script: "worker.js", flags: setup.flags, bindings: { HH_API_URL: ctx.recorderUrl, ROW: setup.row } });
  return startApp(BINARIES.workerd(), ["serve", config, "--control-fd=3"], {
    cwd: dir, env: baseEnv({}), extraStdio: ["pipe"], readyOnFd3: true,
    ready: (line) => {
      const event = JSON.parse(line) as { event?: string; port?: number };
      return event.event === "listen" ? event.port : undefined;
    },
  });
}

function workerdRow(row: string, nodejsCompat: boolean): RowGroup {
  const setup: WorkerdSetup = nodejsCompat
    ? { row, entry: "workerd/worker.mjs", flags: ["nodejs_compat"], nodeBuiltins: "all" }
    : { row, entry: "workerd/worker.mjs", flags: ["nodejs_als"], nodeBuiltins: ["node:async_hooks"] };
  return {
    rows: [row],
    run: (ctx) =>
      serveAndFire(row, ctx, async () => {
        const app = await startWorkerd(setup, ctx);
        if (typeof app === "string") throw new Error(app);
        return app;
      }),
  };
}

/** workerd with no flag at all: diagnose() must report the missing AsyncLocalStorage (and only that) with its fix. */
const workerdNoFlagsDiagnose: RowGroup = {
  rows: ["workerd-no-flags-diagnose"],
  run: async (ctx) => {
    const row = "workerd-no-flags-diagnose";
    let app: AppProcess | string;
    try {
      app = await startWorkerd({ row, entry: "workerd/no-flags-diagnose.mjs", flags: [], nodeBuiltins: [] }, ctx);
    } catch (error) {
      app = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    }
    if (typeof app === "string") return { [row]: { stderr: "", problems: [app], diagnoseOnly: true } };
    const found = await diagnosisProblems(`http://127.0.0.1:${app.port}`, "/");
    await app.stop();
    const expected = found.length === 1 && found[0]!.startsWith("diagnose(): async-local-storage:");
    const problems = expected ? [] : [`expected exactly the async-local-storage problem, got: ${found.join(" | ") || "none"}`];
    return { [row]: { stderr: app.stderr().replace(/^.*no AsyncLocalStorage in this runtime.*\n?/m, ""), problems, diagnoseOnly: true } };
  },
};

const edgeRow: RowGroup = {
  rows: ["vercel-edge"],
  run: async (ctx) => {
    const dir = join(WORK_DIR, "vercel-edge");
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, "handler.js");
    const failed = await bundleApp({
      entry: join(APPS_DIR, "edge/handler.mjs"), outfile, format: "iife", conditions: ["edge-light", "worker", "browser"], nodeBuiltins: [],
    });
    if (failed) return { "vercel-edge": { stderr: "", problems: [failed] } };
    return serveAndFire("vercel-edge", ctx, () =>
      startApp(process.execPath, [join(APPS_DIR, "edge/serve.mjs"), outfile], { cwd: RUNTIMES_DIR, env: baseEnv({ HH_API_URL: ctx.recorderUrl, ROW: "vercel-edge" }) }),
    );
  },
};

/** Every group, in the order the matrix runs them. */
export const ALL_GROUPS: RowGroup[] = [
  nodeRow(`node${process.versions.node.split(".")[0]}`, () => process.execPath),
  nodeRow("node22", BINARIES.node22),
  nodeRow("node24", BINARIES.node24),
  bunRow,
  denoRow,
  workerdRow("workerd-nodejs-als", false),
  workerdRow("workerd-nodejs-compat", true),
  workerdNoFlagsDiagnose,
  edgeRow,
  nextGroup,
  lambdaGroup,
];
