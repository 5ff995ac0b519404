/**
 * Tools (`/v1/tools`, and `/tools` as the 1.x client called it; not in HoneyHive's current spec): list, create, update
 * (the `id` in the body), delete (`?function_id`, or `?id`).
 */
import { newUuid } from "@honeyhive/core/ids/uuid";
import { badRequest, notFound } from "../http/http-error";
import { object, readFields, text, type FieldRule } from "../model/group-fields";
import type { ApiRoute, RouteContext } from "./route-context";
import { nowIso, objectBody } from "./common";

const TOOL_FIELDS: Readonly<Record<string, FieldRule>> = {
  name: text(200),
  description: text(10_000),
  parameters: object(),
  /** 1.x's project name; stored as sent, the key decides the project. */
  task: text(200),
};

async function listTools(ctx: RouteContext): Promise<unknown> {
  return ctx.store.listRecords(ctx.project.id, "tool");
}

async function createTool(ctx: RouteContext): Promise<unknown> {
  const { type, ...fields } = readFields(await objectBody(ctx), { ...TOOL_FIELDS, type: text(50) }, ["name", "parameters"], "a tool");
  const tool = { description: "", ...fields, tool_type: type ?? "function", id: newUuid(), created_at: nowIso(ctx) };
  await ctx.store.putRecord(ctx.project.id, "tool", tool);
  return { result: { insertedId: tool.id }, tool };
}

async function updateTool(ctx: RouteContext): Promise<unknown> {
  const { id, ...changes } = readFields(await objectBody(ctx), { ...TOOL_FIELDS, id: text(200) }, ["id"], "a tool update");
  const toolId = id as string;
  const now = nowIso(ctx);
  const tool = await ctx.store.updateRecord(ctx.project.id, "tool", toolId, (t) => ({ ...t, ...changes, updated_at: now }));
  if (!tool) throw notFound(`tool ${toolId} not found`);
  return { updated: true, tool };
}

async function deleteTool(ctx: RouteContext): Promise<unknown> {
  const id = ctx.query.get("function_id") ?? ctx.query.get("id");
  if (!id) throw badRequest(`"function_id" is required`);
  if (!(await ctx.store.deleteRecord(ctx.project.id, "tool", id))) throw notFound(`tool ${id} not found`);
  return { deleted: true };
}

/** Tool routes. */
export const toolRoutes: readonly ApiRoute[] = [
  { method: "GET", pattern: "/tools", handler: listTools },
  { method: "POST", pattern: "/tools", handler: createTool },
  { method: "PUT", pattern: "/tools", handler: updateTool },
  { method: "DELETE", pattern: "/tools", handler: deleteTool },
];
