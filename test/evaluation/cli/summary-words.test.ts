import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../../packages/dev-server/src/index";
import { withViewer } from "../../../packages/dev-server/src/viewer/with-viewer";
import { createLogger } from "../../../packages/honeyhive/src/internal/logger";
import { runCli, type CliRun } from "./cli-harness";

/**
 * The real `honeyhive eval` against a real dev server, one experiment of 3 datapoints × 2 trials: #1 fails its
 * verdict, #2 throws. Every report names a datapoint run the same way (core's `datapointRunLabel`, as the viewer's run
 * page does), "failed" is only the verdict ("errored" is what the function did), and the progress line's duration is
 * the summary's.
 */
const EVAL_FILE = `export default {
  name: "words", maxConcurrency: 1, trials: 2,
  dataset: [{ inputs: { q: "zero" } }, { inputs: { q: "one" } }, { inputs: { q: "two" } }],
  evaluators: [function ok(output) { return output === true; }],
  passingRanges: { ok: { pass_when: true } },
  function: async (inputs) => {
    if (inputs.q === "two") throw new Error("boom");
    return inputs.q === "zero";
  },
};
`;

let server: DevServer;
let dir: string;
let run: CliRun;

beforeAll(async () => {
  server = await createDevServer(withViewer({ port: 0, host: "127.0.0.1", inMemory: true, logger: createLogger({ sink: () => undefined }) }, {}));
  dir = await mkdtemp(join(tmpdir(), "hh-words-"));
  await writeFile(join(dir, "words.eval.mjs"), EVAL_FILE);
  run = await runCli(["eval", "words.eval.mjs", "--junit", "junit.xml", "--markdown", "summary.md", "--json", "report.json"], dir, {
    HH_API_URL: server.url, HH_API_KEY: "local", GITHUB_STEP_SUMMARY: undefined,
  });
}, 60_000);
afterAll(() => server.close());

describe("honeyhive eval's words and labels", () => {
  it("says errored, not failed, for what the function did; the verdict alone says failed", () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("completed · 2 passed, 4 failed");
    expect(run.stdout).toContain("6 datapoint runs: 4 succeeded, 2 errored, 0 cancelled");
    expect(run.stdout).not.toMatch(/succeeded, \d+ failed/);
  });

  it("prints the same duration in the progress line and the summary", () => {
    const progress = /done in (\S+ s)/.exec(run.stderr)?.[1];
    const summary = /datapoint runs: [^\n]* · (\S+ s)\n/.exec(run.stdout)?.[1];
    expect(progress).toBeDefined();
    expect(progress).toBe(summary);
  });

  it("labels a datapoint run the same way in the summary, JUnit, Markdown and the viewer", async () => {
    const report = JSON.parse(await readFile(join(dir, "report.json"), "utf8"));
    const result = report.experiments[0];
    const failing = result.datapoints.find((d: any) => d.index === 2 && d.trial === 1);
    const label = "#2 trial 1";
    expect(run.stdout).toContain(`  ${label} ${failing.datapointId} {"q":"two"}: failed (Error: boom)`);
    expect(await readFile(join(dir, "junit.xml"), "utf8")).toContain(`<testcase name="${label} two"`);
    expect(await readFile(join(dir, "summary.md"), "utf8")).toContain(`${label} two`);
    const page = await fetch(`${server.url}/viewer/runs/${result.runId}?limit=50`, { headers: { authorization: "Bearer local" } });
    const rows = ((await page.json()) as { rows: any[] }).rows;
    expect(rows.find((r: any) => r.session_id === failing.sessionId)).toMatchObject({ index: 2, trial: 1, label, passed: false });
    expect(rows.filter((r: any) => r.error !== null)).toHaveLength(2);
  });
});
