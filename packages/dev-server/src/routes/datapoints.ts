/**
 * Datapoints: list (`?datapoint_ids[]&dataset_name&dataset_id`), get one (`{datapoint: [one]}`, as both
 * SDKs read `[0]`), create, update, delete.
 */
import { badRequest, notFound } from "../http/http-error";
import type { ApiRoute, RouteContext } from "./route-context";
import { apiDatapoint, datapointFromBody, parseDatapointUpdate } from "../model/dataset-model";
import type { DatapointRecord } from "../domain/records";
import { nowIso, objectBody, queryList } from "./common";

const MAX_IDS = 10_000;

async function listDatapoints(ctx: RouteContext): Promise<unknown> {
  const ids = queryList(ctx.query, "datapoint_ids");
  if (ids && ids.length > MAX_IDS) throw badRequest(`at most ${MAX_IDS} datapoint_ids per request`);
  const datasetName = ctx.query.get("dataset_name");
  const datasetId = ctx.query.get("dataset_id");
  let datasetIds: Set<string> | undefined;
  if (datasetName || datasetId) {
    const filter: { id?: string; name?: string } = {};
    if (datasetId) filter.id = datasetId;
    if (datasetName) filter.name = datasetName;
    const datasets = await ctx.store.listDatasets(ctx.project.id, filter);
    datasetIds = new Set(datasets.map((d) => d.id));
  }
  let datapoints: DatapointRecord[];
  if (ids) datapoints = await ctx.store.getDatapoints(ctx.project.id, ids);
  else if (datasetIds) {
    datapoints = [];
    for (const id of datasetIds) datapoints.push(...(await ctx.store.listDatapoints(ctx.project.id, { datasetId: id })));
  } else datapoints = await ctx.store.listDatapoints(ctx.project.id, {});
  if (datasetIds) datapoints = datapoints.filter((d) => d.linked_datasets.some((id) => datasetIds.has(id)));
  return { datapoints: datapoints.map(apiDatapoint) };
}

async function getDatapoint(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id as string;
  const [datapoint] = await ctx.store.getDatapoints(ctx.project.id, [id]);
  if (!datapoint) throw notFound(`datapoint ${id} not found`);
  return { datapoint: [apiDatapoint(datapoint)] };
}

async function createDatapoint(ctx: RouteContext): Promise<unknown> {
  const datapoint = datapointFromBody(await objectBody(ctx), nowIso(ctx));
  await ctx.store.createDatapoints(ctx.project.id, [datapoint]);
  return { inserted: true, result: { insertedIds: [datapoint.id], insertedId: datapoint.id } };
}

async function updateDatapoint(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id as string;
  const update = parseDatapointUpdate(await objectBody(ctx), nowIso(ctx));
  const updated = await ctx.store.updateDatapoint(ctx.project.id, id, update);
  if (!updated) throw notFound(`datapoint ${id} not found`);
  return { updated: true, result: { modifiedCount: 1 } };
}

async function deleteDatapoint(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id as string;
  if (!(await ctx.store.deleteDatapoint(ctx.project.id, id))) throw notFound(`datapoint ${id} not found`);
  return { deleted: true };
}

/** Datapoint routes. */
export const datapointRoutes: readonly ApiRoute[] = [
  { method: "GET", pattern: "/datapoints", handler: listDatapoints },
  { method: "POST", pattern: "/datapoints", handler: createDatapoint },
  { method: "GET", pattern: "/datapoints/:id", handler: getDatapoint },
  { method: "PUT", pattern: "/datapoints/:id", handler: updateDatapoint },
  { method: "DELETE", pattern: "/datapoints/:id", handler: deleteDatapoint },
];
