/**
 * `evaluate({ prompt })`: the prompt an experiment ran with. Every datapoint's function runs linked to it
 * (`withPrompt`, and its datapoint span stamped), and the run records it as `metadata.prompt`.
 */
import { linkPromptToActiveSpan, withPrompt } from "../prompts/with-prompt";
import type { Prompt } from "../prompts/prompt";
import { EvaluationConfigError } from "../config/evaluation-config-error";

/** The run's `metadata.prompt`: which prompt, which content version, and its template (for the comparison's diff). */
export interface RunPromptMetadata {
  name: string;
  version: string;
  env: string;
  config_id: string | null;
  /** The template as text (chat messages as JSON), so two runs' templates can be compared without a fetch. */
  template: string;
}

/** Throws an {@link EvaluationConfigError} unless `prompt` is a prompt from `getPrompt()` (or undefined). */
export function checkRunPrompt(prompt: unknown): void {
  if (prompt === undefined) return;
  const p = prompt as Partial<Prompt> | null;
  if (typeof p !== "object" || p === null || typeof p.name !== "string" || typeof p.version !== "string" || typeof p.env !== "string") {
    throw new EvaluationConfigError("prompt must be a Prompt from getPrompt()");
  }
}

/** The prompt's run metadata (a fallback's version is `fallback`). */
export function runPromptMetadata(prompt: Prompt): RunPromptMetadata {
  const template = typeof prompt.template === "string" ? prompt.template : JSON.stringify(prompt.template, null, 2);
  const version = prompt.source === "fallback" ? "fallback" : prompt.version;
  return { name: prompt.name, version, env: prompt.env, config_id: prompt.configId ?? null, template };
}

/** `fn` made to run linked to `prompt` (unchanged without one). */
export function linkedToPrompt<A extends unknown[], R>(fn: (...args: A) => R, prompt: Prompt | undefined): (...args: A) => R {
  if (prompt === undefined) return fn;
  return (...args: A) => {
    linkPromptToActiveSpan(prompt); // the datapoint's own span
    return withPrompt(prompt, () => fn(...args));
  };
}
