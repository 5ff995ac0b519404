/**
 * API key authentication. Each key belongs to one project, and several keys may share a project (`apiKeys` mapping
 * them to one name): a project key, an ingestion key (`hh_ingst_...`) and a data plane key (`hh_fgdp_...`), as HoneyHive
 * issues them. A key reaches the routes its kind may (`@honeyhive/core/keys/operation-keys`: an ingestion key only the
 * routes that send traces and events, a data plane key only the project-scoped ones); another route answers 403
 * naming the key it takes. Keys are only ever handled as sha256 hashes once read from the header: the raw key is
 * never stored or logged.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { HttpError } from "../http/http-error";
import type { ProjectRecord } from "../domain/records";
import type { Store } from "../store/store";
import { API_KEY_NOUNS, apiKeyKind, type ApiKeyKind } from "@honeyhive/core/keys/api-key-kinds";
import { operationKeyKinds } from "@honeyhive/core/keys/operation-keys";

/**
 * Configured keys: a list (each key its own project) or a map from key to project name (keys mapped to one name
 * share that project: a project key with its ingestion and data plane keys).
 */
export type ApiKeyConfig = readonly string[] | Readonly<Record<string, string>>;

/** The operation a request asks for: its method and path (with or without `/v1`). */
export interface RequestedOperation {
  method: string;
  path: string;
}

/**
 * Resolves a request to its project, or throws a 401 {@link HttpError} (no key, an unknown key); given the
 * `operation`, a 403 when the key's kind does not reach it.
 */
export type Authenticator = (req: IncomingMessage, operation?: RequestedOperation) => Promise<ProjectRecord>;

const MAX_KEY_LENGTH = 1024;
const MAX_CACHED = 1000;

/** sha256 of a key, hex. */
export function hashKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/**
 * The stored (unique) name of a project whose key has no configured label: derived from the key's hash, never from
 * the key itself. It is never shown: see {@link displayProjectName}.
 */
export function defaultProjectName(keyHash: string): string {
  return `key-${keyHash.slice(0, 12)}`;
}

/** What people see for a project whose key has no configured label. */
const DEFAULT_PROJECT_DISPLAY_NAME = "Local project";
const DEFAULT_NAME = /^key-[0-9a-f]{12}$/;

/**
 * The name to show for a project: its configured label, else {@link DEFAULT_PROJECT_DISPLAY_NAME} (each key is
 * still its own project; the viewer shows the data of the key it was opened with).
 */
export function displayProjectName(name: string): string {
  return DEFAULT_NAME.test(name) ? DEFAULT_PROJECT_DISPLAY_NAME : name;
}

/** Extracts the token of an `Authorization: Bearer <token>` header (a bare token is accepted too). */
function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== "string") return undefined;
  const match = /^\s*bearer\s+(.*)$/i.exec(header);
  const token = (match ? match[1] ?? "" : header).trim();
  return token === "" || /^bearer$/i.test(token) ? undefined : token;
}

/** Builds the configured key table (hash → project name), or undefined when any key is accepted. */
export function keyTable(config: ApiKeyConfig | undefined): Map<string, string> | undefined {
  if (config === undefined) return undefined;
  const table = new Map<string, string>();
  const entries: [string, string | undefined][] = Array.isArray(config)
    ? (config as readonly string[]).map((k) => [k, undefined])
    : Object.entries(config as Readonly<Record<string, string>>);
  for (const [key, name] of entries) {
    if (typeof key !== "string" || key.trim() === "") throw new Error("apiKeys must not contain empty keys");
    const hash = hashKey(key.trim());
    const projectName = typeof name === "string" && name.trim() !== "" ? name.trim() : defaultProjectName(hash);
    table.set(hash, projectName);
  }
  if (table.size === 0) throw new Error("apiKeys must list at least one key");
  return table;
}

/** Why a key of `kind` may not ask for `operation` (a 403), or undefined when it may. */
function refusal(kind: ApiKeyKind, operation: RequestedOperation): HttpError | undefined {
  const takes = operationKeyKinds(operation.method, operation.path);
  if (takes.includes(kind)) return undefined;
  const what = kind === "ingestion" ? " (an ingestion key only sends traces and events)"
    : kind === "dataPlane" ? " (a data plane key reaches only the project-scoped routes, /v1/projects/{project_id}/...)" : "";
  const op = `${operation.method} ${operation.path.slice(0, 200)}`;
  return new HttpError(403, `${API_KEY_NOUNS[kind]} cannot ${op}${what}: it takes ${takes.map((k) => API_KEY_NOUNS[k]).join(" or ")}`);
}

/**
 * Creates the authenticator: with a key table only listed keys pass; without, any non-empty token does (each its own
 * project). Given the operation, a key reaches only the routes of its kind (see the module comment).
 */
export function createAuthenticator(store: Store, table: Map<string, string> | undefined): Authenticator {
  const cache = new Map<string, ProjectRecord>();
  return async (req, operation) => {
    const token = bearerToken(req);
    if (token === undefined) throw new HttpError(401, "missing API key: send Authorization: Bearer <key>");
    if (token.length > MAX_KEY_LENGTH) throw new HttpError(401, "invalid API key");
    const hash = hashKey(token);
    const name = table ? table.get(hash) : defaultProjectName(hash);
    if (name === undefined) throw new HttpError(401, "invalid API key");
    const refused = operation === undefined ? undefined : refusal(apiKeyKind(token), operation);
    if (refused !== undefined) throw refused;
    const cached = cache.get(hash);
    if (cached) return cached;
    const project = await store.projectForKey(hash, name);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(hash, project);
    return project;
  };
}
