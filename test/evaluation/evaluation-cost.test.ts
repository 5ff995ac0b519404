/**
 * Issue 24 req 6: the evaluation's LLM calls (evaluators, judges) are marked where evaluators run and counted apart
 * from the app's — in the session API's roll-ups and the viewer's run and session totals — and a tracer made the
 * README's way only to instrument `openai` adds no empty session to the run. Real `openai` (CommonJS, patched by
 * OpenInference's require hook) against the loopback fake, real dev server, real OTLP.
 */
import { describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { call, KEY } from "../viewer/helpers/viewer-server";
import { useOpenInferenceDevServer } from "../helpers/openinference-dev-server";

const stack = useOpenInferenceDevServer();

/** Every event of a `GET /v1/sessions/{id}` tree. */
function flattenTree(node: any): any[] {
  return [node, ...(node.children ?? []).flatMap(flattenTree)];
}

describe("evaluation cost apart from the app's", () => {
  it("judge calls are marked and rolled up apart; no empty setup session", async () => {
    const result = await evaluate({
      name: "judged", apiKey: KEY, serverUrl: stack.server.url, progress: false,
      dataset: [{ inputs: { q: "What is 2+2?" } }, { inputs: { q: "Name a colour." } }],
      function: async (inputs: { q: string }) => stack.ask(inputs.q),
      evaluators: [async function judge(output: string) { return (await stack.ask(`Grade this answer: ${output}`)).length > 0; }],
    });
    expect(result.uploaded).toBe(true);
    expect(result.datapoints.every((d) => d.metrics.judge === true)).toBe(true);

    for (const d of result.datapoints) {
      const { body: session } = await call(stack.server, "GET", `/v1/sessions/${d.sessionId}`);
      expect(session.num_model_events).toBe(2);
      expect(session.app_usage.total_tokens).toBeGreaterThan(0);
      expect(session.evaluation_usage.total_tokens).toBeGreaterThan(0);
      expect(session.app_usage.total_tokens + session.evaluation_usage.total_tokens).toBe(session.total_tokens);
      expect(session.app_usage.cost + session.evaluation_usage.cost).toBeCloseTo(session.cost, 12);
      // The judge's model event carries the mark (the app's does not).
      const models = flattenTree(session).filter((e) => e.event_type === "model");
      expect(models.map((e) => e.metadata?.evaluator ?? null).sort()).toEqual(["judge", null]);
      const { body: tree } = await call(stack.server, "GET", `/viewer/sessions/${d.sessionId}/tree`);
      expect(tree.usage_by_side.evaluation.total_tokens).toBe(session.evaluation_usage.total_tokens);
      expect(tree.events.filter((e: any) => e.type === "model" && e.evaluation === true)).toHaveLength(1);
    }
    const { body: run } = await call(stack.server, "GET", `/viewer/runs/${result.runId}`);
    expect(run.usage_by_side.app.total_tokens).toBeGreaterThan(0);
    expect(run.usage_by_side.evaluation.total_tokens).toBeGreaterThan(0);
    expect(run.usage_by_side.app.total_tokens + run.usage_by_side.evaluation.total_tokens).toBe(run.usage.total_tokens);

    await stack.setup.flush();
    const { body: sessions } = await call(stack.server, "GET", "/viewer/sessions?limit=100");
    expect(sessions.sessions.map((s: any) => s.name).sort()).toEqual(["judged", "judged"]);
  }, 60_000);

  it("an idle tracer adds no session; its first span of its own starts it", async () => {
    resetHoneyHiveGlobals();
    const names = async (): Promise<string[]> => (await call(stack.server, "GET", "/viewer/sessions?limit=100")).body.sessions.map((s: any) => s.name);
    const plain = new HoneyHiveTracer({ apiKey: KEY, serverUrl: stack.server.url, sessionName: "plain", setAsDefault: false });
    await plain.flush(); // waits for session requests, never triggers the start
    expect(await names()).not.toContain("plain");
    plain.startSpan("work", () => undefined);
    await plain.flush();
    await plain.shutdown();
    expect(await names()).toContain("plain");
  });
});
