import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { runLabels, runMatchesLabel } from "../../packages/dev-server/src/viewer/server/run-labels";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { eventually, saveScreenshot, type WatchedPage } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

/**
 * Runs you can tell apart: two real evaluate() runs with different `metadata` and `configuration`, stored by the
 * dev server with the git commit, branch and dirty flag of this repository; the viewer's routes label them and
 * filter by label, and Chromium shows the labels in the runs list, the run page and the comparison header.
 */
let server: DevServer;
const tab = new ViewerTab();
let first: EvaluationResult;
let second: EvaluationResult;
const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
const COMMIT = git("rev-parse", "HEAD");
const BRANCH = git("rev-parse", "--abbrev-ref", "HEAD");

function run(name: string, model: string, temperature: number): Promise<EvaluationResult> {
  return evaluate<{ q: string }, string, string>({
    name, apiKey: KEY, serverUrl: server.url, maxConcurrency: 2,
    metadata: { model, prompt_version: "v3", nested: { ignored: true } },
    configuration: { temperature },
    dataset: [{ inputs: { q: "a" }, ground_truth: "A" }, { inputs: { q: "b" }, ground_truth: "B" }],
    function: function upper(inputs: { q: string }) { return model === "small" ? inputs.q : inputs.q.toUpperCase(); },
    evaluators: [function exact(outputs: string, _i: { q: string }, gt: string) { return outputs === gt; }],
  });
}

beforeAll(async () => {
  server = await startViewerServer();
  first = await run("labels-small", "small", 0);
  second = await run("labels-large", "large", 0.7);
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});

const open = (route: string): Promise<WatchedPage> => tab.open(server, route);
const pairs = (labels: { key: string; value: string }[]) => labels.map((l) => `${l.key}=${l.value}`);

describe("run labels (git, metadata, configuration)", () => {
  it("are recorded on every run and sent with the viewer's runs; the runs list filters by them", async () => {
    const { body } = await call(server, "GET", "/viewer/runs");
    const small = body.runs.find((r: any) => r.id === first.runId);
    expect(small.configuration).toMatchObject({ temperature: 0, function: "upper", evaluators: ["exact"] });
    expect(pairs(small.labels)).toEqual(expect.arrayContaining([
      `commit=${COMMIT.slice(0, 12)}`, `branch=${BRANCH}`, "model=small", "prompt_version=v3", "temperature=0",
    ]));
    expect(small.labels.some((l: any) => l.key === "dirty")).toBe(true);
    expect(pairs(small.labels).some((p) => p.startsWith("nested=") || p.startsWith("function="))).toBe(false);
    const byModel = await call(server, "GET", "/viewer/runs?label=MODEL%3DLarge");
    expect(byModel.body.runs.map((r: any) => r.id)).toEqual([second.runId]);
    const byCommit = await call(server, "GET", `/viewer/runs?label=commit%3D${COMMIT.slice(0, 7)}`);
    expect(byCommit.body.total).toBe(2);
    expect((await call(server, "GET", "/viewer/runs?label=commit%3Dffffffff0")).body.total).toBe(0);
    expect((await call(server, "GET", "/viewer/runs?label=temperature%3D0.7")).body.runs.map((r: any) => r.id)).toEqual([second.runId]);
    expect((await call(server, "GET", "/viewer/runs?label=no-equals", undefined, { allowError: true })).status).toBe(400);
    const page = await call(server, "GET", `/viewer/runs/${second.runId}`);
    expect(pairs(page.body.run.labels)).toContain("model=large");
  });

  it("labels only scalars from stored data and cuts long values", () => {
    const labels = runLabels({ metadata: { git: { commit_hash: 42 }, long: "x".repeat(500), list: [1], offline_dataset_id: "EXT-1", shard_1_of_2: {} }, configuration: { max_workers: 3, model: "m" } });
    expect(pairs(labels).map((p) => p.slice(0, 10))).toEqual([`long=${"x".repeat(5)}`, "model=m"]);
    expect(labels[0]!.value.length).toBeLessThanOrEqual(81);
    expect(runMatchesLabel({ metadata: { git: { commit_hash: "abc123" } }, configuration: {} }, { key: "commit", value: "" })).toBe(false);
  });

  it("shows labels in the runs list, the run page and the comparison header (differences highlighted)", async () => {
    const { page } = await open("/runs");
    await eventually(() => page.getByTestId("run-row").count()).toBe(2);
    const row = page.getByTestId("run-row").filter({ hasText: "labels-small" });
    const chips = await row.getByTestId("run-label").allTextContents();
    expect(chips).toEqual(expect.arrayContaining([`@${COMMIT.slice(0, 7)}`, `branch ${BRANCH}`, "model small", "temperature 0"]));
    await page.getByTestId("runs-filter-label").fill("model=large");
    await page.getByTestId("runs-filter-label").press("Enter");
    await eventually(() => page.getByTestId("run-link").allTextContents()).toEqual(["labels-large"]);
    expect(page.url()).toContain("label=model%3Dlarge");
    await saveScreenshot(page, "runs-labels");
    await page.getByTestId("run-link").click();
    await eventually(() => page.getByTestId("run-label").allTextContents()).toContain("model large");
    const compare = await open(`/runs/${second.runId}/compare/${first.runId}`);
    const heading = compare.page.getByTestId("compare-heading");
    await eventually(() => heading.getByTestId("run-label").count()).toBeGreaterThan(4);
    const changed = await heading.locator(".label-changed").allTextContents();
    expect(changed.sort()).toEqual(["model large", "model small", "temperature 0", "temperature 0.7"]);
    await saveScreenshot(compare.page, "compare-labels");
    expect(tab.watched.errors).toEqual([]);
  });
});
