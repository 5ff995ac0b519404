import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../../packages/dev-server/src/index";
import { EVAL_SEMI_SPACE_MB, restartArgs, type ProcessFacts } from "../../../packages/honeyhive/src/cli/eval/young-generation";
import { isCi } from "../../helpers/find-chromium";
import { evalFolder, quietDevServer, ROOT, startCli } from "./cli-harness";

const FLAG = `--max-semi-space-size=${EVAL_SEMI_SPACE_MB}`;

/** A Node 24 process running `honeyhive eval`, as `facts` describe it before any restart. */
const node24 = (over: Partial<ProcessFacts> = {}): ProcessFacts => ({
  nodeVersion: "24.21.0", platform: "linux", execPath: "/opt/node24/bin/node", execArgv: ["--import", "tsx"],
  argv: ["/opt/node24/bin/node", "/app/node_modules/.bin/honeyhive", "eval", "evals/*.eval.ts"], nodeOptions: undefined, canExecve: true, ...over,
});

describe("restartArgs: when honeyhive eval restarts itself with Node 20's young generation", () => {
  it("restarts a Node 22+ process with the flag after its own Node flags and before the script and its arguments", () => {
    expect(restartArgs(node24())).toEqual(["/opt/node24/bin/node", "--import", "tsx", FLAG, "/app/node_modules/.bin/honeyhive", "eval", "evals/*.eval.ts"]);
    expect(restartArgs(node24({ nodeVersion: "22.15.0", execArgv: [] }))?.slice(1, 3)).toEqual([FLAG, "/app/node_modules/.bin/honeyhive"]);
  });

  it("leaves Node 20 and 21, a Node without process.execve, Windows and a process without a script as they are", () => {
    expect(restartArgs(node24({ nodeVersion: "20.20.2" }))).toBeUndefined();
    expect(restartArgs(node24({ nodeVersion: "21.7.3" }))).toBeUndefined();
    expect(restartArgs(node24({ nodeVersion: "22.14.0", canExecve: false }))).toBeUndefined();
    expect(restartArgs(node24({ platform: "win32" }))).toBeUndefined();
    expect(restartArgs(node24({ argv: ["/opt/node24/bin/node"] }))).toBeUndefined();
    expect(restartArgs(node24({ nodeVersion: "not a version" }))).toBeUndefined();
  });

  it("keeps a semi-space size the user chose, in Node's flags or NODE_OPTIONS, in either spelling", () => {
    expect(restartArgs(node24({ execArgv: ["--max-semi-space-size=64"] }))).toBeUndefined();
    expect(restartArgs(node24({ execArgv: ["--max_semi_space_size", "8"] }))).toBeUndefined();
    expect(restartArgs(node24({ nodeOptions: "--enable-source-maps --max-semi-space-size=32" }))).toBeUndefined();
    expect(restartArgs(node24({ nodeOptions: "--max_semi_space_size=8" }))).toBeUndefined();
    // a similar flag is not the same flag
    expect(restartArgs(node24({ nodeOptions: "--min-semi-space-size=2 --max-old-space-size=4096" }))).toContain(FLAG);
  });
});

/** The pinned Node 24 binary (scripts/node-bin.sh, fetched once from the npm registry), or why there is none. */
function pinnedNode24(): { path: string } | { missing: string } {
  const found = spawnSync("bash", [join(ROOT, "scripts/node-bin.sh"), "24"], { encoding: "utf8", timeout: 120_000 });
  const path = found.stdout.trim();
  return found.status === 0 && path !== "" ? { path } : { missing: found.stderr.trim() || `exit ${String(found.status)}` };
}

const node = pinnedNode24();
if ("missing" in node && isCi()) throw new Error(`the pinned Node 24 is needed in CI: ${node.missing}`);

/** What the probe evaluation's function saw of its process. */
interface Probe { pid: number; execArgv: string[] }

let server: DevServer;
let dir: string;
beforeAll(async () => {
  server = await quietDevServer();
  dir = await evalFolder("hh-eval-young-", {
    "probe.eval.mjs": `import { writeFileSync } from "node:fs";
export default { name: "probe", dataset: [{ inputs: { x: 1 } }],
  function: () => { writeFileSync(process.env.PROBE_OUT, JSON.stringify({ pid: process.pid, execArgv: process.execArgv })); return 1; } };\n`,
  });
}, 60_000);
afterAll(() => server?.close());

/** `honeyhive eval probe.eval.mjs` on `nodePath` with `env`; resolves with the child's pid, exit code and what the probe saw. */
function runProbe(nodePath: string, env: Record<string, string> = {}): Promise<{ pid: number; code: number | null; stderr: string; probe: Probe }> {
  const out = join(dir, `probe-${Math.random().toString(36).slice(2)}.json`);
  const child = startCli(["eval", "probe.eval.mjs"], dir, { HH_API_URL: server.url, HH_API_KEY: "local", PROBE_OUT: out, ...env }, nodePath);
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  child.stdout!.resume();
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", async (code) => {
      try {
        done({ pid: child.pid!, code, stderr, probe: JSON.parse(await readFile(out, "utf8")) as Probe });
      } catch (error) {
        fail(new Error(`${String(error)}; exit ${String(code)}; stderr: ${stderr.slice(0, 600)}`));
      }
    });
  });
}

describe.skipIf("missing" in node)("honeyhive eval on the pinned Node 24", () => {
  const path = "path" in node ? node.path : "";

  it("runs the evaluation in the same process, restarted with Node 20's young generation", async () => {
    const run = await runProbe(path);
    expect(run.code, run.stderr).toBe(0);
    expect(run.probe.execArgv).toContain(FLAG);
    expect(run.probe.pid).toBe(run.pid); // in place: the pid a signal or SIGKILL reaches is the run's
  }, 60_000);

  it("keeps the user's own semi-space size from NODE_OPTIONS", async () => {
    const run = await runProbe(path, { NODE_OPTIONS: "--max-semi-space-size=8" });
    expect(run.code, run.stderr).toBe(0);
    expect(run.probe.execArgv).not.toContain(FLAG);
    expect(run.probe.pid).toBe(run.pid);
  }, 60_000);
});

describe("honeyhive eval on Node 20", () => {
  it.skipIf(Number(process.versions.node.split(".")[0]) !== 20)("does not restart: Node 20's young generation is already this size", async () => {
    const run = await runProbe(process.execPath);
    expect(run.code, run.stderr).toBe(0);
    expect(run.probe.execArgv).not.toContain(FLAG);
  }, 60_000);
});
