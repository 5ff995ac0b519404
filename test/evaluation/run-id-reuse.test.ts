/**
 * A run id given again without resuming, against the in-process dev server (127.0.0.1, port 0): evaluate() rejects
 * with an EvaluationConfigError naming the id and `resume` before any datapoint runs, and the run the server holds is
 * the first attempt's alone; `honeyhive eval --run-id` run twice exits 2 the second time, naming `--resume`. Resuming
 * the same id is still allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { newUuid } from "../../packages/core/src/ids/uuid";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { EvaluationConfigError } from "../../packages/honeyhive/src/config/evaluation-config-error";
import { evalFolder, quietDevServer, runCli } from "./cli/cli-harness";

const KEY = "local";
let server: DevServer;

beforeAll(async () => {
  server = await quietDevServer();
});
afterAll(async () => {
  await server.close();
});

const dataset = [{ inputs: { x: 1 } }, { inputs: { x: 2 } }];

/** The datapoints the server's result of the run holds. */
async function serverDatapoints(runId: string): Promise<number> {
  const result = await createApiClient({ serverUrl: server.url, apiKey: KEY }).runs.result(runId, "average");
  if (!result.ok) throw new Error(result.error);
  return (result.data.datapoints as unknown[] | undefined)?.length ?? 0;
}

describe("a run id given again without resume", () => {
  it("evaluate() refuses it before any datapoint runs, naming the id and resume", async () => {
    const runId = newUuid();
    const first = await evaluate({ name: "same-run", runId, apiKey: KEY, serverUrl: server.url, dataset, function: (i: { x: number }) => i.x });
    expect(first.uploaded).toBe(true);
    let called = 0;
    const second = evaluate({ name: "same-run", runId, apiKey: KEY, serverUrl: server.url, dataset, function: (i: { x: number }) => (called++, i.x) });
    await expect(second).rejects.toBeInstanceOf(EvaluationConfigError);
    await expect(second).rejects.toThrow(new RegExp(`run id "${runId}" is taken.*resume`));
    expect(called).toBe(0);
    expect(await serverDatapoints(runId)).toBe(2);
  }, 60_000);

  it("a resumed run of the same id is allowed", async () => {
    const runId = newUuid();
    await evaluate({ name: "resumed", runId, resume: true, apiKey: KEY, serverUrl: server.url, dataset, function: (i: { x: number }) => i.x });
    const again = await evaluate({ name: "resumed", runId, resume: true, apiKey: KEY, serverUrl: server.url, dataset, function: (i: { x: number }) => i.x });
    expect(again.runId).toBe(runId);
    expect(await serverDatapoints(runId)).toBe(2);
  }, 60_000);

  it("honeyhive eval --run-id run twice exits 2 the second time, naming --resume", async () => {
    const dir = await evalFolder("hh-run-id-", {
      "calc.eval.mjs": `export default { name: "calc", dataset: [{ inputs: { x: 1 } }, { inputs: { x: 2 } }], function: (i) => i.x };\n`,
    });
    const env = { HH_API_KEY: KEY, HH_API_URL: server.url };
    const first = await runCli(["eval", "calc.eval.mjs", "--run-id", "nightly-1"], dir, env);
    expect(first.code).toBe(0);
    const second = await runCli(["eval", "calc.eval.mjs", "--run-id", "nightly-1"], dir, env);
    expect(second.stderr).toMatch(/is taken.*--resume/);
    expect(second.code).toBe(2);
  }, 120_000);
});
