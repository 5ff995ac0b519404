import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { eventually, saveScreenshot } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

/**
 * Req (issue 48, 5): the session list marks a failed verdict (an evaluation session that ran without an error and
 * did not pass), not with the green dot of a pass. Real evaluate(), real dev server, real Chromium.
 */
let server: DevServer;
const tab = new ViewerTab();
let run: EvaluationResult;

beforeAll(async () => {
  server = await startViewerServer();
  run = await evaluate<{ city: string }, string, string>({
    name: "verdicts", apiKey: KEY, serverUrl: server.url, progress: false, maxConcurrency: 1,
    dataset: [{ inputs: { city: "Paris" }, ground_truth: "France" }, { inputs: { city: "Lyon" }, ground_truth: "Spain" }, { inputs: { city: "Oslo" }, ground_truth: "Norway" }],
    function: (inputs: { city: string }) => {
      if (inputs.city === "Oslo") throw new Error("no answer");
      return "France";
    },
    evaluators: [function exact(output: string, _inputs: { city: string }, expected: string) { return output === expected; }],
  });
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});

const sessionOf = (city: string): string => run.datapoints.find((d) => (d.inputs as { city: string }).city === city)!.sessionId!;

describe("the session list marks failed verdicts", () => {
  it("the list API gives each evaluation session the run's verdict; other sessions none", async () => {
    expect(run.verdict).toMatchObject({ passed: 1, failed: 2 });
    await call(server, "POST", "/session/start", { session: { session_name: "plain", source: "dev" } });
    const { body } = await call(server, "GET", "/viewer/sessions");
    const byId = new Map(body.sessions.map((s: { session_id: string }) => [s.session_id, s]));
    expect(byId.get(sessionOf("Paris"))).toMatchObject({ verdict: "passed", num_errors: 0 });
    expect(byId.get(sessionOf("Lyon"))).toMatchObject({ verdict: "failed", num_errors: 0 });
    expect((byId.get(sessionOf("Oslo")) as { num_errors: number }).num_errors).toBeGreaterThan(0);
    const plain = body.sessions.find((s: { name: string }) => s.name === "plain");
    expect(plain).toBeDefined();
    expect(plain.verdict).toBeUndefined();
  });

  it("a failed verdict shows a red ✕, a pass the green dot, an error the red dot", async () => {
    const { page } = await tab.open(server, "/sessions");
    const row = (id: string) => page.locator(`[data-testid=session-row]:has(a[href*="${id}"])`);
    await eventually(() => row(sessionOf("Lyon")).count()).toBe(1);
    const failed = row(sessionOf("Lyon")).getByTestId("verdict-failed");
    expect(await failed.textContent()).toBe("✕");
    expect(await failed.getAttribute("title")).toBe("verdict: failed (did not pass)");
    const passed = row(sessionOf("Paris")).getByTestId("verdict-passed");
    expect(await passed.textContent()).toBe("●");
    expect(await row(sessionOf("Oslo")).getByTestId("error-marker").count()).toBe(1);
    const colour = (locator: typeof failed) => locator.evaluate((el) => (globalThis as any).getComputedStyle(el).color as string);
    expect(await colour(failed)).not.toBe(await colour(passed));
    expect(await colour(failed)).toBe(await colour(row(sessionOf("Oslo")).getByTestId("error-marker")));
    expect(await row(sessionOf("Lyon")).getAttribute("data-verdict")).toBe("failed");
    await saveScreenshot(page, "sessions-verdict");
    expect(tab.watched.errors).toEqual([]);
  });
});
