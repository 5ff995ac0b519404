/**
 * Key-case helpers for the `HoneyHive` class, whose predecessor (a Speakeasy-generated client) took
 * camelCase request fields (`sessionName`, `eventId`) and returned camelCase fields. Only the structural
 * levels are converted, never user data inside `inputs`, `metadata`, etc.
 */

/** Wire fields that are camelCase on the wire and must stay as they are. */
const KEEP = new Set(["dateRange", "totalEvents", "commonDatapoints"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toSnake(key: string): string {
  return KEEP.has(key) ? key : key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function toCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function snakeWrapper(value: unknown): unknown {
  return Array.isArray(value) ? value.map((item) => snakeKeys(item)) : snakeKeys(value);
}

/**
 * Returns a copy of `body` whose top-level keys (and those of the `wrappers`: an object such as `session`, or
 * each object of an array such as a batch's `events`) are snake_case; a snake_case key given explicitly wins
 * over its camelCase twin. Wrappers are named in snake_case (`session_properties` also converts
 * `sessionProperties`).
 */
export function snakeKeys<T>(body: T, wrappers: readonly string[] = []): T {
  if (!isPlainObject(body)) return body;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const snake = toSnake(key);
    if (snake !== key && Object.prototype.hasOwnProperty.call(body, snake)) continue;
    out[snake] = wrappers.includes(snake) ? snakeWrapper(value) : value;
  }
  return out as T;
}

/**
 * Adds camelCase aliases next to snake_case keys at the top level and inside the `nested` objects
 * (e.g. `evaluation`), so code written for the old client (`res.sessionId`) keeps working.
 */
export function withCamelAliases<T>(data: T, nested: readonly string[] = []): T {
  if (!isPlainObject(data)) return data;
  const out: Record<string, unknown> = { ...data };
  for (const [key, value] of Object.entries(data)) {
    const aliased = nested.includes(key) ? withCamelAliases(value, []) : value;
    out[key] = aliased;
    const camel = toCamel(key);
    if (camel !== key && !(camel in out)) out[camel] = aliased;
  }
  return out as T;
}

/**
 * A 1.x request body in the wire's form: {@link snakeKeys} (top level and `wrappers`), and no `project` at any level it
 * converted. 1.x bodies name the project; the API takes it from the key (HoneyHive keys belong to one project), and
 * the strict schemas of the current spec refuse the field.
 */
export function wireKeys<T>(body: T, wrappers: readonly string[] = []): T {
  if (!isPlainObject(body)) return body;
  const snake = snakeKeys(body, wrappers) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(snake)) {
    if (key === "project") continue;
    if (!wrappers.includes(key)) out[key] = value;
    else out[key] = Array.isArray(value) ? value.map((item) => withoutProject(item)) : withoutProject(value);
  }
  return out as T;
}

function withoutProject(value: unknown): unknown {
  if (!isPlainObject(value) || !("project" in value)) return value;
  const { project: _project, ...rest } = value;
  return rest;
}
