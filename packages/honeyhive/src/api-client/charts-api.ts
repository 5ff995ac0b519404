/**
 * Charts (`/v1/charts`): saved chart definitions of a project. Given a `projectId`, a call goes to the project-scoped
 * route (`/v1/projects/{projectId}/charts`) and carries the client's data plane key (`dataPlaneApiKey`, the only key
 * those routes take: without one the call is not sent and fails with `missingApiKey: "dataPlane"`); without, the
 * unscoped route with the project key, as HoneyHive's clients do since their data plane keys (API 1.6, Python 1.7).
 */
import { pathSegment, type Requester } from "./request";
import type { ApiResult, JsonObject } from "./types";

/** A saved chart, as the API answers it. */
export type Chart = {
  id: string;
  name: string;
  metric: string;
  description: string | null;
  func: string | null;
  groupBy: string | null;
  bucketing: string;
  dateRange: JsonObject | null;
  query: JsonObject[] | null;
  owner_id: string | null;
  is_active: boolean;
  created_at: string;
  updated_at: string | null;
} & JsonObject;

/** The fields of a chart to create (`name` and `metric` required) or update (any of them). */
export interface ChartFields {
  name?: string;
  metric?: string;
  description?: string;
  /** Aggregation: `sum`, `avg`, `median`, `min`, `max`, `p95`… */
  func?: string;
  groupBy?: string | null;
  /** `minute`, `five_minute`, `hour`, `day` (the default), `week`, `month`, `auto`. */
  bucketing?: string;
  /** `{ relative: "7d" }` or `{ $gte, $lte }` (ISO strings or Unix ms). */
  dateRange?: { relative: string } | { $gte: string | number; $lte: string | number };
  /** Filters `{ field, value, type, operator }`. */
  query?: { field: string; value: string | null; type: string; operator: string }[];
  owner_id?: string;
}

/** Where a chart call goes: a project's scoped routes (with the data plane key), else the unscoped ones. */
export interface ChartScope {
  /** The project whose charts these are (its id): the call goes to its scoped route, with the data plane key. */
  projectId?: string;
  signal?: AbortSignal;
}

/** `{ success, data }`, as every chart answer is. */
export type ChartAnswer<T> = { success: boolean; data: T } & JsonObject;

/** Chart endpoints. */
export interface ChartsApi {
  /** `GET /v1/charts` (or the project's) → `{ success, data: Chart[] }`. */
  list(scope?: ChartScope): Promise<ApiResult<ChartAnswer<Chart[]>>>;
  /** `POST /v1/charts` → `{ success, data: Chart }`. */
  create(body: ChartFields & { name: string; metric: string }, scope?: ChartScope): Promise<ApiResult<ChartAnswer<Chart>>>;
  /** `GET /v1/charts/{id}` → `{ success, data: Chart }`. */
  get(chartId: string, scope?: ChartScope): Promise<ApiResult<ChartAnswer<Chart>>>;
  /** `PUT /v1/charts/{id}` (only the given fields change) → `{ success, data: Chart }`. */
  update(chartId: string, body: ChartFields, scope?: ChartScope): Promise<ApiResult<ChartAnswer<Chart>>>;
  /** `DELETE /v1/charts/{id}` → `{ success, message }`. */
  delete(chartId: string, scope?: ChartScope): Promise<ApiResult<{ success: boolean; message: string } & JsonObject>>;
}

/** The charts path of `scope`, with `rest` after it (`/{id}`). */
function chartsPath(scope: ChartScope | undefined, rest = ""): string {
  const projectId = scope?.projectId;
  return `${projectId === undefined ? "/v1" : `/v1/projects/${pathSegment(projectId)}`}/charts${rest}`;
}

/** Builds {@link ChartsApi} on a requester. */
export function createChartsApi(request: Requester): ChartsApi {
  const one = (id: string) => `/${pathSegment(id)}`;
  return {
    list: (scope) => request({ method: "GET", path: chartsPath(scope), signal: scope?.signal }),
    create: (body, scope) => request({ method: "POST", path: chartsPath(scope), body, signal: scope?.signal }),
    get: (chartId, scope) => request({ method: "GET", path: chartsPath(scope, one(chartId)), signal: scope?.signal }),
    update: (chartId, body, scope) => request({ method: "PUT", path: chartsPath(scope, one(chartId)), body, signal: scope?.signal }),
    delete: (chartId, scope) => request({ method: "DELETE", path: chartsPath(scope, one(chartId)), signal: scope?.signal }),
  };
}
