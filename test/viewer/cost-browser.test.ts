// Issue 20 req 5 in the viewer: a call's cost in its conversation view, the session's and the run's totals; a
// model no table prices shows its tokens and "no price" (never $0); a cost from estimated token counts is labelled.
// Real dev server (built-in prices only), real OTLP ingest of the captured fixtures, real Chromium.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { capturedFixture, relocatedOtlp } from "../pricing/fixture-costs";
import { eventually, saveScreenshot } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { call, startViewerServer } from "./helpers/viewer-server";

let server: DevServer;
const tab = new ViewerTab();
const runId = randomUUID();
/** Claude calls under a model name no built-in table prices (`claude-unreleased-9`). */
const unpricedSession = randomUUID();
/** gpt-4o-mini calls, the first one's tokens marked as estimated, plus the unknown-model calls. */
const mixedSession = randomUUID();

/** The captured Anthropic calls, renamed to a model no table prices. */
function unpricedClaude(): any {
  const fixture = capturedFixture("anthropic-sdk.json");
  for (const r of fixture.otlp.resourceSpans) for (const s of r.scopeSpans) for (const span of s.spans) {
    for (const a of span.attributes) if (a.key === "gen_ai.request.model" || a.key === "gen_ai.response.model") a.value = { stringValue: "claude-unreleased-9" };
  }
  return fixture;
}

function markEstimated(fixture: any): any {
  fixture.otlp.resourceSpans[0].scopeSpans[0].spans[0].attributes.push({ key: "honeyhive_metadata.tokens_estimated", value: { boolValue: true } });
  return fixture;
}

beforeAll(async () => {
  server = await startViewerServer();
  await call(server, "POST", "/v1/runs", { run_id: runId, name: "cost-run", status: "running", event_ids: [] });
  await call(server, "POST", "/events/batch", { events: [unpricedSession, mixedSession].map((sessionId, i) => ({
    event_type: "session", session_id: sessionId, event_name: `cost-${i}`, source: "evaluation", inputs: {},
    // The captured spans' clock (2025-06-15): the session spans its calls.
    metadata: { run_id: runId, datapoint_id: `dp-${i}` }, start_time: 1_750_000_000_000 + i, end_time: 1_750_000_000_200,
  })) });
  await call(server, "POST", "/opentelemetry/v1/traces", relocatedOtlp(unpricedClaude(), unpricedSession, runId));
  await call(server, "POST", "/opentelemetry/v1/traces", relocatedOtlp(markEstimated(capturedFixture("openinference-langchain.json")), mixedSession, runId));
  await call(server, "POST", "/opentelemetry/v1/traces", relocatedOtlp(unpricedClaude(), mixedSession, runId));
  await call(server, "PUT", `/v1/runs/${runId}`, { status: "completed", event_ids: [unpricedSession, mixedSession] });
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});

async function openCall(sessionId: string, name: string, nth = 0) {
  const { page } = await tab.open(server, `/sessions/${sessionId}`);
  const rows = page.getByTestId("wf-row").filter({ hasText: name });
  await eventually(() => rows.count()).toBeGreaterThan(nth);
  await rows.nth(nth).click();
  await eventually(() => page.getByTestId("conversation").count()).toBe(1);
  return page;
}

describe("cost in the viewer", () => {
  it("an unknown model shows its tokens and \"no price\" with its name, per call and for the session, never $0", async () => {
    const page = await openCall(unpricedSession, "anthropic.messages.create");
    await eventually(() => page.getByTestId("event-usage-tokens").textContent()).toBe("Tokens 28 (21 in · 7 out)");
    expect(await page.getByTestId("event-usage-cost").textContent()).toBe("Cost no price for claude-unreleased-9");
    await eventually(() => page.getByTestId("session-usage-tokens").textContent()).toBe("Tokens 84 (63 in · 21 out)");
    expect(await page.getByTestId("session-usage-cost").textContent()).toBe("Cost no price for claude-unreleased-9");
    for (const id of ["event-usage", "session-usage"]) expect(await page.getByTestId(id).textContent()).not.toContain("$");
    await saveScreenshot(page, "cost-no-price");
    expect(tab.watched.errors).toEqual([]);
  });

  it("a priced call shows its cost; estimated token counts are labelled; the session names the calls without a price", async () => {
    const page = await openCall(mixedSession, "ChatOpenAI", 0);
    // gpt-4o-mini: 16 plain + 5 cached input tokens, 7 output = $0.000006975.
    await eventually(() => page.getByTestId("event-usage-cost").textContent()).toBe("Cost ~$0.00000698 estimated");
    expect(await page.getByTestId("event-usage-cost").getAttribute("data-basis")).toBe("estimated");
    await page.getByTestId("wf-row").filter({ hasText: "ChatOpenAI" }).nth(1).click();
    await eventually(() => page.getByTestId("event-usage-cost").textContent()).toBe("Cost $0.00000698");
    // Session: 3 priced calls (one estimated) and 3 without a price.
    await eventually(() => page.getByTestId("session-usage-cost").textContent()).toBe("Cost ~$0.0000209 estimated + 3 calls with no price for claude-unreleased-9");
    expect(await page.getByTestId("session-usage-tokens").textContent()).toBe("Tokens 168 (126 in · 42 out)");
    await saveScreenshot(page, "cost-session");
    expect(tab.watched.errors).toEqual([]);
  });

  it("the run page shows the run's total: the sum of its sessions", async () => {
    const { page } = await tab.open(server, `/runs/${runId}`);
    await eventually(() => page.getByTestId("run-usage-tokens").textContent()).toBe("Tokens 252 (189 in · 63 out)");
    expect(await page.getByTestId("run-usage-cost").textContent()).toBe("Cost ~$0.0000209 estimated + 6 calls with no price for claude-unreleased-9");
    expect(tab.watched.errors).toEqual([]);
  });
});
