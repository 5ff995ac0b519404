/**
 * The public REST client: the client of the old TypeScript SDK's method names (`api-client/honeyhive.ts`) with the
 * features' methods (`getPrompt`). The prompt client is imported on the first `getPrompt()`.
 */
import { HoneyHiveBase, clientSettingsOf } from "../api-client/honeyhive";
import type { GetPromptOptions } from "../prompts/get-prompt-options";
import type { Prompt } from "../prompts/prompt";
import type { PromptClient } from "../prompts/prompt-client";
import { loadPromptClient } from "./load-prompts";

/**
 * The HoneyHive REST client with the groups, method names, argument orders and return shapes of the 1.x TypeScript
 * SDK (`session.startSession`, `experiments.createRun`, `configurations.getConfigurations`, …), and `getPrompt`.
 * Request bodies may use 1.x's camelCase field names or the wire's snake_case; the `project` 1.x bodies carry is not
 * sent (the API key decides the project). Responses are the wire JSON plus camelCase aliases, on listed items too.
 *
 * Unlike `createApiClient`, whose methods return results, these methods **throw** a `HoneyHiveApiError` (its
 * message never contains the key) when a request finally fails, as the old client did. Retries (429/5xx/network) and
 * per-request timeouts apply to both.
 */
export class HoneyHive extends HoneyHiveBase {
  #prompts: PromptClient | undefined;

  /**
   * A prompt (a HoneyHive configuration) by name: `env` (default `prod`), an exact `version`, cached in memory for
   * `ttlMs` (default 60 s; a stale one is returned at once and refreshed in the background), with an optional
   * `fallback`. Throws a `PromptNotFoundError` naming the environments that have it when it is missing (unless a
   * fallback is given), never a network error when a cached copy or a fallback exists. See the prompts guide.
   *
   * @example
   * const prompt = await hh.getPrompt("support-answer", { env: "prod", fallback: "Answer: {{question}}" });
   * const params = prompt.toOpenAI({ question: "Where is my order?" });
   */
  async getPrompt(name: string, options?: GetPromptOptions): Promise<Prompt> {
    const { createPromptClient } = await loadPromptClient();
    if (this.#prompts === undefined) {
      const { apiKey, serverUrl, serverUrlName, fetch, logger, promptCacheDir } = clientSettingsOf(this);
      this.#prompts = createPromptClient({ apiKey, serverUrl, serverUrlName, fetch, logger, promptCacheDir });
    }
    return this.#prompts.getPrompt(name, options);
  }
}
