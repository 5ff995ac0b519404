/**
 * The kinds of HoneyHive API keys and their shapes, as HoneyHive issues them:
 *
 * - a **project** API key (`hh_...`, no fixed shape): every route of the project, and the ingestion routes when no
 *   ingestion key is configured;
 * - an **ingestion** key (`hh_ingst_<24-character id>_<64-character secret>`): only the routes that send traces and
 *   events (creating sessions, writing events, OTLP export);
 * - a fine-grained **data plane** key (`hh_fgdp_<id>_<secret>`, the same shape): only the project-scoped routes
 *   (`/v1/projects/{project_id}/...`), which take no other key.
 *
 * A key's kind is read from its prefix. A typed key (ingestion, data plane) that is set but not of its kind's shape is
 * a deployment error, said at once, naming where the value came from and what it looks like instead, never the value.
 * Shared by the SDK (which key each request carries, which value it refuses) and the dev server (which key a route
 * accepts), so the two never disagree.
 */

/** A kind of HoneyHive API key. */
export type ApiKeyKind = "project" | "ingestion" | "dataPlane";

/** The kinds whose values have a fixed shape. */
export type TypedApiKeyKind = Exclude<ApiKeyKind, "project">;

/** The prefix of each typed kind (every HoneyHive key begins with `hh_`). */
export const API_KEY_PREFIXES: Readonly<Record<TypedApiKeyKind, string>> = { ingestion: "hh_ingst_", dataPlane: "hh_fgdp_" };

/** The environment variable each kind is read from (the project key's is the SDK's `HH_API_KEY`). */
export const API_KEY_VARIABLES: Readonly<Record<ApiKeyKind, string>> = {
  project: "HH_API_KEY", ingestion: "HH_INGESTION_API_KEY", dataPlane: "HH_DATA_PLANE_API_KEY",
};

/** The option each kind is given as (the SDK's, the dev server's `createDevServer` takes keys of every kind in `apiKeys`). */
export const API_KEY_OPTIONS: Readonly<Record<ApiKeyKind, string>> = { project: "apiKey", ingestion: "ingestionApiKey", dataPlane: "dataPlaneApiKey" };

/**
 * How messages name a key of each kind. The prefixes are written without their last underscore (`hh_ingst...`): the
 * scrubbing logger redacts anything shaped like a key (`hh_` and six more characters), a whole prefix included.
 */
export const API_KEY_NOUNS: Readonly<Record<ApiKeyKind, string>> = {
  project: "a project API key", ingestion: "an ingestion API key (hh_ingst...)", dataPlane: "a data plane API key (hh_fgdp...)",
};

/** After the prefix: a 24-character id and a 64-character secret; both lengths are fixed, so any other shape is damaged. */
const ID_AND_SECRET = /^[A-Za-z0-9]{24}_[A-Za-z0-9_-]{64}$/;

/** The kind of a key, read from its prefix. */
export function apiKeyKind(key: string): ApiKeyKind {
  if (key.startsWith(API_KEY_PREFIXES.ingestion)) return "ingestion";
  if (key.startsWith(API_KEY_PREFIXES.dataPlane)) return "dataPlane";
  return "project";
}

/**
 * What is wrong with `value` as a key of `kind` (given as `source`: the option or variable), or undefined when it is
 * a complete key of that kind. The message never contains the value.
 */
export function typedKeyProblem(kind: TypedApiKeyKind, value: string, source: string): string | undefined {
  const prefix = API_KEY_PREFIXES[kind];
  const key = value.trim();
  if (key.startsWith(prefix) && ID_AND_SECRET.test(key.slice(prefix.length))) return undefined;
  const looks = key.startsWith(prefix)
    ? "it begins with that prefix but is not a complete key"
    : key.startsWith("hh_") ? "it looks like another kind of HoneyHive API key" : "it is not a HoneyHive API key";
  return `${source} must be ${API_KEY_NOUNS[kind]}; ${looks}`;
}

/** The message of an operation that needs a key of `kind` when none is configured (`operation`: e.g. `GET /v1/runs`). */
export function missingKeyMessage(kind: ApiKeyKind, operation?: string): string {
  const what = operation === undefined ? "" : `${operation} `;
  const also = kind === "ingestion" ? ` or the project API key (the ${API_KEY_OPTIONS.project} option or ${API_KEY_VARIABLES.project})` : "";
  return `${what}needs ${API_KEY_NOUNS[kind]}: set the ${API_KEY_OPTIONS[kind]} option or ${API_KEY_VARIABLES[kind]}${also}`;
}
