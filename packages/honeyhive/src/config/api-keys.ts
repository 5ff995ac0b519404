/**
 * The typed API keys of the SDK's options, resolved once, as every other option: the option, else its `HH_*`
 * variable (`ingestionApiKey` / `HH_INGESTION_API_KEY`, `dataPlaneApiKey` / `HH_DATA_PLANE_API_KEY`); a blank value is
 * unset. A key that is set but not of its kind's shape is a problem named with its source, never its value (the rule is
 * core's `keys/api-key-kinds`, the dev server's too). Which key a request carries is core's `keys/operation-keys`: the
 * ingestion key for what sends traces, sessions and events ({@link sendingKey}), the project key for the rest, the data
 * plane key for the project-scoped routes.
 */
import { API_KEY_OPTIONS, API_KEY_VARIABLES, typedKeyProblem, type TypedApiKeyKind } from "@honeyhive/core/keys/api-key-kinds";
import type { HoneyHiveEnv } from "../internal/env";

/** A typed key that is set and malformed: its kind, where it came from, and what is wrong (never the value). */
export interface KeyProblem {
  readonly kind: TypedApiKeyKind;
  readonly source: string;
  readonly message: string;
}

/** A typed key resolved: the key (undefined when unset or malformed) and the problem of a malformed one. */
export interface TypedKey {
  readonly key: string | undefined;
  readonly problem?: KeyProblem;
}

const ENV_NAMES: Readonly<Record<TypedApiKeyKind, "HH_INGESTION_API_KEY" | "HH_DATA_PLANE_API_KEY">> = {
  ingestion: "HH_INGESTION_API_KEY", dataPlane: "HH_DATA_PLANE_API_KEY",
};

/** The `kind` key of `option` (an option's value), else of the environment; see the module comment. */
export function resolveTypedKey(kind: TypedApiKeyKind, option: unknown, env: HoneyHiveEnv): TypedKey {
  const fromOption = option !== undefined && option !== null;
  const source = fromOption ? API_KEY_OPTIONS[kind] : API_KEY_VARIABLES[kind];
  if (fromOption && typeof option !== "string") return { key: undefined, problem: { kind, source, message: `${source} must be a string` } };
  const value = (fromOption ? (option as string) : env[ENV_NAMES[kind]] ?? "").trim();
  if (value === "") return { key: undefined };
  const message = typedKeyProblem(kind, value, source);
  return message === undefined ? { key: value } : { key: undefined, problem: { kind, source, message } };
}

/** The key traces, sessions and events are sent with: the ingestion key, else the project key. */
export function sendingKey(keys: { readonly apiKey?: string | undefined; readonly ingestionApiKey?: string | undefined }): string | undefined {
  return keys.ingestionApiKey ?? keys.apiKey;
}
