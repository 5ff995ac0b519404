/**
 * Which kinds of API key each operation of HoneyHive's API takes, the one rule of the SDK (the key a request carries)
 * and the dev server (the keys a route accepts):
 *
 * - the ingestion operations (a session started, events written, OTLP export; and the dev server's attachment
 *   uploads, which travel with the traces) take an ingestion key, else the project key;
 * - the project-scoped operations (`/v1/projects/{project_id}/...`) take a data plane key and no other;
 * - every other operation takes the project key.
 *
 * Paths are read with or without the `/v1` prefix, a query string, repeated or trailing slashes.
 */
import type { ApiKeyKind } from "./api-key-kinds";

/** What an ingestion operation takes: the ingestion key first, the project key when there is none. */
const INGESTION: readonly ApiKeyKind[] = ["ingestion", "project"];
const PROJECT: readonly ApiKeyKind[] = ["project"];
const DATA_PLANE: readonly ApiKeyKind[] = ["dataPlane"];

/** The ingestion operations, as `METHOD path` with `*` for one path segment (the path without `/v1`): one pattern. */
const INGESTION_OPERATIONS = new RegExp(`^(?:${[
  "POST /session/start", "POST /sessions", "POST /sessions/*/events/batch", "POST /session/*/traces",
  "POST /events", "PUT /events", "PUT /events/*", "POST /events/batch", "POST /events/model", "POST /events/model/batch",
  "POST /opentelemetry/v1/traces", "POST /traces", "PUT /attachments/sha256/*", "POST /attachments/sha256/*",
].map((op) => op.replace(/\*/g, "[^/]+")).join("|")})$`);

/** The path of an operation as the rule reads it: no query, single slashes, no trailing slash, no `/v1` prefix. */
function operationPath(path: string): string {
  let p = path;
  const query = p.search(/[?#]/);
  if (query >= 0) p = p.slice(0, query);
  if (p.includes("//")) p = p.replace(/\/{2,}/g, "/");
  if (p === "/v1" || p.startsWith("/v1/")) p = p.slice(3) || "/";
  if (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p.startsWith("/") ? p : `/${p}`;
}

/** True for a normalised path under a project (`/projects/{project_id}/` and more). */
function scoped(p: string): boolean {
  const idEnd = p.startsWith("/projects/") ? p.indexOf("/", 10) : -1;
  return idEnd > 10 && idEnd < p.length - 1;
}

/** The kinds of key `method path` takes, the preferred first. */
export function operationKeyKinds(method: string, path: string): readonly ApiKeyKind[] {
  const p = operationPath(path);
  if (scoped(p)) return DATA_PLANE;
  return INGESTION_OPERATIONS.test(`${method.toUpperCase()} ${p}`) ? INGESTION : PROJECT;
}
