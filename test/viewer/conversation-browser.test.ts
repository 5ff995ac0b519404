import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { eventually, saveScreenshot, type WatchedPage } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { hexId, sendSpans, sessionAttrs } from "./helpers/seed";
import { call, startViewerServer } from "./helpers/viewer-server";

/**
 * Model spans as conversations in Chromium: HoneyHive events written through the API, Traceloop and
 * OpenInference spans sent as OTLP; tokens and cost per event, summed per session and per run.
 */
let server: DevServer;
const tab = new ViewerTab();
const sessionId = randomUUID();
const runId = randomUUID();
const now = Date.now() - 60_000;

beforeAll(async () => {
  server = await startViewerServer();
  await call(server, "POST", "/v1/runs", { run_id: runId, name: "chat-run", status: "running", event_ids: [] });
  await call(server, "POST", "/events/batch", { events: [
    { event_type: "session", session_id: sessionId, event_id: sessionId, event_name: "support-bot", source: "conv-test", inputs: { question: "Weather in Paris?" }, metadata: { run_id: runId, datapoint_id: "dp-1" }, start_time: now, end_time: now + 500 },
    {
      event_type: "model", session_id: sessionId, parent_id: sessionId, event_name: "openai.chat", source: "conv-test", start_time: now + 10, end_time: now + 100,
      inputs: { chat_history: [
        { role: "system", content: "You are a weather bot." },
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: "{\"city\":\"Paris\"}" } }] },
        { role: "tool", tool_call_id: "call_1", content: "{\"sky\":\"sunny\"}" },
      ] },
      outputs: { role: "assistant", content: "It is sunny in Paris." },
      config: { model: "gpt-4o-mini", temperature: 0.1 },
      metadata: { total_tokens: 120, prompt_tokens: 100, completion_tokens: 20, cost: 0.0012 },
    },
  ] });
  await call(server, "PUT", `/v1/runs/${runId}`, { status: "completed", event_ids: [sessionId] });
  const traceId = hexId(16);
  await sendSpans(server, [
    { traceId, spanId: hexId(8), name: "anthropic.chat", startMs: now + 150, endMs: now + 250, attributes: {
      ...sessionAttrs(sessionId, "model", "conv-test"), "gen_ai.system": "anthropic", "gen_ai.request.model": "claude-3-haiku", "gen_ai.request.max_tokens": 256,
      "gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": "Summarise: sunny", "gen_ai.completion.0.role": "assistant", "gen_ai.completion.0.content": "Sunny.",
      "gen_ai.usage.prompt_tokens": 30, "gen_ai.usage.completion_tokens": 2,
    } },
    { traceId, spanId: hexId(8), name: "llm", startMs: now + 300, endMs: now + 400, attributes: {
      ...sessionAttrs(sessionId, "model", "conv-test"), "openinference.span.kind": "LLM", "llm.model_name": "my-local-model",
      "llm.input_messages.0.message.role": "user", "llm.input_messages.0.message.content": "<b>bold?</b>",
      "llm.output_messages.0.message.role": "assistant", "llm.output_messages.0.message.content": "no",
      "llm.token_count.prompt": 5, "llm.token_count.completion": 1, "llm.token_count.total": 6,
    } },
    { traceId, spanId: hexId(8), name: "weird-llm", startMs: now + 420, endMs: now + 430, attributes: {
      ...sessionAttrs(sessionId, "model", "conv-test"), "honeyhive_inputs.chat_history": "not a list", "gen_ai.prompt.zero.role": 7,
    } },
  ]);
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});

const open = (route: string): Promise<WatchedPage> => tab.open(server, route);

describe("model spans as conversations", () => {
  it("renders messages by role with tool calls, model and parameters, and tokens and cost per event and per session", async () => {
    const { page } = await open(`/sessions/${sessionId}`);
    const rows = page.getByTestId("wf-row");
    await eventually(() => rows.count()).toBe(5);
    expect(await page.getByTestId("page-title").textContent()).toBe("Weather in Paris?support-bot");
    expect(await page.getByTestId("session-usage-tokens").textContent()).toBe("Tokens 158 (135 in · 23 out)");
    // $0.0012 reported + claude-3-haiku priced (30 in × $0.25 + 2 out × $1.25 per M = $0.00001); my-local-model has no price.
    expect(await page.getByTestId("session-usage-cost").textContent()).toBe("Cost $0.00121 + 1 call with no price for my-local-model");

    await rows.filter({ hasText: "openai.chat" }).click();
    const conv = page.getByTestId("conversation");
    await eventually(() => conv.count()).toBe(1);
    expect(await conv.getByTestId("message").evaluateAll((els) => els.map((e) => e.getAttribute("data-role")))).toEqual(["system", "user", "assistant", "tool", "assistant"]);
    expect(await conv.getByTestId("tool-call").textContent()).toContain("get_weather");
    expect(await conv.getByTestId("tool-call").textContent()).toContain("{\"city\":\"Paris\"}");
    expect(await conv.getByTestId("message").nth(3).textContent()).toContain("result of call_1");
    expect(await conv.getByTestId("conv-model").textContent()).toBe("gpt-4o-mini");
    expect(await conv.getByTestId("conv-param").allTextContents()).toEqual(["temperature 0.1"]);
    expect(await page.getByTestId("event-usage-tokens").textContent()).toBe("Tokens 120 (100 in · 20 out)");
    await saveScreenshot(page, "conversation");

    await rows.filter({ hasText: "anthropic.chat" }).click();
    await eventually(() => page.getByTestId("conv-model").textContent()).toBe("claude-3-haiku");
    expect(await conv.getByTestId("message").allTextContents()).toEqual([expect.stringContaining("Summarise: sunny"), expect.stringContaining("Sunny.")]);
    expect(await page.getByTestId("event-usage-tokens").textContent()).toBe("Tokens 32 (30 in · 2 out)");
    expect(await page.getByTestId("event-usage-cost").textContent()).toBe("Cost $0.00001");

    await rows.filter({ hasText: /^.*llm.*$/ }).filter({ hasNotText: "weird" }).filter({ hasNotText: "chat" }).click();
    await eventually(() => page.getByTestId("conv-model").textContent()).toBe("my-local-model");
    expect(await conv.getByTestId("message").first().textContent()).toContain("<b>bold?</b>");
    expect(await conv.locator("b").filter({ hasText: "bold?" }).count()).toBe(0);
    expect(await page.getByTestId("event-usage-cost").textContent()).toBe("Cost no price for my-local-model");

    await rows.filter({ hasText: "weird-llm" }).click();
    await eventually(() => page.getByTestId("detail-name").textContent()).toBe("weird-llm");
    expect(await page.getByTestId("section-conversation").count()).toBe(0);
    expect(tab.watched.errors).toEqual([]);
  });

  it("sums tokens and cost over a run", async () => {
    const { page } = await open(`/runs/${runId}`);
    await eventually(() => page.getByTestId("run-usage-tokens").textContent()).toBe("Tokens 158 (135 in · 23 out)");
    expect(await page.getByTestId("run-usage-cost").textContent()).toBe("Cost $0.00121 + 1 call with no price for my-local-model");
    expect(tab.watched.errors).toEqual([]);
  });
});
