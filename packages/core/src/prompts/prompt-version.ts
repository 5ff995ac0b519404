/**
 * The version of a prompt: a hash of its content, the same in the SDK, the dev server and any other language.
 *
 * The content is the canonical prompt, an object of exactly these six fields (absent ones as shown):
 * `provider` (string or null), `model` (string or null), `template` (string, array of messages, or null),
 * `hyperparameters` (object, `{}`), `tools` (the configuration's `selectedFunctions`, `[]`) and
 * `response_format` (the configuration's `responseFormat`, or null). The version is the first 16 hex digits of
 * the SHA-256 of its UTF-8 canonical JSON: object keys sorted (by UTF-16 code unit) at every level, no whitespace,
 * non-ASCII characters as themselves, numbers as ECMAScript writes them (`1.0` is `1`). Pure.
 */
import { stableJson } from "../values/stable-json";

/** Hex digits of a prompt version. */
export const PROMPT_VERSION_LENGTH = 16;

/** The canonical prompt whose hash is its version. */
export interface PromptContent {
  provider: string | null;
  model: string | null;
  template: unknown;
  hyperparameters: Record<string, unknown>;
  tools: unknown[];
  response_format: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The canonical prompt of a configuration (`provider` and its `parameters`, as the API stores them). */
export function promptContentOf(provider: unknown, parameters: unknown): PromptContent {
  const p = isObject(parameters) ? parameters : {};
  return {
    provider: typeof provider === "string" ? provider : null,
    model: typeof p.model === "string" ? p.model : null,
    template: p.template ?? null,
    hyperparameters: isObject(p.hyperparameters) ? p.hyperparameters : {},
    tools: Array.isArray(p.selectedFunctions) ? p.selectedFunctions : [],
    response_format: p.responseFormat ?? null,
  };
}

/** The canonical JSON text of a prompt's content (what {@link promptVersion} hashes). */
export function promptContentJson(content: PromptContent): string {
  return stableJson(content) ?? "null";
}

/** The version of a prompt's content, given a SHA-256 (lowercase hex of the UTF-8 bytes of a text). */
export function promptVersion(content: PromptContent, sha256Hex: (text: string) => string): string {
  return sha256Hex(promptContentJson(content)).slice(0, PROMPT_VERSION_LENGTH);
}
