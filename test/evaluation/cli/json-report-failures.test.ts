import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../../packages/dev-server/src/index";
import { createLogger } from "../../../packages/honeyhive/src/internal/logger";
import { SDK, runCli } from "./cli-harness";

/** Req (issue 48, 5): the JSON report's `failures` lists every datapoint run that did not pass, not only execution failures. */
let server: DevServer;
let dir: string;

const EVAL_FILE = `import { evaluate } from ${JSON.stringify(SDK)};
await evaluate({
  name: "mixed",
  dataset: [{ inputs: { x: 1 } }, { inputs: { x: 2 } }, { inputs: { x: 3 } }, { inputs: { x: 4 } }],
  function: (inputs) => { if (inputs.x === 3) throw new Error("boom at three"); return inputs.x * 2; },
  evaluators: [{ name: "big", fn: (outputs) => outputs > 3 }],
});
`;

beforeAll(async () => {
  server = await createDevServer({ port: 0, host: "127.0.0.1", inMemory: true, logger: createLogger({ sink: () => undefined }) });
  dir = await mkdtemp(join(tmpdir(), "hh-json-failures-"));
  await writeFile(join(dir, "mixed.eval.mjs"), EVAL_FILE);
  await writeFile(join(dir, "broken.eval.mjs"), "throw new Error('broken at import');\n");
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("honeyhive eval --json: failures", () => {
  it("lists each failed datapoint (with experiment, run, datapoint and reason) after the execution failures", async () => {
    const run = await runCli(["eval", "mixed.eval.mjs", "broken.eval.mjs", "--json", "report.json"], dir, { HH_API_URL: server.url, HH_API_KEY: "local" });
    expect(run.code).toBe(2);
    const report = JSON.parse(await readFile(join(dir, "report.json"), "utf8"));
    const [experiment] = report.experiments;
    expect(experiment.verdict).toMatchObject({ passed: 2, failed: 2 });
    expect(report.failures.map((f: { kind: string }) => f.kind)).toEqual(["execution", "datapoint", "datapoint"]);
    expect(report.failures[0]).toMatchObject({ kind: "execution", file: "broken.eval.mjs" });
    expect(report.failures[0].error).toContain("broken at import");
    const ids = experiment.datapoints.map((d: { datapointId: string }) => d.datapointId);
    expect(report.failures[1]).toMatchObject({
      kind: "datapoint", file: "mixed.eval.mjs", experiment: "mixed", runId: experiment.runId, datapointId: ids[0], index: 0, trial: 0,
      outcome: "did not pass", error: "big=false",
    });
    expect(report.failures[2]).toMatchObject({ kind: "datapoint", datapointId: ids[2], index: 2, outcome: "failed" });
    expect(report.failures[2].error).toContain("boom at three");
    expect(report.failures[2].sessionId).toBe(experiment.datapoints[2].sessionId);
  }, 60_000);

  it("a run where everything passed has no failures", async () => {
    await writeFile(join(dir, "green.eval.mjs"), EVAL_FILE.replace('"mixed"', '"green"').replace("throw new Error", "void new Error").replace("outputs > 3", "outputs > 0"));
    const run = await runCli(["eval", "green.eval.mjs", "--json", "green.json"], dir, { HH_API_URL: server.url, HH_API_KEY: "local" });
    expect(run.code).toBe(0);
    const report = JSON.parse(await readFile(join(dir, "green.json"), "utf8"));
    expect(report.failures).toEqual([]);
  }, 60_000);
});
