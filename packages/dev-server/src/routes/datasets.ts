/**
 * Datasets: list (`?dataset_id&name`), create, update (`PUT /v1/datasets` with `dataset_id` in the body, or
 * `PUT /v1/datasets/{id}`), delete (`?dataset_id` or `/{id}`), add datapoints from rows with a mapping,
 * and remove a datapoint from a dataset. The TS-era `/datasets` gets `testcases` too.
 */
import { badRequest, notFound } from "../http/http-error";
import type { ApiRoute, RouteContext } from "./route-context";
import {
  apiDataset, datapointFromRow, datasetFromBody, parseDatasetUpdate, parseMapping,
} from "../model/dataset-model";
import { getOwn } from "../domain/json";
import { optString } from "../domain/validate";
import { nowIso, objectBody } from "./common";

const MAX_ROWS = 100_000;

async function listDatasets(ctx: RouteContext): Promise<unknown> {
  const filter: { id?: string; name?: string } = {};
  const id = ctx.query.get("dataset_id") ?? ctx.query.get("id");
  const name = ctx.query.get("name");
  if (id) filter.id = id;
  if (name) filter.name = name;
  const datasets = (await ctx.store.listDatasets(ctx.project.id, filter)).map(apiDataset);
  return { datasets, testcases: datasets };
}

async function createDataset(ctx: RouteContext): Promise<unknown> {
  const dataset = datasetFromBody(await objectBody(ctx), nowIso(ctx));
  await ctx.store.createDataset(ctx.project.id, dataset);
  return { inserted: true, result: { insertedId: dataset.id }, dataset: apiDataset(dataset) };
}

async function updateDataset(ctx: RouteContext): Promise<unknown> {
  const body = await objectBody(ctx);
  const id = ctx.params.id ?? optString(body, "dataset_id", 200) ?? optString(body, "id", 200);
  if (!id) throw badRequest(`"dataset_id" is required`);
  const updated = await ctx.store.updateDataset(ctx.project.id, id, parseDatasetUpdate(body, nowIso(ctx)));
  if (!updated) throw notFound(`dataset ${id} not found`);
  return { result: apiDataset(updated) };
}

async function deleteDataset(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id ?? ctx.query.get("dataset_id") ?? undefined;
  if (!id) throw badRequest(`"dataset_id" is required`);
  if (!(await ctx.store.deleteDataset(ctx.project.id, id))) throw notFound(`dataset ${id} not found`);
  return { result: { id }, deleted: true };
}

async function addDatapoints(ctx: RouteContext): Promise<unknown> {
  const datasetId = ctx.params.id as string;
  const body = await objectBody(ctx);
  const data = getOwn(body, "data");
  if (!Array.isArray(data)) throw badRequest(`"data" must be an array of objects`);
  if (data.length > MAX_ROWS) throw badRequest(`at most ${MAX_ROWS} rows per request`);
  const mapping = parseMapping(getOwn(body, "mapping"));
  if (!(await ctx.store.hasDataset(ctx.project.id, datasetId))) throw notFound(`dataset ${datasetId} not found`);
  const now = nowIso(ctx);
  const datapoints = data.map((row, i) => datapointFromRow(row, i, mapping, datasetId, now));
  await ctx.store.createDatapoints(ctx.project.id, datapoints);
  return { inserted: true, datapoint_ids: datapoints.map((d) => d.id) };
}

async function unlink(ctx: RouteContext): Promise<unknown> {
  const datasetId = ctx.params.id as string;
  const datapointId = ctx.params.dp as string;
  const done = await ctx.store.unlinkDatapoint(ctx.project.id, datasetId, datapointId);
  if (!done) throw notFound(`datapoint ${datapointId} is not in dataset ${datasetId}`);
  return { dereferenced: true, message: `datapoint ${datapointId} removed from dataset ${datasetId}` };
}

/** Dataset routes. */
export const datasetRoutes: readonly ApiRoute[] = [
  { method: "GET", pattern: "/datasets", handler: listDatasets },
  { method: "POST", pattern: "/datasets", handler: createDataset },
  { method: "PUT", pattern: "/datasets", handler: updateDataset },
  { method: "PUT", pattern: "/datasets/:id", handler: updateDataset },
  { method: "DELETE", pattern: "/datasets", handler: deleteDataset },
  { method: "DELETE", pattern: "/datasets/:id", handler: deleteDataset },
  { method: "POST", pattern: "/datasets/:id/datapoints", handler: addDatapoints },
  { method: "DELETE", pattern: "/datasets/:id/:dp", handler: unlink },
  { method: "DELETE", pattern: "/datasets/:id/datapoints/:dp", handler: unlink },
];
