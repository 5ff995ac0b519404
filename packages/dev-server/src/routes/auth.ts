/**
 * API key authentication. One key maps to one project. Keys are only ever handled as sha256 hashes
 * once read from the header: the raw key is never stored or logged.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { HttpError } from "../http/http-error";
import type { ProjectRecord } from "../domain/records";
import type { Store } from "../store/store";

/** Configured keys: a list (each key its own project) or a map from key to project name. */
export type ApiKeyConfig = readonly string[] | Readonly<Record<string, string>>;

/** Resolves a request to its project, or throws a 401 {@link HttpError}. */
export type Authenticator = (req: IncomingMessage) => Promise<ProjectRecord>;

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

/** Creates the authenticator: with a key table only listed keys pass; without, any non-empty token does. */
export function createAuthenticator(store: Store, table: Map<string, string> | undefined): Authenticator {
  const cache = new Map<string, ProjectRecord>();
  return async (req) => {
    const token = bearerToken(req);
    if (token === undefined) throw new HttpError(401, "missing API key: send Authorization: Bearer <key>");
    if (token.length > MAX_KEY_LENGTH) throw new HttpError(401, "invalid API key");
    const hash = hashKey(token);
    const cached = cache.get(hash);
    if (cached) return cached;
    const name = table ? table.get(hash) : defaultProjectName(hash);
    if (name === undefined) throw new HttpError(401, "invalid API key");
    const project = await store.projectForKey(hash, name);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(hash, project);
    return project;
  };
}
