/** The `configurations` group of the REST client: HoneyHive's prompts (`/v1/configurations`). */
import { pathSegment, type Requester } from "./request";
import type { ApiResult, JsonObject } from "./types";

/** An environment a configuration is deployed to. */
export type ConfigurationEnv = "dev" | "staging" | "prod";

/** One chat message of a chat template. */
export interface TemplateMessage {
  role: string;
  content: string;
}

/** A tool a configuration offers the model (the spec's `SelectedFunction`). */
export type SelectedFunction = { id: string; name: string; description?: string; parameters?: JsonObject } & JsonObject;

/** The spec's `ConfigurationParameters`: the model call a configuration describes. */
export type ConfigurationParameters = {
  call_type: "chat" | "completion";
  model: string;
  hyperparameters?: JsonObject;
  responseFormat?: { type: "text" | "json_object" } & JsonObject;
  selectedFunctions?: SelectedFunction[];
  functionCallParams?: "none" | "auto" | "force";
  forceFunction?: JsonObject;
  template?: string | TemplateMessage[];
} & JsonObject;

/** A stored configuration (the spec's `ConfigurationItem`). */
export type Configuration = {
  id: string;
  name: string;
  type: "LLM" | "pipeline";
  provider: string;
  parameters: ConfigurationParameters;
  env: ConfigurationEnv[];
  tags: string[];
  user_properties?: JsonObject | null;
  created_at: string;
  updated_at?: string | null;
} & JsonObject;

/** Body of `POST /v1/configurations` (the spec's `CreateConfigurationRequest`). */
export interface ConfigurationCreateRequest {
  name: string;
  type?: "LLM" | "pipeline";
  provider: string;
  parameters: ConfigurationParameters;
  env?: ConfigurationEnv[];
  tags?: string[];
  user_properties?: JsonObject | null;
}

/** Body of `PUT /v1/configurations/{configId}` (the spec's `UpdateConfigurationRequest`: `name` is required). */
export type ConfigurationUpdateRequest = Partial<ConfigurationCreateRequest> & { name: string };

/** Filters of `GET /v1/configurations`. */
export interface ConfigurationListQuery {
  name?: string;
  env?: ConfigurationEnv | string;
  tags?: string;
}

/** Configuration endpoints. */
export interface ConfigurationsApi {
  /** `GET /v1/configurations?name&env&tags` → `{ configurations }`. */
  list(query?: ConfigurationListQuery, signal?: AbortSignal): Promise<ApiResult<{ configurations: Configuration[] } & JsonObject>>;
  /** `POST /v1/configurations` → `{ acknowledged, insertedId }`. */
  create(body: ConfigurationCreateRequest, signal?: AbortSignal): Promise<ApiResult<{ acknowledged: boolean; insertedId: string } & JsonObject>>;
  /** `PUT /v1/configurations/{configId}` → `{ acknowledged, modifiedCount, matchedCount, … }`. */
  update(configId: string, body: ConfigurationUpdateRequest, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
  /** `DELETE /v1/configurations/{configId}` → `{ acknowledged, deletedCount }`. */
  delete(configId: string, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
}

/** Builds {@link ConfigurationsApi} on a requester. */
export function createConfigurationsApi(request: Requester): ConfigurationsApi {
  return {
    list: (query = {}, signal) =>
      request({ method: "GET", path: "/v1/configurations", query: { name: query.name, env: query.env, tags: query.tags }, signal }),
    create: (body, signal) => request({ method: "POST", path: "/v1/configurations", body, signal }),
    update: (configId, body, signal) => request({ method: "PUT", path: `/v1/configurations/${pathSegment(configId)}`, body, signal }),
    delete: (configId, signal) => request({ method: "DELETE", path: `/v1/configurations/${pathSegment(configId)}`, signal }),
  };
}
