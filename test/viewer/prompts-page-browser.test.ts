/**
 * Issue 44 requirement 2's viewer page: Prompts lists each prompt with its environments, its versions over time (the
 * configuration's history) and the events made with each version (linked by `withPrompt`), per API key. Real dev
 * server, real Chromium, real tracer; screenshot `docs/screenshots/prompts.png`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHive, HoneyHiveTracer, createApiClient, withPrompt } from "../../packages/honeyhive/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { eventually, saveScreenshot } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { KEY, startViewerServer } from "./helpers/viewer-server";

let server: DevServer;
const tab = new ViewerTab();
const quiet = createLogger({ sink: () => undefined });
let versions: string[] = [];

async function callWith(version: "one" | "two", times: number): Promise<string> {
  const prompt = await new HoneyHive({ apiKey: KEY, serverUrl: server.url, logger: quiet, promptCacheDir: undefined }).getPrompt("support-answer", { ttlMs: 0 });
  const tracer = await HoneyHiveTracer.init({ apiKey: KEY, serverUrl: server.url, sessionName: `with ${version}`, setAsDefault: false, disableBatch: true });
  for (let i = 0; i < times; i++) await withPrompt(prompt, () => tracer.startSpan(`call ${version} ${i}`, () => undefined));
  await tracer.shutdown();
  return prompt.version;
}

beforeAll(async () => {
  server = await startViewerServer();
  const api = createApiClient({ apiKey: KEY, serverUrl: server.url });
  const created = await api.configurations.create({ name: "support-answer", provider: "openai", env: ["prod", "staging"], parameters: { call_type: "chat", model: "m", template: "Answer: {{q}}" } });
  if (!created.ok) throw new Error(created.error);
  versions.push(await callWith("one", 2));
  const updated = await api.configurations.update(created.data.insertedId, { name: "support-answer", parameters: { call_type: "chat", model: "m", template: "Answer briefly: {{q}}" } });
  if (!updated.ok) throw new Error(updated.error);
  versions.push(await callWith("two", 1));
  versions = versions.reverse(); // newest first, as the page lists them
  const other = createApiClient({ apiKey: "hh_other_key", serverUrl: server.url });
  await other.configurations.create({ name: "not-yours", provider: "openai", env: ["prod"], parameters: { call_type: "chat", model: "m", template: "x" } });
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});

describe("the Prompts page", () => {
  it("lists each prompt's environments, versions over time and the events made with each version, for this key only", async () => {
    const { page } = await tab.open(server, "/prompts");
    await eventually(() => page.getByTestId("prompt-version").count()).toBe(2);
    expect(await page.getByTestId("prompt-name").allTextContents()).toEqual(["support-answer openai"]);
    expect(await page.getByTestId("prompt-version-id").allTextContents()).toEqual([`${versions[0]} current`, versions[1]]);
    expect(await page.getByTestId("prompt-version-events").allTextContents()).toEqual(["1", "2"]);
    expect(await page.getByTestId("prompt-event-link").allTextContents()).toEqual(["call two 0", "call one 1", "call one 0"]);
    expect(await page.getByTestId("nav-prompts").getAttribute("class")).toContain("active");
    await saveScreenshot(page, "prompts");
    expect(tab.watched.errors).toEqual([]);
  });
});
