/**
 * The matrix rows. Each group starts one app (or one process per row) serving the shared work of apps/shared/work.mjs
 * and sends it the row's requests; the driver then checks what the recorder got under the row's key.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startApp } from "./app-process";
import { bundleApp } from "./bundle";
import { APPS_DIR, BINARIES, RUNTIMES_DIR, WORK_DIR } from "./paths";
import { writeWorkerdConfig } from "./workerd-config";
import { lambdaGroup } from "./lambda-group";
import { nextGroup } from "./next-group";
import { type RowGroup, baseEnv, serveAndFire } from "./row-kit";

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

function workerdRow(row: string, nodejsCompat: boolean): RowGroup {
  return {
    rows: [row],
    run: async (ctx) => {
      const dir = join(WORK_DIR, row);
      mkdirSync(dir, { recursive: true });
      const failed = await bundleApp({
        entry: join(APPS_DIR, "workerd/worker.mjs"), outfile: join(dir, "worker.js"), format: "esm",
        conditions: ["workerd", "worker", "browser"], nodeBuiltins: nodejsCompat ? "all" : ["node:async_hooks"],
      });
      if (failed) return { [row]: { stderr: "", problems: [failed] } };
      const config = writeWorkerdConfig({ dir, script: "worker.js", nodejsCompat, bindings: { HH_API_URL: ctx.recorderUrl, ROW: row } });
      return serveAndFire(row, ctx, () =>
        startApp(BINARIES.workerd(), ["serve", config, "--control-fd=3"], {
          cwd: dir, env: baseEnv({}), extraStdio: ["pipe"], readyOnFd3: true,
          ready: (line) => {
            const event = JSON.parse(line) as { event?: string; port?: number };
            return event.event === "listen" ? event.port : undefined;
          },
        }),
      );
    },
  };
}

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
  edgeRow,
  nextGroup,
  lambdaGroup,
];
