/**
 * Projects (`/v1/projects`, of the spec generation the 1.x client used). On the dev server each API key belongs to one
 * project, so: the list holds the key's project (`?name` filters it); create and update name and describe it (a key
 * still holds one project); delete is refused with 409, because the project is the key's.
 */
import { HttpError, badRequest, notFound } from "../http/http-error";
import { ORG_ID } from "../domain/ids";
import type { JsonObject } from "../domain/json";
import { displayProjectName } from "./auth";
import { oneOf, readFields, text, type FieldRule } from "../model/group-fields";
import type { ApiRoute, RouteContext } from "./route-context";
import { nowIso, objectBody } from "./common";

const PROJECT_FIELDS: Readonly<Record<string, FieldRule>> = {
  name: text(200),
  description: text(10_000),
  type: oneOf("evaluation", "completion"),
};

/** The key's project as the API answers it: its stored settings over its defaults. */
async function projectItem(ctx: RouteContext): Promise<JsonObject> {
  const settings = (await ctx.store.getRecord(ctx.project.id, "project", ctx.project.id)) ?? {};
  return {
    id: ctx.project.id,
    name: typeof settings.name === "string" ? settings.name : displayProjectName(ctx.project.name),
    description: typeof settings.description === "string" ? settings.description : "",
    type: typeof settings.type === "string" ? settings.type : "evaluation",
    org_id: ORG_ID,
    created_at: ctx.project.created_at,
    updated_at: typeof settings.updated_at === "string" ? settings.updated_at : ctx.project.created_at,
  };
}

/** Stores `changes` (name, description, type) as the key's project settings. */
async function saveSettings(ctx: RouteContext, changes: JsonObject): Promise<void> {
  const current = (await ctx.store.getRecord(ctx.project.id, "project", ctx.project.id)) ?? {};
  await ctx.store.putRecord(ctx.project.id, "project", { ...current, ...changes, id: ctx.project.id, updated_at: nowIso(ctx) });
}

async function listProjects(ctx: RouteContext): Promise<unknown> {
  const project = await projectItem(ctx);
  const name = ctx.query.get("name");
  return name === null || name === project.name ? [project] : [];
}

async function createProject(ctx: RouteContext): Promise<unknown> {
  await saveSettings(ctx, readFields(await objectBody(ctx), PROJECT_FIELDS, ["name"], "a project"));
  return projectItem(ctx);
}

async function updateProject(ctx: RouteContext): Promise<unknown> {
  const rules = { ...PROJECT_FIELDS, project_id: text(200), new_name: text(200) };
  const { name, project_id: projectId, new_name: newName, ...changes } = readFields(await objectBody(ctx), rules, [], "a project update");
  if (name === undefined && projectId === undefined) throw badRequest(`"name" or "project_id" is required`);
  const current = await projectItem(ctx);
  if ((projectId !== undefined && projectId !== current.id) || (projectId === undefined && name !== current.name)) {
    throw notFound(`no such project for this API key (each key belongs to one project on the dev server)`);
  }
  const rename = newName ?? (projectId !== undefined ? name : undefined);
  await saveSettings(ctx, rename === undefined ? changes : { ...changes, name: rename });
  return { updated: true, project: await projectItem(ctx) };
}

async function deleteProject(): Promise<unknown> {
  throw new HttpError(409, "each API key belongs to one project on the dev server, so its project cannot be deleted; use another key for a fresh project");
}

/** Project routes. */
export const projectRoutes: readonly ApiRoute[] = [
  { method: "GET", pattern: "/projects", handler: listProjects },
  { method: "POST", pattern: "/projects", handler: createProject },
  { method: "PUT", pattern: "/projects", handler: updateProject },
  { method: "DELETE", pattern: "/projects", handler: deleteProject },
];
