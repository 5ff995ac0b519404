/**
 * Which prompt an event was made with, as the SDK records it on a span (`withPrompt`, `compile()`) and the backend
 * stores it: HoneyHive's `config.prompt_name`, `prompt_version`, `prompt_env` and `prompt_config_id` (from the
 * span's `honeyhive_config.*` attributes), else OTel GenAI's `gen_ai.prompt.name` / `gen_ai.prompt.version` (kept
 * in the event's metadata under their full keys, as another SDK may send only these). One rule for the SDK that
 * writes the link and the dev server's viewer that reads it.
 */
import { ATTR_GEN_AI_PROMPT_NAME, ATTR_GEN_AI_PROMPT_VERSION } from "../semconv/attributes";

/** The `config` keys of an event's prompt link (written as `honeyhive_config.<key>` span attributes). */
export const PROMPT_CONFIG_KEYS = {
  name: "prompt_name",
  version: "prompt_version",
  env: "prompt_env",
  configId: "prompt_config_id",
} as const;

/** The prompt an event was made with. */
export interface EventPrompt {
  readonly name: string;
  /** The content version (`fallback` for a fallback prompt). */
  readonly version: string;
  /** The environment it was served from, when recorded. */
  readonly env?: string;
  /** The configuration's id, when recorded (a fallback prompt has none). */
  readonly configId?: string;
}

/** An event's fields the rule reads. */
export interface PromptLinkedEvent {
  readonly config?: unknown;
  readonly metadata?: unknown;
}

function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The prompt `event` was made with, or undefined when it names none (a name and a version are both needed). */
export function eventPromptOf(event: PromptLinkedEvent): EventPrompt | undefined {
  const config = fieldsOf(event.config);
  const metadata = fieldsOf(event.metadata);
  const name = text(config[PROMPT_CONFIG_KEYS.name]) ?? text(metadata[ATTR_GEN_AI_PROMPT_NAME]);
  const version = text(config[PROMPT_CONFIG_KEYS.version]) ?? text(metadata[ATTR_GEN_AI_PROMPT_VERSION]);
  if (name === undefined || version === undefined) return undefined;
  const env = text(config[PROMPT_CONFIG_KEYS.env]);
  const configId = text(config[PROMPT_CONFIG_KEYS.configId]);
  return { name, version, ...(env !== undefined ? { env } : {}), ...(configId !== undefined ? { configId } : {}) };
}
