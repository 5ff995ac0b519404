/**
 * Metric versions: `GET /v1/metrics/{id}/versions` (oldest first), `POST /v1/metrics/{id}/versions` (a snapshot of a
 * definition; `deploy_immediately` makes it the live one) and `POST /v1/metrics/{id}/versions/{name}/deploy`. Each
 * answers `{success, data}`; a metric or version the key's project lacks is a 404. Deploying a definition the dev
 * server cannot honour (an enabled server-side metric, see `metrics.ts`) is a 501, as creating one is.
 */
import { notFound } from "../http/http-error";
import { newVersion, versionRequestFromBody, versionsOf, withDeployed, type MetricVersion } from "../model/metric-version-model";
import { refuseServerRun } from "./metrics";
import type { ApiRoute, RouteContext } from "./route-context";
import { nowIso, objectBody } from "./common";

/** The id of the path's metric, after checking the key's project has it (404 otherwise). */
async function metricOfPath(ctx: RouteContext): Promise<string> {
  const id = ctx.params.id as string;
  if (!(await ctx.store.getRecord(ctx.project.id, "metric", id))) throw notFound(`metric ${id.slice(0, 200)} not found`);
  return id;
}

async function listVersions(ctx: RouteContext): Promise<unknown> {
  const id = await metricOfPath(ctx);
  return { success: true, data: versionsOf(await ctx.store.getRecord(ctx.project.id, "metric_versions", id)) };
}

async function createVersion(ctx: RouteContext): Promise<unknown> {
  const id = await metricOfPath(ctx);
  const request = versionRequestFromBody(await objectBody(ctx));
  if (request.deployImmediately) refuseServerRun(request.content);
  let created: MetricVersion | undefined;
  await ctx.store.upsertRecord(ctx.project.id, "metric_versions", id, (record) => {
    const versions = versionsOf(record);
    const version = newVersion(id, versions, request, nowIso(ctx));
    const next = [...versions, version];
    created = version;
    return { versions: request.deployImmediately ? withDeployed(next, version.name) : next };
  });
  return { success: true, data: request.deployImmediately ? { ...created!, deployed: true } : created };
}

async function deployVersion(ctx: RouteContext): Promise<unknown> {
  const id = await metricOfPath(ctx);
  const name = ctx.params.name as string;
  const updated = await ctx.store.updateRecord(ctx.project.id, "metric_versions", id, (record) => {
    const versions = versionsOf(record);
    const version = versions.find((v) => v.name === name);
    if (!version) throw notFound(`metric ${id.slice(0, 200)} has no version ${name.slice(0, 200)}`);
    refuseServerRun(version.content);
    return { ...record, versions: withDeployed(versions, name) };
  });
  const deployed = versionsOf(updated).find((v) => v.name === name);
  if (!deployed) throw notFound(`metric ${id.slice(0, 200)} has no version ${name.slice(0, 200)}`);
  return { success: true, data: deployed };
}

/** Metric version routes. */
export const metricVersionRoutes: readonly ApiRoute[] = [
  { method: "GET", pattern: "/metrics/:id/versions", handler: listVersions },
  { method: "POST", pattern: "/metrics/:id/versions", handler: createVersion },
  { method: "POST", pattern: "/metrics/:id/versions/:name/deploy", handler: deployVersion },
];
