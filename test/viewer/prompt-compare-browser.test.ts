/**
 * Issue 44 requirement 6 in the viewer: the compare page of two runs made with different versions of a prompt
 * (`evaluate({ prompt })`) says the prompt changed and shows the template's line diff; runs with the same prompt show
 * nothing. Real dev server, real Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { Prompt } from "../../packages/honeyhive/src/prompts/prompt";
import type { PromptData } from "../../packages/honeyhive/src/prompts/prompt-data";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";
import { eventually } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { KEY, startViewerServer } from "./helpers/viewer-server";

let server: DevServer;
const tab = new ViewerTab();
const runs: EvaluationResult[] = [];

const prompt = (version: string, template: string): Prompt =>
  new Prompt({ name: "qa-prompt", env: "prod", version, configId: "cfg-1", updatedAt: null, template, model: "m", provider: "openai", parameters: {}, tools: [], responseFormat: null } as PromptData, "api");

async function run(p: Prompt): Promise<EvaluationResult> {
  return evaluate({ name: "qa", apiKey: KEY, serverUrl: server.url, progress: false, prompt: p, dataset: [{ inputs: { q: 1 } }], function: () => 1 });
}

beforeAll(async () => {
  server = await startViewerServer();
  runs.push(await run(prompt("aaaaaaaa11111111", "Be brief.\nAnswer {{q}}")));
  runs.push(await run(prompt("bbbbbbbb22222222", "Be kind.\nAnswer {{q}}")));
  runs.push(await run(prompt("bbbbbbbb22222222", "Be kind.\nAnswer {{q}}")));
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await server?.close();
});

describe("the compare page and the prompt", () => {
  it("says the prompt changed, with the template diff; nothing when it did not", async () => {
    const { page } = await tab.open(server, `/runs/${runs[1]!.runId}/compare/${runs[0]!.runId}`);
    await eventually(() => page.getByTestId("prompt-change").count()).toBe(1);
    expect(await page.getByTestId("prompt-change").locator("p").textContent()).toBe("Prompt changed: qa-prompt@aaaaaaaa → qa-prompt@bbbbbbbb");
    expect(await page.getByTestId("prompt-diff").textContent()).toBe("- Be brief.\n+ Be kind.\n  Answer {{q}}\n");
    expect(await page.locator(".diff-del").count()).toBeGreaterThan(0);
    const same = await tab.open(server, `/runs/${runs[2]!.runId}/compare/${runs[1]!.runId}`);
    await eventually(() => same.page.getByTestId("common-count").count()).toBe(1);
    expect(await same.page.getByTestId("prompt-change").count()).toBe(0);
    expect(tab.watched.errors).toEqual([]);
  });
});
