/**
 * The viewer's "Add to dataset": `POST /viewer/sessions/:id/dataset` `{ dataset_id }` or `{ dataset_name }` copies a
 * session of the caller's project into a dataset (found by id, or by name and created when missing) by the rule the
 * SDK's `addEvent` uses (`datapointFromEvent`: the session's inputs, its outputs as ground truth, the conversation as history,
 * `linked_event`, external id `event-<session id>`). Adding a session the dataset holds already writes nothing.
 */
import { datapointFromEvent, externalIdOfEvent } from "@honeyhive/core/datasets/datapoint-from-event";
import { newUuid } from "@honeyhive/core/ids/uuid";
import type { JsonObject } from "../domain/json";
import type { DatasetRecord } from "../domain/records";
import { optString, requireUuid } from "../domain/validate";
import { badRequest, notFound } from "../http/http-error";
import { datasetFromBody } from "../model/dataset-model";
import { nowIso, objectBody } from "../routes/common";
import type { ApiRoute, RouteContext } from "../routes/route-context";
import { sessionContext } from "../routes/session-context";

const MAX_NAME = 200;

/** The dataset the body names: by id (must exist), or by name (created when missing). */
async function targetDataset(ctx: RouteContext, body: JsonObject): Promise<{ dataset: DatasetRecord; created: boolean }> {
  const id = optString(body, "dataset_id", MAX_NAME);
  const name = optString(body, "dataset_name", MAX_NAME)?.trim();
  if ((id === undefined) === (name === undefined || name === "")) throw badRequest("give either dataset_id or a non-empty dataset_name");
  if (id !== undefined) {
    const found = await ctx.store.getDataset(ctx.project.id, id);
    if (!found) throw notFound(`dataset ${id} not found`);
    return { dataset: found, created: false };
  }
  const [found] = await ctx.store.listDatasets(ctx.project.id, { name: name! });
  if (found) return { dataset: found, created: false };
  const made = datasetFromBody({ name: name! }, nowIso(ctx));
  await ctx.store.createDataset(ctx.project.id, made);
  return { dataset: made, created: true };
}

async function addSession(ctx: RouteContext): Promise<unknown> {
  const sessionId = requireUuid(ctx.params.id, "session id");
  const body = await objectBody(ctx);
  const session = await ctx.store.getEvent(ctx.project.id, sessionId, { children: false });
  if (!session || session.event_type !== "session") throw notFound(`session ${sessionId} not found`);
  const { dataset, created } = await targetDataset(ctx, body);
  const answer = { dataset_id: dataset.id, dataset_name: dataset.name, created };
  const held = dataset.datapoints.length > 0 ? await ctx.store.getDatapoints(ctx.project.id, dataset.datapoints) : [];
  const existing = held.find((d) => d.metadata?.external_id === externalIdOfEvent(sessionId));
  if (existing) return { ...answer, added: false, datapoint_id: existing.id };
  const made = datapointFromEvent(session, await sessionContext(ctx.store, ctx.project.id, session));
  const now = nowIso(ctx);
  const id = newUuid();
  await ctx.store.createDatapoints(ctx.project.id, [{
    id, inputs: made.inputs as JsonObject, history: made.history, ground_truth: made.ground_truth as JsonObject,
    metadata: made.metadata as JsonObject, linked_event: sessionId, linked_datasets: [dataset.id], created_at: now, updated_at: now,
  }]);
  return { ...answer, added: true, datapoint_id: id };
}

/** The "Add to dataset" route of the viewer. */
export const addToDatasetRoutes: readonly ApiRoute[] = [{ method: "POST", pattern: "/viewer/sessions/:id/dataset", handler: addSession }];
