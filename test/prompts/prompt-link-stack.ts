/**
 * The prompt-link check of issue 44 requirement 5, shared by the stack tests: `evaluate()` over 20 datapoints at
 * `maxWorkers: 10` (`evaluate-stack.ts`), each datapoint linked one way — none, `withPrompt(A)`, `B.compile()` inside
 * the traced function, or `withPrompt(fallback)` — then every event of every session read back.
 */
import type { HoneyHiveEvent } from "../../packages/honeyhive/src/api-client/types";
import { withPrompt } from "../../packages/honeyhive/src/index";
import { Prompt } from "../../packages/honeyhive/src/prompts/prompt";
import type { PromptData } from "../../packages/honeyhive/src/prompts/prompt-data";
import { type StackBackend, type StackCalls, type StackReport, modelEvents } from "../routing/evaluate-stack";

function promptData(name: string, version: string, configId: string | null = `cfg-${name}`): PromptData {
  return {
    name, env: "prod", version, configId, updatedAt: "2026-11-01T00:00:00.000Z",
    template: [{ role: "user", content: "{{question}}" }], model: "gpt-test", provider: "openai", parameters: {}, tools: [], responseFormat: undefined,
  } as PromptData;
}

/** Prompt A (linked with `withPrompt`), B (compiled inside the function) and a fallback. */
export const PROMPT_A = new Prompt(promptData("support-a", "a1b2c3d4e5f6"), "api");
export const PROMPT_B = new Prompt(promptData("support-b", "0f1e2d3c4b5a"), "cache");
export const PROMPT_FALLBACK = new Prompt(promptData("support-c", "fallback", null), "fallback");

/** The prompt datapoint `i` is linked to (`undefined`: none) and the version its events carry. */
export function expectedLink(i: number): { name: string; version: string; env: string; configId: string | undefined } | undefined {
  const prompt = [undefined, PROMPT_A, PROMPT_B, PROMPT_FALLBACK][i % 4];
  if (prompt === undefined) return undefined;
  return { name: prompt.name, version: prompt === PROMPT_FALLBACK ? "fallback" : prompt.version, env: "prod", configId: prompt.configId ?? undefined };
}

/** Wraps a stack's calls so datapoint `i` is linked as {@link expectedLink} says. */
export function linkedCalls(calls: StackCalls): StackCalls {
  return (i) => {
    switch (i % 4) {
      case 1:
        return withPrompt(PROMPT_A, () => calls(i));
      case 2:
        PROMPT_B.compile({ question: "x" }); // inside the datapoint's traced function
        return calls(i);
      case 3:
        return withPrompt(PROMPT_FALLBACK, () => calls(i));
      default:
        return calls(i);
    }
  };
}

/** The prompt fields an event carries (config and the OTel GenAI attributes, wherever the ingest put them). */
export function linkOf(event: HoneyHiveEvent): Record<string, unknown> {
  const config = (event.config ?? {}) as Record<string, unknown>;
  const metadata = (event.metadata ?? {}) as Record<string, unknown>;
  return {
    name: config.prompt_name, version: config.prompt_version, env: config.prompt_env, configId: config.prompt_config_id,
    genAiName: metadata["gen_ai.prompt.name"], genAiVersion: metadata["gen_ai.prompt.version"],
  };
}

/** Problems: a model event without its datapoint's prompt, or any event of an unlinked datapoint with one. */
export function promptLinkProblems(report: StackReport): string[] {
  const problems: string[] = [];
  report.eventsByDatapoint.forEach((events, i) => {
    const want = expectedLink(i);
    if (want === undefined) {
      for (const event of events) {
        if (JSON.stringify(event).includes("prompt_name") || JSON.stringify(event).includes("gen_ai.prompt.name")) problems.push(`datapoint ${i} (no prompt): ${event.event_name} carries one`);
      }
      return;
    }
    const models = modelEvents(events);
    if (models.length === 0) problems.push(`datapoint ${i}: no model event`);
    for (const event of models) {
      const got = linkOf(event);
      const expected = { ...want, genAiName: want.name, genAiVersion: want.version };
      if (JSON.stringify(got) !== JSON.stringify(expected)) problems.push(`datapoint ${i}: ${event.event_name} carries ${JSON.stringify(got)}`);
    }
  });
  return problems;
}

/** Runs the stack with the links applied; the stack report and the prompt-link problems. */
export async function evaluateLinked(backend: StackBackend, name: string, calls: StackCalls, instrumentModules?: Record<string, unknown>): Promise<{ report: StackReport; problems: string[] }> {
  const report = await backend.evaluate(name, linkedCalls(calls), instrumentModules);
  return { report, problems: promptLinkProblems(report) };
}
