/**
 * The public tracer: the tracer (`tracer/honeyhive-tracer.ts`) with the features — the ones its engine runs through
 * the seam (`tracer-features.ts`: attachments, online evaluation, the provider integrations) and the methods they add
 * (`getPrompt`, `withPrompt`). The prompt client is imported on the first `getPrompt()`.
 */
import type { HoneyHiveTracerOptions } from "../config/tracer-options";
import { strictOptionsOf } from "../config/unknown-options";
import { tracerHandleOf } from "../context/tracer-handle";
import type { GetPromptOptions } from "../prompts/get-prompt-options";
import type { Prompt } from "../prompts/prompt";
import type { PromptClient } from "../prompts/prompt-client";
import { type LinkablePrompt, withPrompt } from "../prompts/with-prompt";
import { setTracerFeatures } from "../seam/class-features";
import { HoneyHiveTracerBase } from "../tracer/honeyhive-tracer";
import { loadPromptClient } from "./load-prompts";
import type { TracerDiagnostics } from "./tracer-diagnostics";
import { TRACER_FEATURES } from "./tracer-features";

/**
 * An independent HoneyHive tracer: its own session, API key, configuration and export pipeline. Creating
 * one is synchronous and never throws (unless `resilience: "strict"`); any number can coexist. The old TS
 * SDK's getters and helpers are inherited from `HoneyHiveTracerLegacy`.
 *
 * @example
 * const tracer = new HoneyHiveTracer({ apiKey, sessionName: "chat" });
 * const answer = trace(async (q: string) => llm(q), { tracer, eventType: "chain" });
 */
export class HoneyHiveTracer extends HoneyHiveTracerBase {
  #prompts: PromptClient | undefined;

  /** Creates a tracer; see {@link HoneyHiveTracerOptions}. Options that cannot be read are ignored with a warning. */
  constructor(options: HoneyHiveTracerOptions = {}) {
    super(options);
  }

  /**
   * A prompt from this tracer's server with its key (file cache: env `HH_PROMPT_CACHE_DIR`); see `HoneyHive.getPrompt`.
   *
   * @example
   * const prompt = await tracer.getPrompt("support-answer", { fallback: "Answer: {{question}}" });
   */
  async getPrompt(name: string, options?: GetPromptOptions): Promise<Prompt> {
    const { createPromptClient } = await loadPromptClient();
    const handle = tracerHandleOf(this);
    this.#prompts ??= createPromptClient({ apiKey: this.apiKey ?? "", serverUrl: this.serverUrl, logger: handle?.logger, strictOptions: strictOptionsOf(handle) });
    return this.#prompts.getPrompt(name, options);
  }

  /**
   * Runs `fn()` with this tracer active and `prompt` linked: every span inside carries the prompt's name and
   * version (see the free function `withPrompt`).
   */
  withPrompt<T>(prompt: LinkablePrompt, fn: () => T): T {
    return this.trace(() => withPrompt(prompt, fn));
  }

  /** Counters of spans started, ended, exported and dropped (with reasons), plus what was detected and each feature's counters. */
  override diagnostics(): TracerDiagnostics {
    return super.diagnostics() as TracerDiagnostics;
  }
}

setTracerFeatures(HoneyHiveTracer, TRACER_FEATURES);
