/**
 * Tools: not in HoneyHive's current OpenAPI spec; the 1.x client used the unprefixed `/tools` of an older spec
 * generation. The client calls `/v1/tools` (as every other group) and falls back to `/tools` on a server without it,
 * remembered per client like every legacy route. The id of a delete is `function_id`, as 1.x sent it.
 */
import type { Requester } from "./request";
import type { CreateToolRequest, Tool, UpdateToolRequest } from "./group-types";
import type { ApiResult, JsonObject } from "./types";

/** Tool endpoints. */
export interface ToolsApi {
  /** `GET /v1/tools` → the tools (an array). */
  list(signal?: AbortSignal): Promise<ApiResult<Tool[]>>;
  /** `POST /v1/tools` → `{ result: { insertedId } }`. */
  create(body: CreateToolRequest, signal?: AbortSignal): Promise<ApiResult<{ result?: { insertedId?: string } } & JsonObject>>;
  /** `PUT /v1/tools` with the tool's `id` in the body. */
  update(body: UpdateToolRequest, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
  /** `DELETE /v1/tools?function_id=`. */
  delete(toolId: string, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
}

/** Builds {@link ToolsApi} on a requester. */
export function createToolsApi(request: Requester): ToolsApi {
  const fallback = (method: "GET" | "POST" | "PUT" | "DELETE", extra: { query?: Record<string, string>; body?: unknown }) => ({
    operation: `${method} /v1/tools`,
    legacy: { method, path: "/tools", ...extra },
  });
  return {
    list: (signal) => request({ method: "GET", path: "/v1/tools", signal, fallback: fallback("GET", {}) }),
    create: (body, signal) => request({ method: "POST", path: "/v1/tools", body, signal, fallback: fallback("POST", { body }) }),
    update: (body, signal) => request({ method: "PUT", path: "/v1/tools", body, signal, fallback: fallback("PUT", { body }) }),
    delete: (toolId, signal) => {
      const query = { function_id: toolId };
      return request({ method: "DELETE", path: "/v1/tools", query, signal, fallback: fallback("DELETE", { query }) });
    },
  };
}
