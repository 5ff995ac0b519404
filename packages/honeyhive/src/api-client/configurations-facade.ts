/**
 * The `HoneyHive` class's `configurations` group (HoneyHive's prompts) with the 1.x client's names and argument orders:
 * `getConfigurations(project, env?, name?)` (or `({ name, env, tags })`), `createConfiguration(body)`,
 * `updateConfiguration(configId, body)` (or `(body, configId)`), `deleteConfiguration(configId)`.
 */
import { snakeKeys } from "./case-keys";
import type { ConfigurationCreateRequest, ConfigurationListQuery, ConfigurationUpdateRequest } from "./configurations-api";
import type { ApiClient } from "./create-api-client";
import { idAndBody, unwrap } from "./facade-helpers";
import type { JsonObject } from "./types";

/** `updateConfiguration` in both argument orders. */
export interface UpdateConfiguration {
  (configId: string, body: ConfigurationUpdateRequest | JsonObject): Promise<JsonObject>;
  /** The order with the body first. */
  (body: ConfigurationUpdateRequest | JsonObject, configId: string): Promise<JsonObject>;
}

/** The `configurations` group of {@link HoneyHive}. */
export interface ConfigurationsGroup {
  /**
   * `getConfigurations(project, env?, name?)` as before (the project is accepted and ignored: the key decides it), or
   * `getConfigurations({ name?, env?, tags? })`. → `{ configurations }`.
   */
  getConfigurations(query?: string | (ConfigurationListQuery & { project?: string }), env?: string, name?: string): Promise<JsonObject>;
  /** → `{ acknowledged, insertedId }`. */
  createConfiguration(body: ConfigurationCreateRequest | JsonObject): Promise<JsonObject>;
  updateConfiguration: UpdateConfiguration;
  /** → `{ acknowledged, deletedCount }`. */
  deleteConfiguration(configId: string): Promise<JsonObject>;
}

/** Builds the `configurations` group on a client. */
export function configurationsGroup(api: ApiClient): ConfigurationsGroup {
  return {
    getConfigurations: async (query, env, name) => {
      const q = typeof query === "object" && query !== null ? { name: query.name, env: query.env, tags: query.tags } : { name, env };
      return unwrap(await api.configurations.list(q));
    },
    createConfiguration: async (body) => unwrap(await api.configurations.create(snakeKeys(body) as ConfigurationCreateRequest)),
    updateConfiguration: (async (a: unknown, b: unknown) => {
      const [configId, body] = idAndBody<ConfigurationUpdateRequest>(a, b);
      return unwrap(await api.configurations.update(configId, snakeKeys(body)));
    }) as UpdateConfiguration,
    deleteConfiguration: async (configId) => unwrap(await api.configurations.delete(configId)),
  };
}
