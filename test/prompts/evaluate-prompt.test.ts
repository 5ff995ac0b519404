/**
 * Issue 44 requirement 6: `evaluate({ prompt })` against the real dev server through the spec-checking proxy, with a
 * prompt from `getPrompt()` and the real `openai` client + instrumentation: every datapoint's model events carry the
 * prompt, the run records `metadata.prompt` (name, version, env, config_id, template), and a bad `prompt` is a config
 * error.
 */
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHive, createApiClient, evaluate } from "../../packages/honeyhive/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { ask } from "../routing/openai-workload";

const KEY = "hh_evaluate_prompt_key";
const checked = useCheckedDevServer();
const quiet = createLogger({ sink: () => undefined });
let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

describe("evaluate({ prompt })", () => {
  it("links every datapoint's calls and records the prompt on the run", async () => {
    const api = createApiClient({ apiKey: KEY, serverUrl: checked.proxy.url });
    const created = await api.configurations.create({
      name: "exp-prompt", provider: "openai", env: ["staging"],
      parameters: { call_type: "chat", model: "gpt-test", template: [{ role: "user", content: "unit-{{unit}}/a" }] },
    });
    if (!created.ok) throw new Error(created.error);
    const prompt = await new HoneyHive({ apiKey: KEY, serverUrl: checked.proxy.url, logger: quiet }).getPrompt("exp-prompt", { env: "staging" });
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    const result = await evaluate<{ unit: number }, unknown, string>({
      name: "with-prompt", apiKey: KEY, serverUrl: checked.proxy.url, maxWorkers: 4, progress: false, prompt,
      instrumentModules: { openAI: OpenAI },
      dataset: Array.from({ length: 8 }, (_, unit) => ({ inputs: { unit } })),
      function: async ({ unit }) => ask(client, `unit-${unit}/a`), // no compile(): the link comes from evaluate's prompt
    });
    expect(result.status).toBe("completed");
    const run = await api.runs.get(result.runId);
    if (!run.ok) throw new Error(run.error);
    expect((run.data.evaluation.metadata as Record<string, unknown>).prompt).toEqual({
      name: "exp-prompt", version: prompt.version, env: "staging", config_id: created.data.insertedId,
      template: JSON.stringify([{ role: "user", content: "unit-{{unit}}/a" }], null, 2),
    });
    for (const sessionId of result.sessionIds) {
      const events = await api.events.export({ filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }], limit: 100 });
      if (!events.ok) throw new Error(events.error);
      const models = events.data.events.filter((e) => e.event_type === "model");
      expect(models).toHaveLength(1);
      expect(models.map((e) => [e.config?.prompt_name, e.config?.prompt_version, e.config?.prompt_env])).toEqual([["exp-prompt", prompt.version, "staging"]]);
    }
    expect(checked.proxy.violations().filter((v) => !/deprecated$/.test(v))).toEqual([]);
  });

  it("a prompt that is not a Prompt is a configuration error", async () => {
    await expect(evaluate({ dataset: [{ inputs: {} }], function: () => 1, offline: true, progress: false, prompt: "p" as never })).rejects.toThrow(/prompt must be a Prompt/);
  });
});
