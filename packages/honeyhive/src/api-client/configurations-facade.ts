/**
 * The `HoneyHive` class's `configurations` group (HoneyHive's prompts) with the 1.x client's names, argument orders,
 * request fields and return shapes: `getConfigurations(project, env?, name?)` resolves to an array of configurations,
 * `createConfiguration(body)` and `updateConfiguration(body, configId)` take 1.x's camelCase body
 * (`parameters.callType`, `userProperties`, `parameters.additionalProperties`) or the wire's; the `project` 1.x bodies
 * carry is not sent (the API key decides the project, and the spec refuses the field).
 */
import { wireKeys, withCamelAliases } from "./case-keys";
import type { Configuration, ConfigurationCreateRequest, ConfigurationListQuery, ConfigurationUpdateRequest } from "./configurations-api";
import type { ApiClient } from "./create-api-client";
import { idAndBody, unwrap } from "./facade-helpers";
import type { JsonObject } from "./types";

/** A configuration as the group returns it: the wire's fields plus 1.x's camelCase names (`userProperties`, `parameters.callType`). */
export type LegacyConfiguration = Configuration & JsonObject;

/** `updateConfiguration` in both argument orders. */
export interface UpdateConfiguration {
  /** The order with the id first. */
  (configId: string, body: ConfigurationUpdateRequest | JsonObject): Promise<JsonObject>;
  /** 1.x's order: `updateConfiguration(putConfigurationRequest, id)`. */
  (body: ConfigurationUpdateRequest | JsonObject, configId: string): Promise<JsonObject>;
}

/** The `configurations` group of {@link HoneyHive}: prompts as HoneyHive stores them. Every method throws `HoneyHiveApiError` when the request fails. */
export interface ConfigurationsGroup {
  /**
   * The configurations of the key's project, optionally of one environment and name: 1.x's
   * `getConfigurations(project, env?, name?)` (the project is accepted and not sent: the key decides it), or
   * `getConfigurations({ name?, env?, tags? })`. Resolves to an array, as in 1.x.
   */
  getConfigurations(query?: string | (ConfigurationListQuery & { project?: string }), env?: string, name?: string): Promise<LegacyConfiguration[]>;
  /**
   * Creates a configuration from 1.x's body `{ project, name, provider, parameters: { callType, model, … }, env?,
   * userProperties? }` or the wire's (`call_type`, `user_properties`). → `{ acknowledged, insertedId }`.
   */
  createConfiguration(body: ConfigurationCreateRequest | JsonObject): Promise<JsonObject>;
  /** Replaces the fields given; the body as for {@link ConfigurationsGroup.createConfiguration}. */
  updateConfiguration: UpdateConfiguration;
  /** Deletes a configuration. → `{ acknowledged, deletedCount }`. */
  deleteConfiguration(configId: string): Promise<JsonObject>;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** 1.x's parameters on the wire: `callType` as `call_type`, `additionalProperties` (its extra keys) spread in. */
function wireParameters(parameters: unknown): unknown {
  if (!isObject(parameters)) return parameters;
  const { callType, additionalProperties, ...rest } = parameters;
  const out: JsonObject = { ...(isObject(additionalProperties) ? additionalProperties : {}), ...rest };
  if (out.call_type === undefined && callType !== undefined) out.call_type = callType;
  return out;
}

/** A configuration body in the wire's form (from 1.x's or the wire's). */
export function wireConfiguration<T>(body: T): T {
  const out = wireKeys(body) as JsonObject;
  if (isObject(out) && out.parameters !== undefined) out.parameters = wireParameters(out.parameters) as JsonObject;
  return out as T;
}

/** Builds the `configurations` group on a client. */
export function configurationsGroup(api: ApiClient): ConfigurationsGroup {
  return {
    getConfigurations: async (query, env, name) => {
      const q = typeof query === "object" && query !== null ? { name: query.name, env: query.env, tags: query.tags } : { name, env };
      const { configurations } = unwrap(await api.configurations.list(q));
      return (Array.isArray(configurations) ? configurations : []).map((c) => withCamelAliases(c, ["parameters"]));
    },
    createConfiguration: async (body) => unwrap(await api.configurations.create(wireConfiguration(body) as ConfigurationCreateRequest)),
    updateConfiguration: (async (a: unknown, b: unknown) => {
      const [configId, body] = idAndBody<ConfigurationUpdateRequest>(a, b);
      return unwrap(await api.configurations.update(configId, wireConfiguration(body)));
    }) as UpdateConfiguration,
    deleteConfiguration: async (configId) => unwrap(await api.configurations.delete(configId)),
  };
}
