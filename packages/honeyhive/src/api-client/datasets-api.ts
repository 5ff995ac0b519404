import { pathSegment, type Requester } from "./request";
import type { AddDatapointsRequest, ApiResult, Datapoint, Dataset, JsonObject } from "./types";
import type { BatchCreateDatapointsRequest, BatchCreateDatapointsResponse } from "./group-types";
import { pickKeys } from "./v1-bodies";

/** Most ids the backend accepts in one `GET /v1/datapoints` call. */
const MAX_IDS_PER_CALL = 100;

/** Dataset endpoints. */
export interface DatasetsApi {
  /** `GET /v1/datasets?dataset_id&name`. */
  list(query?: { dataset_id?: string; name?: string }, signal?: AbortSignal): Promise<ApiResult<{ datasets: Dataset[] } & JsonObject>>;
  /** `POST /v1/datasets` → `{ inserted, result: { insertedId } }`. */
  create(body: { name?: string; description?: string; datapoints?: string[] } & JsonObject, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
  /**
   * `PUT /v1/datasets/{dataset_id}` with `name`, `description` and `datapoints` (the only fields the API updates;
   * legacy `PUT /v1/datasets` on servers without it).
   */
  update(body: { dataset_id: string; name?: string; description?: string; datapoints?: string[] }, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
  /** `DELETE /v1/datasets/{dataset_id}` (legacy `DELETE /v1/datasets?dataset_id=` on servers without it). */
  delete(datasetId: string, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
  /** `POST /v1/datasets/{id}/datapoints` → `{ inserted, datapoint_ids }`. */
  addDatapoints(datasetId: string, body: AddDatapointsRequest, signal?: AbortSignal): Promise<ApiResult<{ datapoint_ids?: string[] } & JsonObject>>;
}

/** Datapoint endpoints. */
export interface DatapointsApi {
  /** `GET /v1/datapoints/{id}` → `{ datapoint: [one] }` (an array of one, as the backend answers). */
  get(datapointId: string, signal?: AbortSignal): Promise<ApiResult<{ datapoint: Datapoint[] } & JsonObject>>;
  /** `GET /v1/datapoints?datapoint_ids=a&datapoint_ids=b`, split into calls of at most {@link MAX_IDS_PER_CALL} ids. */
  list(query: { ids?: readonly string[]; datasetName?: string }, signal?: AbortSignal): Promise<ApiResult<{ datapoints: Datapoint[] }>>;
  /** `POST /v1/datapoints`. */
  create(body: { inputs: JsonObject } & JsonObject, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
  /** `PUT /v1/datapoints/{id}`. */
  update(datapointId: string, body: JsonObject, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
  /** `DELETE /v1/datapoints/{id}`; `onAttempt` is told each attempt's HTTP status (undefined: no answer came). */
  delete(datapointId: string, signal?: AbortSignal, onAttempt?: (status: number | undefined) => void): Promise<ApiResult<JsonObject>>;
  /** `POST /v1/datapoints/batch` → `{ inserted, insertedIds }`: datapoints made from stored events. */
  createBatch(body: BatchCreateDatapointsRequest, signal?: AbortSignal): Promise<ApiResult<BatchCreateDatapointsResponse>>;
}

/** Builds {@link DatasetsApi} on a requester. */
export function createDatasetsApi(request: Requester): DatasetsApi {
  return {
    list: (query = {}, signal) => request({ method: "GET", path: "/v1/datasets", query: { ...query }, signal }),
    create: (body, signal) => request({ method: "POST", path: "/v1/datasets", body, signal }),
    update: (body, signal) => {
      const fields = pickKeys(body, ["name", "description", "datapoints"]);
      return request({
        method: "PUT",
        path: `/v1/datasets/${pathSegment(String(body?.dataset_id))}`,
        body: fields,
        signal,
        fallback: { operation: "PUT /v1/datasets/{dataset_id}", legacy: { method: "PUT", path: "/v1/datasets", body: { dataset_id: body?.dataset_id, ...fields } } },
      });
    },
    delete: (datasetId, signal) =>
      request({
        method: "DELETE",
        path: `/v1/datasets/${pathSegment(datasetId)}`,
        signal,
        fallback: { operation: "DELETE /v1/datasets/{dataset_id}", legacy: { method: "DELETE", path: "/v1/datasets", query: { dataset_id: datasetId } } },
      }),
    addDatapoints: (datasetId, body, signal) =>
      request({ method: "POST", path: `/v1/datasets/${pathSegment(datasetId)}/datapoints`, body, signal }),
  };
}

/** Builds {@link DatapointsApi} on a requester. */
export function createDatapointsApi(request: Requester): DatapointsApi {
  type ListBody = { datapoints?: Datapoint[] };
  return {
    get: (datapointId, signal) => request({ method: "GET", path: `/v1/datapoints/${pathSegment(datapointId)}`, signal }),
    list: async ({ ids, datasetName }, signal) => {
      const chunks: (readonly string[] | undefined)[] = [];
      if (ids && ids.length > 0) for (let i = 0; i < ids.length; i += MAX_IDS_PER_CALL) chunks.push(ids.slice(i, i + MAX_IDS_PER_CALL));
      else chunks.push(undefined);
      const datapoints: Datapoint[] = [];
      for (const chunk of chunks) {
        const result = await request<ListBody>({
          method: "GET",
          path: "/v1/datapoints",
          query: { datapoint_ids: chunk, dataset_name: datasetName },
          signal,
        });
        if (!result.ok) return result;
        if (Array.isArray(result.data?.datapoints)) datapoints.push(...result.data.datapoints);
      }
      return { ok: true, data: { datapoints } };
    },
    create: (body, signal) => request({ method: "POST", path: "/v1/datapoints", body, signal }),
    update: (datapointId, body, signal) => request({ method: "PUT", path: `/v1/datapoints/${pathSegment(datapointId)}`, body, signal }),
    delete: (datapointId, signal, onAttempt) => request({ method: "DELETE", path: `/v1/datapoints/${pathSegment(datapointId)}`, signal, onAttempt }),
    createBatch: (body, signal) => request({ method: "POST", path: "/v1/datapoints/batch", body, signal }),
  };
}
