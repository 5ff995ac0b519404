/** The data of a prompt: what HoneyHive's configuration holds, its version, and where it came from. */
import type { ConfigurationParameters, SelectedFunction } from "../api-client/configurations-api";
import type { JsonObject } from "../api-client/types";
import type { PromptTemplate } from "./compile-template";

/** Where a prompt came from: the API now, the in-memory cache, the file cache, or the fallback. */
export type PromptSource = "api" | "cache" | "file" | "fallback";

/** The data of a prompt (what the file cache stores). */
export interface PromptData {
  readonly name: string;
  readonly env: string;
  /** Content hash (see the Prompts guide); `"fallback"` for a fallback. */
  readonly version: string;
  /** The configuration's id; null for a fallback. */
  readonly configId: string | null;
  /** When the configuration was last saved (ISO); null when unknown. */
  readonly updatedAt: string | null;
  readonly template: PromptTemplate;
  readonly model: string | null;
  readonly provider: string | null;
  /** The hyperparameters (temperature, max_tokens, …). */
  readonly parameters: Readonly<JsonObject>;
  /** The configuration's tools (its `selectedFunctions`). */
  readonly tools: readonly SelectedFunction[];
  readonly responseFormat: ConfigurationParameters["responseFormat"] | null;
}
