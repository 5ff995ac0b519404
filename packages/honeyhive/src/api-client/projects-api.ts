/**
 * Projects (`/v1/projects`, of the spec generation the 1.x client was built on; the current spec has no project
 * routes). On the dev server each API key is one project: see the dev server's README.
 */
import type { Requester } from "./request";
import type { Project, UpdateProjectRequest } from "./group-types";
import type { ApiResult, JsonObject } from "./types";

/** Project endpoints. */
export interface ProjectsApi {
  /** `GET /v1/projects?name=` → the projects (an array). */
  list(query?: { name?: string }, signal?: AbortSignal): Promise<ApiResult<Project[]>>;
  /** `POST /v1/projects` → the project. */
  create(body: { name: string; description?: string; type?: "evaluation" | "completion" }, signal?: AbortSignal): Promise<ApiResult<Project>>;
  /** `PUT /v1/projects`. */
  update(body: UpdateProjectRequest, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
  /** `DELETE /v1/projects?name=`. */
  delete(name: string, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
}

/** Builds {@link ProjectsApi} on a requester. */
export function createProjectsApi(request: Requester): ProjectsApi {
  return {
    list: (query = {}, signal) => request({ method: "GET", path: "/v1/projects", query: { name: query?.name }, signal }),
    create: (body, signal) => request({ method: "POST", path: "/v1/projects", body, signal }),
    update: (body, signal) => request({ method: "PUT", path: "/v1/projects", body, signal }),
    delete: (name, signal) => request({ method: "DELETE", path: "/v1/projects", query: { name }, signal }),
  };
}
