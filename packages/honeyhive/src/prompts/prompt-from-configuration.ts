/**
 * HoneyHive has no get-by-name route for configurations: the prompt is picked from `GET /v1/configurations?name&env`
 * (the most recently saved match, or the one whose content has the asked version), and read into {@link PromptData}.
 */
import { promptContentOf, promptVersion } from "@honeyhive/core/prompts/prompt-version";
import type { Configuration } from "../api-client/configurations-api";
import { runtime } from "../runtime/platform";
import type { PromptTemplate } from "./compile-template";
import type { PromptData } from "./prompt-data";

/** The content version of a configuration (the Prompts guide). */
export function configurationVersion(configuration: Pick<Configuration, "provider" | "parameters">): string {
  return promptVersion(promptContentOf(configuration.provider, configuration.parameters), (text) => runtime.sha256Hex(text));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function templateOf(value: unknown): PromptTemplate {
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) return "";
  return value.filter(isObject).map((m) => ({ role: String(m.role ?? "user"), content: String(m.content ?? "") }));
}

/** The prompt data of one configuration. */
export function promptDataOf(configuration: Configuration, env: string): PromptData {
  const p: Record<string, unknown> = isObject(configuration.parameters) ? configuration.parameters : {};
  return {
    name: String(configuration.name),
    env,
    version: configurationVersion(configuration),
    configId: String(configuration.id ?? configuration._id ?? ""),
    updatedAt: typeof configuration.updated_at === "string" ? configuration.updated_at : typeof configuration.created_at === "string" ? configuration.created_at : null,
    template: templateOf(p.template),
    model: typeof p.model === "string" ? p.model : null,
    provider: typeof configuration.provider === "string" ? configuration.provider : null,
    parameters: isObject(p.hyperparameters) ? p.hyperparameters : {},
    tools: Array.isArray(p.selectedFunctions) ? p.selectedFunctions : [],
    responseFormat: isObject(p.responseFormat) ? (p.responseFormat as PromptData["responseFormat"]) : null,
  };
}

function savedAt(c: Configuration): string {
  return String(c.updated_at ?? c.created_at ?? "");
}

/** The configuration a `getPrompt` call means among those listed: its name, in `env`, at `version` when given, newest. */
export function pickConfiguration(listed: readonly Configuration[], name: string, env: string, version: string | undefined): Configuration | undefined {
  const matching = listed.filter((c) => c.name === name && Array.isArray(c.env) && c.env.includes(env as never));
  const candidates = version === undefined ? matching : matching.filter((c) => configurationVersion(c) === version);
  return [...candidates].sort((a, b) => (savedAt(a) < savedAt(b) ? 1 : savedAt(a) > savedAt(b) ? -1 : 0))[0];
}

/** The environments that have a configuration of this name (for the not-found error). */
export function environmentsOf(listed: readonly Configuration[], name: string): string[] {
  const envs = new Set<string>();
  for (const c of listed) if (c.name === name && Array.isArray(c.env)) for (const e of c.env) envs.add(e);
  return [...envs].sort();
}
