import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import type { OpenAI as OpenAIClient } from "openai";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { budget, calledTool, noToolErrors, toolAssertions } from "../../packages/honeyhive/src/evaluators";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import type { EvaluatorContext } from "../../packages/honeyhive/src/config/evaluator-types";
import type { ToolCall } from "../../packages/core/src/agent-trace/trace-types";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { requireOpenAI } from "../routing/openai-workload";
import { runSupportAgent, supportToolPlan, TOOL_FUNCTIONS } from "../agent-trace/support-agent";
import { eventually, launchBrowser, openPage, saveScreenshot, viewerRoute, type WatchedPage } from "./helpers/browser";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

/**
 * A datapoint's page shows its agent's trajectory (the tool calls in order, with arguments, results and errors) beside
 * its scorers' verdicts, and the run comparison shows where two runs' trajectories part — both built on the server by
 * core's agent-trace rules from the stored events. A real agent (the `openai` client with tools, OpenInference's
 * instrumentation, the loopback fake), real evaluate(), real dev server, real Chromium. Hostile tool values render as
 * text.
 */
const HOSTILE = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;

let fake: FakeOpenAI;
let server: DevServer;
let client: OpenAIClient;
let setup: HoneyHiveTracer;
let browser: Browser;
let oldRun: EvaluationResult;
let newRun: EvaluationResult;

const searchNotes = trace(async function search_notes(query: string): Promise<unknown> {
  throw new Error(`nothing found for ${query}`);
}, { eventType: "tool" });
const TRACED = Object.fromEntries(Object.entries(TOOL_FUNCTIONS).map(([name, fn]) => [name, trace(fn, { eventType: "tool" })]));
const lookupWithNote = trace(async function lookup_order(args: { order_id: string }) {
  return { ...((await TOOL_FUNCTIONS.lookup_order!(args)) as object), note: HOSTILE };
}, { eventType: "tool" });

interface Ask { order: string; note?: string }

/** The tool calls each datapoint's evaluators saw in their `trace` (the SDK's), by run name and order. */
const seenBySdk = new Map<string, readonly ToolCall[]>();

/** The agent, in two versions: the new one only checks the status of order B2 where the old one refunded it. */
function version(name: "old" | "new", prompt: (ask: Ask) => string): Promise<EvaluationResult> {
  return evaluate({
    name: "support-agent", apiKey: KEY, serverUrl: server.url, progress: false, maxConcurrency: 1,
    dataset: [{ inputs: { order: "A1" } }, { inputs: { order: "B2" } }, { inputs: { order: "Z9", note: HOSTILE } }],
    function: async (ask: Ask) => {
      if (ask.note !== undefined) await searchNotes(ask.note).catch(() => undefined);
      return runSupportAgent(client, prompt(ask), (tool, args) => (ask.note !== undefined && tool === "lookup_order" ? lookupWithNote(args as { order_id: string }) : TRACED[tool]!(args)));
    },
    evaluators: [
      toolAssertions([calledTool("refund_order"), noToolErrors()]), budget({ maxToolCalls: 4 }),
      function seen(_output: unknown, ask: Ask, _truth: unknown, { trace: seenTrace }: EvaluatorContext) {
        seenBySdk.set(`${name}:${ask.order}`, seenTrace.toolCalls);
        return undefined;
      },
    ],
  });
}

async function open(route: string, width: number): Promise<WatchedPage> {
  const watched = await openPage(browser, server.url, { width, height: 900 });
  await watched.page.goto(viewerRoute(server.url, route, KEY));
  return watched;
}

async function noPageWideScroll(watched: WatchedPage): Promise<void> {
  const [scrollWidth, innerWidth] = await watched.page.evaluate(() => [(globalThis as any).document.documentElement.scrollWidth as number, (globalThis as any).innerWidth as number]);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

beforeAll(async () => {
  fake = await startFakeOpenAI({ toolPlan: supportToolPlan });
  server = await startViewerServer();
  setup = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, sessionName: "setup", instrumentations: [new OpenAIInstrumentation()] });
  client = new (requireOpenAI().OpenAI)({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
  oldRun = await version("old", (ask) => `refund ${ask.order}`);
  newRun = await version("new", (ask) => (ask.order === "B2" ? "status B2" : `refund ${ask.order}`));
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await setup?.shutdown();
  resetHoneyHiveGlobals();
  await Promise.all([fake?.close(), server?.close()]);
});

/** A value as the trajectory sends it: the string itself, else pretty JSON. */
function asText(value: unknown): string | null {
  return value === undefined ? null : typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

describe("agent trajectories in the viewer", () => {
  it("the server's trajectory of each datapoint is the trace its evaluators saw (one rule, from spans or stored events)", async () => {
    for (const [name, run] of [["old", oldRun], ["new", newRun]] as const) {
      for (const datapoint of run.datapoints) {
        const { body } = await call(server, "GET", `/viewer/sessions/${datapoint.sessionId}/trajectory`);
        const sdk = seenBySdk.get(`${name}:${String(datapoint.inputs.order)}`)!;
        expect(sdk.length).toBeGreaterThan(0);
        expect(body.tool_calls.map((c: any) => [c.name, c.arguments?.text ?? null, c.result?.text ?? null, c.error, c.recorded_by]))
          .toEqual(sdk.map((c) => [c.name, asText(c.arguments), asText(c.result), c.error ?? null, c.recordedBy]));
      }
    }
  });


  it("a datapoint's page lists its tool calls in order, with arguments, results and errors, beside its verdicts", async () => {
    const z9 = newRun.datapoints[2]!;
    const { body } = await call(server, "GET", `/viewer/sessions/${z9.sessionId}/trajectory`);
    expect(body.tool_calls.map((c: any) => c.name)).toEqual(["search_notes", "lookup_order", "refund_order"]);
    expect(body.passed).toBe(false);

    for (const width of [1400, 800]) {
      const watched = await open(`/sessions/${z9.sessionId}`, width);
      const { page } = watched;
      const calls = page.getByTestId("tool-call");
      await eventually(() => calls.count()).toBe(3);
      expect(await page.getByTestId("tool-call-name").allTextContents()).toEqual(["search_notes", "lookup_order", "refund_order"]);
      // arguments, results and errors, hostile ones as text
      expect(JSON.parse((await calls.nth(0).getByTestId("tool-call-arguments").textContent())!)).toEqual({ query: HOSTILE });
      expect(await calls.nth(0).getByTestId("tool-call-error").textContent()).toBe(`nothing found for ${HOSTILE}`);
      expect(JSON.parse((await calls.nth(1).getByTestId("tool-call-arguments").textContent())!)).toEqual({ order_id: "Z9" });
      expect(JSON.parse((await calls.nth(1).getByTestId("tool-call-result").textContent())!)).toEqual({ order_id: "Z9", note: HOSTILE });
      expect(await calls.nth(2).getByTestId("tool-call-error").textContent()).toBe("no order Z9");
      expect(await page.locator('[data-testid="trajectory"] img, [data-testid="trajectory"] script').count()).toBe(0);
      expect(await page.evaluate(() => (globalThis as any).__xss)).toBeUndefined();
      // beside the verdicts, the failing one naming the assertion that failed
      const verdicts = page.getByTestId("trajectory-verdicts");
      const assertion = verdicts.locator('[data-testid="trajectory-verdict"][data-metric="tool_assertions"]');
      expect(await assertion.textContent()).toContain("fail");
      expect(await assertion.getByTestId("trajectory-verdict-explanation").textContent()).toContain("no tool error");
      // a measure with no passing range (the budget's step count) decides nothing: no pass or fail beside it
      expect(await verdicts.locator('[data-metric="budget_steps"]').textContent()).toBe("budget_steps 6");
      const [calls0, verdictBox] = await Promise.all([page.getByTestId("tool-calls").boundingBox(), verdicts.boundingBox()]);
      if (width === 1400) expect(verdictBox!.x).toBeGreaterThan(calls0!.x + calls0!.width - 1); // beside, not below
      await noPageWideScroll(watched);
      expect(watched.errors).toEqual([]);
      await saveScreenshot(page, `trajectory-${width}`);
      await page.context().close();
    }
  });

  it("the run comparison shows where a paired datapoint's trajectories part", async () => {
    const b2 = newRun.datapoints[1]!.datapointId;
    const a1 = newRun.datapoints[0]!.datapointId;
    const detail = (id: string) => call(server, "GET", `/viewer/runs/${newRun.runId}/compare/${oldRun.runId}/datapoint?datapoint_id=${id}`);
    expect((await detail(b2)).body.trajectory).toEqual({
      old_tools: ["lookup_order", "refund_order"], new_tools: ["lookup_order"],
      divergence: { index: 1, kind: "missing", text: "step 2: old run refund_order, new run no further call" },
    });
    expect((await detail(a1)).body.trajectory).toMatchObject({ divergence: null });

    for (const width of [1400, 800]) {
      const watched = await open(`/runs/${newRun.runId}/compare/${oldRun.runId}`, width);
      const { page } = watched;
      for (const id of [a1, b2]) {
        const row = page.getByTestId("cmp-row").filter({ has: page.locator(`td[title="${id}"]`) });
        await eventually(() => row.count()).toBe(1);
        await row.getByTestId("cmp-expand").click();
      }
      const divergence = page.locator(`[data-detail-of="${b2}"]`).getByTestId("trajectory-divergence");
      await eventually(() => divergence.count()).toBe(1);
      expect(await divergence.getAttribute("data-step")).toBe("2");
      expect(await divergence.textContent()).toContain("step 2: old run refund_order, new run no further call");
      expect(await page.locator(`[data-detail-of="${b2}"]`).getByTestId("new-tools").textContent()).toBe("lookup_order");
      await eventually(() => page.locator(`[data-detail-of="${a1}"]`).getByTestId("trajectory-same").count()).toBe(1);
      await divergence.scrollIntoViewIfNeeded();
      await noPageWideScroll(watched);
      expect(watched.errors).toEqual([]);
      await saveScreenshot(page, `compare-trajectory-${width}`);
      await page.context().close();
    }
  });
});
