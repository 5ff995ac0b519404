/**
 * Configurations (HoneyHive's prompts): list (`?name&env&tags`), create, update and delete, per project like every
 * route. `GET /configurations/{id}/versions` (not in HoneyHive's API) answers the saved contents over time.
 */
import { badRequest, notFound } from "../http/http-error";
import type { ApiRoute, RouteContext } from "./route-context";
import {
  apiConfiguration, CONFIGURATION_ENVS, configurationFromBody, parseConfigurationUpdate,
} from "../model/configuration-model";
import { nowIso, objectBody, queryList } from "./common";

async function listConfigurations(ctx: RouteContext): Promise<unknown> {
  const env = ctx.query.get("env") ?? undefined;
  if (env !== undefined && !(CONFIGURATION_ENVS as readonly string[]).includes(env)) {
    throw badRequest(`env must be one of ${CONFIGURATION_ENVS.join(", ")}`);
  }
  const tags = queryList(ctx.query, "tags")?.flatMap((t) => t.split(",").map((s) => s.trim()).filter(Boolean));
  const name = ctx.query.get("name") ?? undefined;
  const found = await ctx.store.configurations.list(ctx.project.id, { name, env, tags });
  return { configurations: found.map(apiConfiguration) };
}

async function createConfiguration(ctx: RouteContext): Promise<unknown> {
  const configuration = configurationFromBody(await objectBody(ctx), nowIso(ctx));
  await ctx.store.configurations.create(ctx.project.id, configuration);
  return { acknowledged: true, insertedId: configuration.id };
}

async function updateConfiguration(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id as string;
  const update = parseConfigurationUpdate(await objectBody(ctx), nowIso(ctx));
  const updated = await ctx.store.configurations.update(ctx.project.id, id, update);
  if (!updated) throw notFound(`configuration ${id} not found`);
  return { acknowledged: true, modifiedCount: 1, upsertedId: null, upsertedCount: 0, matchedCount: 1 };
}

async function deleteConfiguration(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id as string;
  if (!(await ctx.store.configurations.delete(ctx.project.id, id))) throw notFound(`configuration ${id} not found`);
  return { acknowledged: true, deletedCount: 1 };
}

async function configurationVersions(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id as string;
  const versions = await ctx.store.configurations.history(ctx.project.id, id);
  if (versions.length === 0) throw notFound(`configuration ${id} not found`);
  return { configuration_id: id, versions };
}

/** Configuration routes. */
export const configurationRoutes: readonly ApiRoute[] = [
  { method: "GET", pattern: "/configurations", handler: listConfigurations },
  { method: "POST", pattern: "/configurations", handler: createConfiguration },
  { method: "PUT", pattern: "/configurations/:id", handler: updateConfiguration },
  { method: "DELETE", pattern: "/configurations/:id", handler: deleteConfiguration },
  { method: "GET", pattern: "/configurations/:id/versions", handler: configurationVersions },
];
