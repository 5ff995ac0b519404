/**
 * Configurations (HoneyHive's prompts): building them from `POST`/`PUT /v1/configurations` bodies as the spec
 * describes them (`CreateConfigurationRequest`, `UpdateConfigurationRequest`), their API form, and their content
 * version (`@honeyhive/core/prompts/prompt-version`, the one the SDK computes).
 */
import { createHash } from "node:crypto";
import { newUuid } from "@honeyhive/core/ids/uuid";
import { promptContentOf, promptVersion } from "@honeyhive/core/prompts/prompt-version";
import { closestKey } from "@honeyhive/core/text/closest-key";
import { invalid } from "../domain/validation-error";
import { getOwn, isPlainObject, type JsonObject } from "../domain/json";
import { optObject, optString, optStringArray } from "../domain/validate";

/** The environments a configuration can be deployed to. */
export const CONFIGURATION_ENVS = ["dev", "staging", "prod"] as const;
const MAX_NAME = 200;
/** Top-level body fields (the spec's; `project` is accepted and ignored, as 1.x clients send it). */
const BODY_KEYS = ["name", "type", "provider", "parameters", "env", "tags", "user_properties", "project"];

/** A stored configuration. */
export interface ConfigurationRecord {
  id: string;
  name: string;
  type: "LLM" | "pipeline";
  provider: string;
  parameters: JsonObject;
  env: string[];
  tags: string[];
  user_properties: JsonObject | null;
  created_at: string;
  updated_at: string;
}

/** One saved content of a configuration (its history is append-only). */
export interface ConfigurationVersionRecord {
  /** When it was saved (ISO). */
  saved_at: string;
  /** The content version (see `prompt-version.ts`). */
  version: string;
  env: string[];
  provider: string;
  parameters: JsonObject;
}

/** The fields of a body that is given (each validated); `requireAll` for a create. */
function readFields(body: JsonObject, requireAll: boolean): Partial<ConfigurationRecord> {
  rejectUnknownKeys(body);
  const name = optString(body, "name", MAX_NAME);
  if (name === undefined || name.trim() === "") throw invalid(`"name" is required`);
  const provider = optString(body, "provider", MAX_NAME);
  if (provider === "" || (requireAll && provider === undefined)) throw invalid(`"provider" is required (a non-empty string)`);
  const parametersValue = getOwn(body, "parameters");
  if (requireAll && parametersValue === undefined) throw invalid(`"parameters" is required`);
  const type = optString(body, "type", 20);
  if (type !== undefined && type !== "LLM" && type !== "pipeline") throw invalid(`"type" must be "LLM" or "pipeline"`);
  const fields: Partial<ConfigurationRecord> = { name, provider, type, tags: optStringArray(body, "tags", 1000), env: envOf(body) };
  if (parametersValue !== undefined) fields.parameters = parametersOf(parametersValue);
  if (getOwn(body, "user_properties") !== undefined) fields.user_properties = optObject(body, "user_properties") ?? null;
  return fields;
}

function rejectUnknownKeys(body: JsonObject): void {
  const key = Object.keys(body).find((k) => !BODY_KEYS.includes(k));
  if (key === undefined) return;
  const near = closestKey(key, BODY_KEYS);
  throw invalid(`unknown field "${key}"${near ? ` (did you mean "${near}"?)` : ""}`);
}

function envOf(body: JsonObject): string[] | undefined {
  const env = optStringArray(body, "env", 3);
  const wrong = env?.find((e) => !(CONFIGURATION_ENVS as readonly string[]).includes(e));
  if (wrong !== undefined) throw invalid(`"env" items must be one of ${CONFIGURATION_ENVS.join(", ")}; got "${wrong}"`);
  return env ? [...new Set(env)] : undefined;
}

function checkTemplate(template: unknown): void {
  if (template === undefined || typeof template === "string") return;
  const ok = Array.isArray(template) && template.every((m) => isPlainObject(m) && typeof m.role === "string" && typeof m.content === "string");
  if (!ok) throw invalid(`"parameters.template" must be a string or an array of { role, content } strings`);
}

/** Validates `parameters` (the spec's `ConfigurationParameters`). */
function parametersOf(value: unknown): JsonObject {
  if (!isPlainObject(value)) throw invalid(`"parameters" must be an object`);
  if (value.call_type !== "chat" && value.call_type !== "completion") throw invalid(`"parameters.call_type" must be "chat" or "completion"`);
  if (typeof value.model !== "string" || value.model === "") throw invalid(`"parameters.model" is required (a non-empty string)`);
  checkTemplate(value.template);
  if (value.hyperparameters !== undefined && !isPlainObject(value.hyperparameters)) throw invalid(`"parameters.hyperparameters" must be an object`);
  const tools = value.selectedFunctions;
  if (tools !== undefined && !(Array.isArray(tools) && tools.every((t) => isPlainObject(t) && typeof t.id === "string" && typeof t.name === "string"))) {
    throw invalid(`"parameters.selectedFunctions" must be an array of { id, name, … } objects`);
  }
  const format = value.responseFormat;
  if (format !== undefined && !(isPlainObject(format) && (format.type === "text" || format.type === "json_object"))) {
    throw invalid(`"parameters.responseFormat" must be { type: "text" | "json_object" }`);
  }
  return value;
}

/** Builds a configuration from a `POST /v1/configurations` body (400 on a bad one). */
export function configurationFromBody(body: JsonObject, now: string): ConfigurationRecord {
  const f = readFields(body, true);
  return {
    id: newUuid(), name: f.name as string, type: f.type ?? "LLM", provider: f.provider as string, parameters: f.parameters as JsonObject,
    env: f.env ?? [], tags: f.tags ?? [], user_properties: f.user_properties ?? null, created_at: now, updated_at: now,
  };
}

/** Validates a `PUT /v1/configurations/{id}` body and returns the pure update (given fields replace). */
export function parseConfigurationUpdate(body: JsonObject, now: string): (c: ConfigurationRecord) => ConfigurationRecord {
  const f = readFields(body, false);
  const given = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
  return (c) => ({ ...c, ...given, updated_at: now });
}

/** The content version of a configuration. */
export function configurationVersion(c: Pick<ConfigurationRecord, "provider" | "parameters">): string {
  return promptVersion(promptContentOf(c.provider, c.parameters), (text) => createHash("sha256").update(text, "utf8").digest("hex"));
}

/** The history entry of a configuration as saved now. */
export function versionRecordOf(c: ConfigurationRecord): ConfigurationVersionRecord {
  return { saved_at: c.updated_at, version: configurationVersion(c), env: c.env, provider: c.provider, parameters: c.parameters };
}

/** The API form of a configuration (the spec's `ConfigurationItem`; `_id` too, as HoneyHive answers). */
export function apiConfiguration(c: ConfigurationRecord): JsonObject {
  return {
    id: c.id, _id: c.id, name: c.name, type: c.type, provider: c.provider, parameters: c.parameters, env: c.env, tags: c.tags,
    user_properties: c.user_properties, created_at: c.created_at, updated_at: c.updated_at,
  };
}
