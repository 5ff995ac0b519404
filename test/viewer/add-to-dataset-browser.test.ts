// The session page's "Add to dataset" (Chromium via playwright-core, the real dev server and viewer): a session
// traced with inputs by the real tracer is added to a new dataset by clicking the action, and evaluate({ datasetId })
// then calls the function with exactly those inputs. The route is per key, refuses bad bodies and adds a session once.
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { closeBrowserTest, eventually, launchBrowser, openPage, saveScreenshot, viewerRoute, type WatchedPage } from "./helpers/browser";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

const INPUTS = { question: "Can I get a refund for order 42?", order: 42, locale: "en-GB" };
let server: DevServer;
let browser: Browser;
let watched: WatchedPage | undefined;
let sessionId: string;

beforeAll(async () => {
  server = await startViewerServer();
  const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, sessionName: "support", inputs: INPUTS, setAsDefault: false });
  const answer = trace(async function answer(question: string) { return `About "${question}": yes, within 30 days.`; }, { tracer, eventType: "chain" });
  await answer(INPUTS.question);
  await tracer.enrichSession({ outputs: { answer: "yes, within 30 days" } });
  await tracer.flush();
  sessionId = tracer.sessionId;
  await tracer.shutdown();
  browser = await launchBrowser();
}, 120_000);
afterAll(() => closeBrowserTest(watched, browser, server));

describe("viewer: Add to dataset", () => {
  it("adds the session from its page into a new dataset; evaluate() replays it with the same inputs", async () => {
    watched = await openPage(browser, server.url);
    const { page } = watched;
    await page.goto(viewerRoute(server.url, `/sessions/${sessionId}`, KEY));
    await page.getByTestId("add-to-dataset").click();
    await eventually(() => page.getByTestId("add-to-dataset-form").count()).toBe(1);
    expect(await page.getByTestId("add-to-dataset-choice").inputValue()).toBe(""); // no dataset yet: a new one
    await page.getByTestId("add-to-dataset-name").fill("refund regressions");
    await page.getByTestId("add-to-dataset-submit").click();
    await eventually(() => page.getByTestId("add-to-dataset-status").textContent()).toBe("Added to refund regressions");
    await saveScreenshot(page, "add-to-dataset");

    const [dataset] = (await call(server, "GET", "/v1/datasets?name=refund%20regressions")).body.datasets;
    const seen: unknown[] = [];
    const result = await evaluate({
      apiKey: KEY, serverUrl: server.url, datasetId: dataset.id, printResults: false, gitInfo: false,
      function: (inputs: Record<string, unknown>) => { seen.push(inputs); return "ok"; },
    } as Parameters<typeof evaluate>[0]);
    expect(result.status).toBe("completed");
    expect(seen).toEqual([INPUTS]);

    // The same session again, now choosing the existing dataset: nothing is added.
    await page.getByTestId("add-to-dataset-choice").selectOption(dataset.id);
    await page.getByTestId("add-to-dataset-submit").click();
    await eventually(() => page.getByTestId("add-to-dataset-status").textContent()).toBe("Already in refund regressions");
    expect((await call(server, "GET", `/v1/datasets?dataset_id=${dataset.id}`)).body.datasets[0].datapoints).toHaveLength(1);
    expect(watched.errors).toEqual([]);
  }, 60_000);

  it("the route copies by the shared rule, is per key, and refuses bad bodies", async () => {
    const made = await call(server, "POST", `/v1/datasets`, { name: "by-id" });
    const datasetId = made.body.result.insertedId;
    const added = await call(server, "POST", `/viewer/sessions/${sessionId}/dataset`, { dataset_id: datasetId });
    expect(added.body).toMatchObject({ dataset_id: datasetId, dataset_name: "by-id", created: false, added: true });
    const [dp] = (await call(server, "GET", `/v1/datapoints?dataset_name=by-id`)).body.datapoints;
    expect(dp).toMatchObject({ inputs: INPUTS, ground_truth: { answer: "yes, within 30 days" }, linked_event: sessionId, metadata: { external_id: `event-${sessionId}` } });
    const other = await call(server, "POST", `/viewer/sessions/${sessionId}/dataset`, { dataset_name: "x" }, { key: "hh_other_key", allowError: true });
    expect(other.status).toBe(404);
    for (const body of [{}, { dataset_id: datasetId, dataset_name: "both" }, { dataset_name: "  " }, { dataset_id: 7 }]) {
      expect((await call(server, "POST", `/viewer/sessions/${sessionId}/dataset`, body, { allowError: true })).status).toBe(400);
    }
    expect((await call(server, "POST", `/viewer/sessions/${sessionId}/dataset`, { dataset_id: "nope" }, { allowError: true })).status).toBe(404);
    const foreign = await fetch(`${server.url}/viewer/sessions/${sessionId}/dataset`, {
      method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", origin: "http://evil.example" }, body: JSON.stringify({ dataset_name: "csrf" }),
    });
    expect(foreign.status).toBe(403); // a page on another origin cannot add (CSRF)
    expect((await call(server, "GET", "/v1/datasets?name=csrf")).body.datasets).toEqual([]);
    expect((await call(server, "POST", `/viewer/sessions/not-a-uuid/dataset`, { dataset_name: "x" }, { allowError: true })).status).toBe(400);
  });

  it("an agent session without its own conversation gets its first model call's chat history as history", async () => {
    const agent = randomUUID();
    await call(server, "POST", "/v1/sessions", { session_id: agent, session_name: "agent", inputs: { task: "refund" } });
    const chat = [{ role: "user", content: "refund order 42" }];
    await call(server, "POST", "/v1/events", { session_id: agent, parent_id: agent, event_type: "model", event_name: "llm", inputs: { chat_history: chat }, outputs: { role: "assistant", content: "done" } });
    const added = await call(server, "POST", `/viewer/sessions/${agent}/dataset`, { dataset_name: "agents" });
    expect(added.body).toMatchObject({ dataset_name: "agents", created: true, added: true });
    const [dp] = (await call(server, "GET", "/v1/datapoints?dataset_name=agents")).body.datapoints;
    expect(dp).toMatchObject({ inputs: { task: "refund" }, history: chat, linked_event: agent });
  });
});
