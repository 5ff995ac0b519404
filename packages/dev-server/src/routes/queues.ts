/**
 * Annotation queues (`/v1/queues`): list (`?enabled`), get, create, update (fields, and `add_event_ids` /
 * `remove_event_ids`), delete. A queue holds each event once: ids added twice, in one request or in two, are stored
 * once, in the order first added. Answers carry the queue's `event_ids`.
 */
import { newUuid } from "@honeyhive/core/ids/uuid";
import { badRequest, notFound } from "../http/http-error";
import { StatusReply } from "../http/router";
import type { JsonObject } from "../domain/json";
import { filterArray, flag, readFields, strings, text, type FieldRule } from "../model/group-fields";
import type { ApiRoute, RouteContext } from "./route-context";
import { nowIso, objectBody } from "./common";

const MAX_EVENTS = 100_000;

const QUEUE_FIELDS: Readonly<Record<string, FieldRule>> = {
  name: text(200),
  description: text(1000),
  filters: filterArray,
  enabled: flag,
};

/** `ids` after `current`, each once, in the order first seen. */
function unionOf(current: readonly string[], ids: readonly string[]): string[] {
  const out = [...new Set([...current, ...ids])];
  if (out.length > MAX_EVENTS) throw badRequest(`a queue holds at most ${MAX_EVENTS} events`);
  return out;
}

async function listQueues(ctx: RouteContext): Promise<unknown> {
  const raw = ctx.query.get("enabled");
  if (raw !== null && raw !== "true" && raw !== "false") throw badRequest(`"enabled" must be true or false`);
  const queues = (await ctx.store.listRecords(ctx.project.id, "queue")).filter((q) => raw === null || q.enabled === (raw === "true"));
  return { queues };
}

async function getQueue(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id as string;
  const queue = await ctx.store.getRecord(ctx.project.id, "queue", id);
  if (!queue) throw notFound(`queue ${id} not found`);
  return queue;
}

async function createQueue(ctx: RouteContext): Promise<unknown> {
  const body = await objectBody(ctx);
  const fields = readFields(body, { ...QUEUE_FIELDS, event_ids: strings(MAX_EVENTS) }, ["name"], "a queue");
  const queue = {
    description: "",
    filters: { filterArray: [] },
    enabled: true,
    ...fields,
    event_ids: unionOf([], (fields.event_ids as string[] | undefined) ?? []),
    id: newUuid(),
    scope_id: ctx.project.id,
    scope_type: "project",
    is_active: true,
    created_at: nowIso(ctx),
    updated_at: null,
  };
  await ctx.store.putRecord(ctx.project.id, "queue", queue);
  return new StatusReply(201, { queue, message: "queue created" }); // 201, as the API answers (its clients expect it)
}

async function updateQueue(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id as string;
  const rules = { ...QUEUE_FIELDS, id: text(200), add_event_ids: strings(MAX_EVENTS), remove_event_ids: strings(MAX_EVENTS) };
  const { add_event_ids: add, remove_event_ids: remove, id: bodyId, ...changes } = readFields(await objectBody(ctx), rules, [], "a queue update");
  if (bodyId !== undefined && bodyId !== id) throw badRequest(`"id" in the body (${String(bodyId).slice(0, 200)}) is not the queue of the path`);
  const now = nowIso(ctx);
  const queue = await ctx.store.updateRecord(ctx.project.id, "queue", id, (q: JsonObject) => {
    const removed = new Set((remove as string[] | undefined) ?? []);
    const current = Array.isArray(q.event_ids) ? (q.event_ids as string[]) : [];
    const kept = current.filter((e) => !removed.has(e));
    return { ...q, ...changes, event_ids: unionOf(kept, (add as string[] | undefined) ?? []), updated_at: now };
  });
  if (!queue) throw notFound(`queue ${id} not found`);
  return { queue, message: "queue updated" };
}

async function deleteQueue(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id as string;
  if (!(await ctx.store.deleteRecord(ctx.project.id, "queue", id))) throw notFound(`queue ${id} not found`);
  return { message: `queue ${id} deleted` };
}

/** Queue routes. */
export const queueRoutes: readonly ApiRoute[] = [
  { method: "GET", pattern: "/queues", handler: listQueues },
  { method: "POST", pattern: "/queues", handler: createQueue },
  { method: "GET", pattern: "/queues/:id", handler: getQueue },
  { method: "PUT", pattern: "/queues/:id", handler: updateQueue },
  { method: "DELETE", pattern: "/queues/:id", handler: deleteQueue },
];
