// evaluate() records git information in the run's metadata unless it is turned off: the gitInfo option, HH_GIT_INFO, or
// the 1.0 SDK's HONEYHIVE_TELEMETRY=false (legacy alias). Off means no git command runs at all. A `git` on PATH that
// logs its calls and runs the real one counts the commands; the run is created on a real loopback server.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { inStrictMode } from "../helpers/option-rule";
import { EvaluationConfigError, evaluate } from "../../packages/honeyhive/src/index";
import { captureSdkLogs, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";

const realGit = execFileSync(process.platform === "win32" ? "where" : "which", ["git"]).toString().split(/\r?\n/)[0]!.trim();
let dir: string;
let log: string;
let recorder: HoneyHiveRecorder;
const savedPath = process.env.PATH;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hh-git-"));
  log = join(dir, "calls.log");
  writeFileSync(join(dir, "git"), `#!/bin/sh\necho "$@" >> "${log}"\nexec "${realGit}" "$@"\n`);
  chmodSync(join(dir, "git"), 0o755);
  process.env.PATH = `${dir}${delimiter}${savedPath}`;
  recorder = await startHoneyHiveRecorder();
});
afterAll(async () => {
  process.env.PATH = savedPath;
  await recorder.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  for (const name of ["HH_GIT_INFO", "HONEYHIVE_TELEMETRY"]) delete process.env[name];
  resetHoneyHiveGlobals(); // forgets getGitInfo()'s per-directory cache
  rmSync(log, { force: true });
});

function gitCalls(): string[] {
  try {
    return readFileSync(log, "utf8").trim().split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

/** The `metadata` of the run evaluate() created on the recorder. */
async function runMetadata(extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const result = await evaluate({
    name: "git-opt-out", apiKey: "hh_git_key", serverUrl: recorder.url, progress: false, metadata: { mine: 1 },
    dataset: [{ inputs: { n: 1 } }], function: (inputs: { n: number }) => inputs.n, ...extra,
  });
  expect(result.verdict.total).toBe(1);
  const create = recorder.requestsTo("/v1/runs").filter((r) => r.method === "POST").at(-1)!;
  return create.json.metadata as Record<string, unknown>;
}

describe("git information in the run's metadata", () => {
  it("is recorded by default (commit, branch, dirty flag, message, author…)", async () => {
    const metadata = await runMetadata();
    expect(metadata.mine).toBe(1);
    expect(Object.keys(metadata.git as object)).toEqual(expect.arrayContaining(["commit_hash", "branch", "is_dirty", "commit_message", "author"]));
    expect(gitCalls().length).toBeGreaterThan(0);
  });

  it.each([
    ["the gitInfo option", { gitInfo: false }, {}],
    ["HH_GIT_INFO=false", {}, { HH_GIT_INFO: "false" }],
    ["the 1.0 SDK's HONEYHIVE_TELEMETRY=false (legacy alias)", {}, { HONEYHIVE_TELEMETRY: "false" }],
  ])("%s turns it off: no git field and no git command run", async (_label, option, env) => {
    Object.assign(process.env, env);
    const logs = captureSdkLogs();
    const metadata = await runMetadata(option);
    logs.restore();
    expect(metadata).not.toHaveProperty("git");
    expect(metadata.mine).toBe(1);
    expect(gitCalls()).toEqual([]);
    expect(logs.lines.filter((l) => l.level === "warn")).toEqual([]);
  });

  it("the option wins over the environment, and HH_GIT_INFO over the legacy alias", async () => {
    Object.assign(process.env, { HH_GIT_INFO: "false" });
    expect(await runMetadata({ gitInfo: true })).toHaveProperty("git");
    resetHoneyHiveGlobals();
    Object.assign(process.env, { HH_GIT_INFO: "true", HONEYHIVE_TELEMETRY: "false" });
    expect(await runMetadata()).toHaveProperty("git");
  });

  it("a misspelt option is an error naming gitInfo in strict mode, and a non-boolean is rejected", async () => {
    const base = { offline: true, dataset: [{ inputs: { n: 1 } }], function: (inputs: { n: number }) => inputs.n };
    const typo = await inStrictMode(() => evaluate({ ...base, gitinfo: false } as never).catch((e: unknown) => e));
    expect(typo).toBeInstanceOf(EvaluationConfigError);
    expect((typo as Error).message).toBe('evaluate(): unknown option "gitinfo" (did you mean "gitInfo"?)');
    const wrong = await evaluate({ ...base, gitInfo: "false" } as never).catch((e: unknown) => e);
    expect((wrong as Error).message).toBe('gitInfo must be true or false (got the string "false")');
    expect(gitCalls()).toEqual([]);
  });
});
