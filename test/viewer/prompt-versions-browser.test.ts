/**
 * What a user made with prompts, in real Chromium: the Prompts page shows a version's template, model and parameters
 * and the diff of two versions (fields and template lines); a model event made with a prompt (a real OpenAI client
 * against a loopback fake, inside `withPrompt`) names that prompt and version at its top, linked to the version; its
 * raw `gen_ai.*` and cost attributes fold under a closed "Raw attributes" section while the usage line stays; hostile
 * template text and huge parameters render as text without a page-wide horizontal scroll at 800 px. Screenshots at
 * 1,400 and 800 px.
 */
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHive, HoneyHiveTracer, createApiClient, withPrompt } from "../../packages/honeyhive/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { eventually, saveScreenshot } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { KEY, startViewerServer } from "./helpers/viewer-server";

let server: DevServer;
let fake: FakeOpenAI;
const tab = new ViewerTab();
const quiet = createLogger({ sink: () => undefined });
const versions: string[] = [];
let sessionId = "";
const HOSTILE = '<script>window.__pwned = "template"</script><img src=x onerror="window.__pwned = 1">';
const HUGE = "y".repeat(60_000);

function parameters(model: string, system: string, hyperparameters: Record<string, number>) {
  return { call_type: "chat" as const, model, hyperparameters, template: [{ role: "system", content: system }, { role: "user", content: "Question: {{q}}" }] };
}

async function promptVersion(name: string): Promise<string> {
  return (await new HoneyHive({ apiKey: KEY, serverUrl: server.url, logger: quiet, promptCacheDir: undefined }).getPrompt(name, { ttlMs: 0 })).version;
}

async function callWithPrompt(): Promise<void> {
  const prompt = await new HoneyHive({ apiKey: KEY, serverUrl: server.url, logger: quiet, promptCacheDir: undefined }).getPrompt("support-answer", { ttlMs: 0 });
  const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, sessionName: "prompted-chat", logSink: () => undefined, instrumentModules: { openAI: OpenAI } });
  sessionId = tracer.sessionId;
  const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
  await withPrompt(prompt, () => client.chat.completions.create({ model: "gpt-4o", messages: prompt.compile({ q: "Where is my parcel?" }) as never }));
  expect(await tracer.flush()).toBe(true);
  await tracer.shutdown();
}

beforeAll(async () => {
  server = await startViewerServer();
  fake = await startFakeOpenAI();
  const api = createApiClient({ apiKey: KEY, serverUrl: server.url });
  const created = await api.configurations.create({ name: "support-answer", provider: "openai", env: ["prod"], parameters: parameters("gpt-4o-mini", "You are terse.", { temperature: 0.2, max_tokens: 64 }) });
  if (!created.ok) throw new Error(created.error);
  versions.push(await promptVersion("support-answer"));
  const updated = await api.configurations.update(created.data.insertedId, { name: "support-answer", parameters: parameters("gpt-4o", "You are terse and kind.\nSay sorry when late.", { temperature: 0.7, max_tokens: 64, top_p: 0.9 }) });
  if (!updated.ok) throw new Error(updated.error);
  versions.push(await promptVersion("support-answer"));
  const hostile = await api.configurations.create({ name: "hostile-prompt", provider: "openai", env: ["prod"], parameters: { call_type: "completion", model: "m", template: `${HOSTILE}\n${HUGE}`, hyperparameters: { blob: HUGE, nested: { list: [HUGE.slice(0, 5000)] } } } });
  if (!hostile.ok) throw new Error(hostile.error);
  await callWithPrompt();
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await fake?.close();
  await server?.close();
});

async function noPageWideScroll(page: Page): Promise<void> {
  const [scrollWidth, innerWidth] = await page.evaluate(() => [(globalThis as any).document.documentElement.scrollWidth as number, (globalThis as any).innerWidth as number]);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

describe("the Prompts page's versions", () => {
  it("shows a version's template, model and parameters, and the diff of two versions", async () => {
    const { page } = await tab.open(server, `/prompts`);
    await page.setViewportSize({ width: 1400, height: 1000 });
    await eventually(() => page.getByTestId("prompt-compare-link").count()).toBe(1);
    await page.getByTestId("prompt-compare-link").click();
    await eventually(() => page.getByTestId("prompt-diff-panel").count()).toBe(1);
    expect(await page.getByTestId("prompt-field-name").allTextContents()).toEqual(["model", "hyperparameters.temperature", "hyperparameters.top_p"]);
    expect(await page.getByTestId("prompt-field-change").first().textContent()).toBe(`model"gpt-4o-mini""gpt-4o"`.replace(/"/g, ""));
    expect(await page.getByTestId("prompt-line-del").allTextContents()).toEqual(["- You are terse.\n"]);
    expect(await page.getByTestId("prompt-line-add").allTextContents()).toEqual(["+ You are terse and kind.\n", "+ Say sorry when late.\n"]);
    const panel = page.getByTestId("prompt-version-panel");
    expect(await panel.getByTestId("prompt-panel-version").textContent()).toBe(versions[1]);
    expect(await panel.getByTestId("prompt-model").textContent()).toBe("gpt-4o");
    expect(await panel.getByTestId("prompt-parameter").allTextContents()).toEqual(["temperature0.7", "max_tokens64", "top_p0.9"]);
    expect(await panel.getByTestId("prompt-template-message").allTextContents()).toEqual(["You are terse and kind.\nSay sorry when late.", "Question: {{q}}"]);
    await saveScreenshot(page, "prompt-diff-1400");
    await page.setViewportSize({ width: 800, height: 1000 });
    await noPageWideScroll(page);
    await saveScreenshot(page, "prompt-diff-800");
    expect(tab.watched.errors).toEqual([]);
  });

  it("renders hostile template text and huge parameters as text, with no page-wide horizontal scroll at 800 px", async () => {
    const { page } = await tab.open(server, "/prompts");
    await page.setViewportSize({ width: 800, height: 900 });
    await page.getByTestId("prompt").filter({ hasText: "hostile-prompt" }).getByTestId("prompt-version-link").click();
    await eventually(() => page.getByTestId("prompt-panel-version").count()).toBe(1);
    expect((await page.getByTestId("prompt-template").textContent())?.startsWith(HOSTILE)).toBe(true);
    expect(await page.getByTestId("prompt-parameter").count()).toBe(2);
    expect(await page.evaluate(() => (globalThis as any).__pwned)).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
    await noPageWideScroll(page);
    expect(tab.watched.errors).toEqual([]);
  });
});

describe("a model event made with a prompt", () => {
  it("names the prompt and version at its top, linked to that version; its raw attributes fold under a closed section", async () => {
    const { page } = await tab.open(server, `/sessions/${sessionId}`);
    await page.setViewportSize({ width: 1400, height: 1000 });
    const row = page.getByTestId("wf-row").filter({ hasText: "MODEL" });
    await eventually(() => row.count()).toBe(1);
    await row.click();
    const line = page.getByTestId("event-prompt");
    await eventually(() => line.count()).toBe(1);
    expect(await line.textContent()).toBe(`Made with prompt support-answer @ ${versions[1]} · prod`);
    expect(await page.getByTestId("event-usage-tokens").count()).toBe(1);
    const raw = page.getByTestId("section-raw-attributes");
    expect(await raw.evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(false);
    const rawText = await raw.textContent();
    for (const key of ["llm.token_count.prompt", "llm.input_messages.0.message.content", "prompt_tokens", "cost_basis"]) expect(rawText).toContain(key);
    const metadata = page.getByTestId("section-metadata");
    if ((await metadata.count()) > 0) expect(await metadata.textContent()).not.toMatch(/llm\.|gen_ai\.|cost/);
    await saveScreenshot(page, "event-prompt-1400");
    await page.setViewportSize({ width: 800, height: 1000 });
    await noPageWideScroll(page);
    await saveScreenshot(page, "event-prompt-800");
    await page.getByTestId("event-prompt-link").click();
    await eventually(() => page.getByTestId("prompt-panel-version").textContent()).toBe(versions[1]);
    expect(await page.getByTestId("prompt-model").textContent()).toBe("gpt-4o");
    expect(tab.watched.errors).toEqual([]);
  });
});
