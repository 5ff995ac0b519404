/**
 * Helpers shared by the route handlers: request bodies, query parameters, clocks and run lookups.
 */
import { badRequest, notFound } from "../http/http-error";
import type { RouteContext } from "./route-context";
import { getOwn, isPlainObject, type JsonObject } from "../domain/json";
import { apiRun } from "../model/run-model";
import { requireObject, requireUuid } from "../domain/validate";
import type { RunRecord } from "../domain/records";

/** The current time in Unix milliseconds, by the server's clock (`RouteContext.now`). */
export function nowMs(ctx: Pick<RouteContext, "now">): number {
  return ctx.now();
}

/** The current time as an ISO string, by the server's clock. */
export function nowIso(ctx: Pick<RouteContext, "now">): string {
  return new Date(ctx.now()).toISOString();
}

/** The JSON body, which must be an object. */
export async function objectBody(ctx: RouteContext): Promise<JsonObject> {
  return requireObject(await ctx.jsonBody());
}

/**
 * A list query parameter, accepting `k[]=a&k[]=b` (Python), `k=a&k=b` (TS), and a JSON array string.
 * Returns undefined when absent.
 */
export function queryList(query: URLSearchParams, name: string): string[] | undefined {
  const values = [...query.getAll(name), ...query.getAll(`${name}[]`)];
  if (values.length === 0) return undefined;
  const out: string[] = [];
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed.startsWith("[")) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        throw badRequest(`${name} is not a valid JSON array`);
      }
      if (!Array.isArray(parsed)) throw badRequest(`${name} must be a list`);
      for (const item of parsed) if (typeof item === "string") out.push(item);
    } else if (trimmed !== "") {
      out.push(trimmed);
    }
  }
  return out;
}

/** A positive integer query or body value within [1, max]; `fallback` when absent. */
export function positiveInt(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined || value === null || value === "") return fallback;
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw badRequest(`${name} must be a positive integer`);
  return Math.min(n, max);
}

/** The run with this id (a UUID) in the caller's project, or a 400/404. */
export async function loadRun(ctx: RouteContext, rawId: string | undefined, what = "run id"): Promise<RunRecord> {
  const id = requireUuid(rawId, what);
  const run = await ctx.store.getRun(ctx.project.id, id);
  if (!run) throw notFound(`run ${id} not found`);
  return run;
}

/** The API form of a run, with its dataset's name when the dataset is stored. */
export async function runObject(ctx: RouteContext, run: RunRecord): Promise<JsonObject> {
  const dataset = run.dataset_id ? await ctx.store.getDataset(ctx.project.id, run.dataset_id) : undefined;
  return apiRun(run, ctx.project, dataset?.name ?? null);
}

/**
 * The `dateRange` query parameter (JSON: `{"$gte", "$lte"}` or `{"start_time", "end_time"}`, ISO strings or Unix ms) as
 * ISO bounds; `{}` when absent; a 400 naming the problem otherwise.
 */
export function dateRangeQuery(ctx: RouteContext): { from?: string; to?: string } {
  const raw = ctx.query.get("dateRange");
  if (raw === null || raw === "") return {};
  let range: unknown;
  try {
    range = JSON.parse(raw);
  } catch {
    throw badRequest("dateRange is not valid JSON");
  }
  if (!isPlainObject(range)) throw badRequest("dateRange must be an object");
  const iso = (v: unknown, what: string) => {
    if (v === undefined || v === null) return undefined;
    const t = typeof v === "number" ? v : typeof v === "string" ? Date.parse(v) : NaN;
    if (!Number.isFinite(t)) throw badRequest(`dateRange ${what} is not a date`);
    return new Date(t).toISOString();
  };
  return { from: iso(getOwn(range, "$gte") ?? getOwn(range, "start_time"), "start"), to: iso(getOwn(range, "$lte") ?? getOwn(range, "end_time"), "end") };
}
