/**
 * The `HoneyHive` class's `datasets` and `datapoints` groups with the 1.x client's names, argument orders and
 * camelCase bodies (`groundTruth`, `linkedEvent`, `linkedDatasets`, `datasetId`, `mapping.groundTruth`). The `project`
 * 1.x bodies and arguments carry is not sent (the API key decides the project). Answers carry 1.x's camelCase names
 * beside the wire's, on each listed dataset and datapoint too, and `getDatasets` answers 1.x's `testcases` beside
 * `datasets`.
 */
import { wireKeys } from "./case-keys";
import type { ApiClient } from "./create-api-client";
import { idAndBody, unwrap, withAliasedItems } from "./facade-helpers";
import type { BatchCreateDatapointsRequest } from "./group-types";
import type { AddDatapointsRequest, Dataset, JsonObject } from "./types";

/** `addDatapoints` in both argument orders. */
export interface AddDatapoints {
  /** The order with the id first. */
  (datasetId: string, body: AddDatapointsRequest | JsonObject): Promise<JsonObject>;
  /** 1.x's order: `addDatapoints(requestBody, datasetId)`. */
  (body: AddDatapointsRequest | JsonObject, datasetId: string): Promise<JsonObject>;
}

/** The `datasets` group of {@link HoneyHive}. Every method throws `HoneyHiveApiError` when the request fails. */
export interface DatasetsGroup {
  /**
   * The key's project's datasets: 1.x's `getDatasets(project, type?, datasetId?)` (project and type are not sent), or
   * `getDatasets({ datasetId?, name? })`. → `{ datasets, testcases }` (1.x read `testcases`; the same list).
   */
  getDatasets(query?: string | { datasetId?: string; dataset_id?: string; name?: string }, type?: string, datasetId?: string): Promise<{ datasets: Dataset[]; testcases: Dataset[] } & JsonObject>;
  /** Creates a dataset: `{ project, name, description?, datapoints?, … }` (1.x) or the wire's. → `{ inserted, result: { insertedId } }`. */
  createDataset(body: JsonObject): Promise<JsonObject>;
  /** Updates a dataset: `{ datasetId, name?, description?, datapoints? }` (1.x's `DatasetUpdate`) or `{ dataset_id, … }`. */
  updateDataset(body: JsonObject): Promise<JsonObject>;
  /** Deletes a dataset (its datapoints stay). */
  deleteDataset(datasetId: string): Promise<JsonObject>;
  /**
   * Adds datapoints made from `data` rows by `mapping` (`{ inputs, groundTruth, history }`: each a list of the rows'
   * fields). → `{ inserted, datapoint_ids, datapointIds }`.
   */
  addDatapoints: AddDatapoints;
}

/** `updateDatapoint` in both argument orders. */
export interface UpdateDatapoint {
  /** The order with the id first. */
  (datapointId: string, body: JsonObject): Promise<JsonObject>;
  /** 1.x's order: `updateDatapoint(updateDatapointRequest, id)`. */
  (body: JsonObject, datapointId: string): Promise<JsonObject>;
}

/** The `datapoints` group of {@link HoneyHive}. Every method throws `HoneyHiveApiError` when the request fails. */
export interface DatapointsGroup {
  /** One datapoint. → `{ datapoint: [datapoint] }` (1.x's shape: a list of one). */
  getDatapoint(datapointId: string): Promise<JsonObject>;
  /**
   * Datapoints by ids or dataset name: 1.x's `getDatapoints(project, datapointIds?, datasetName?)` (the project is not
   * sent), or `getDatapoints({ datapointIds?, datasetName? })`. → `{ datapoints }`.
   */
  getDatapoints(query?: string | { datapointIds?: readonly string[]; datasetName?: string }, datapointIds?: readonly string[], datasetName?: string): Promise<JsonObject>;
  /** Creates a datapoint: `{ project, inputs, groundTruth?, history?, linkedEvent?, linkedDatasets?, metadata? }` (1.x) or the wire's. → `{ inserted, result: { insertedId } }`. */
  createDatapoint(body: JsonObject): Promise<JsonObject>;
  /** Updates the fields given (`inputs`, `groundTruth`, `history`, `metadata`, `linkedDatasets`, …). */
  updateDatapoint: UpdateDatapoint;
  /** Deletes a datapoint. → `{ deleted }`. */
  deleteDatapoint(datapointId: string): Promise<JsonObject>;
  /** `POST /v1/datapoints/batch`: datapoints from stored events (by ids or filters, with a mapping). → `{ inserted, insertedIds }`. */
  batchCreateDatapoints(body: BatchCreateDatapointsRequest): Promise<JsonObject>;
}

/** Builds the `datasets` group on a client. */
export function datasetsGroup(api: ApiClient): DatasetsGroup {
  return {
    getDatasets: async (query, _type, datasetId) => {
      const q = typeof query === "object" && query !== null ? { dataset_id: query.dataset_id ?? query.datasetId, name: query.name } : { dataset_id: datasetId };
      const data = withAliasedItems(unwrap(await api.datasets.list(q)), "datasets");
      return { ...data, testcases: data.datasets };
    },
    createDataset: async (body) => unwrap(await api.datasets.create(wireKeys(body)), ["result"]),
    updateDataset: async (body) => unwrap(await api.datasets.update(wireKeys(body) as { dataset_id: string })),
    deleteDataset: async (datasetId) => unwrap(await api.datasets.delete(datasetId)),
    addDatapoints: (async (a: unknown, b: unknown) => {
      const [datasetId, body] = idAndBody<AddDatapointsRequest>(a, b);
      return unwrap(await api.datasets.addDatapoints(datasetId, wireKeys(body, ["mapping"])));
    }) as AddDatapoints,
  };
}

/** Builds the `datapoints` group on a client. */
export function datapointsGroup(api: ApiClient): DatapointsGroup {
  return {
    getDatapoint: async (datapointId) => withAliasedItems(unwrap(await api.datapoints.get(datapointId)), "datapoint"),
    getDatapoints: async (query, datapointIds, datasetName) => {
      const q = typeof query === "object" && query !== null ? { ids: query.datapointIds, datasetName: query.datasetName } : { ids: datapointIds, datasetName };
      return withAliasedItems(unwrap(await api.datapoints.list(q)), "datapoints");
    },
    createDatapoint: async (body) => unwrap(await api.datapoints.create(wireKeys(body) as { inputs: JsonObject }), ["result"]),
    updateDatapoint: (async (a: unknown, b: unknown) => {
      const [datapointId, body] = idAndBody<JsonObject>(a, b);
      return unwrap(await api.datapoints.update(datapointId, wireKeys(body)));
    }) as UpdateDatapoint,
    deleteDatapoint: async (datapointId) => unwrap(await api.datapoints.delete(datapointId)),
    batchCreateDatapoints: async (body) => unwrap(await api.datapoints.createBatch(body)),
  };
}
