/**
 * The viewer's hash routes as data: `#/sessions`, `#/sessions/<id>`, `#/runs`, `#/runs/<id>`,
 * `#/runs/<new>/compare/<old>`, `#/datasets`, `#/datasets/<id>`, `#/queues`, `#/queues/<id>`, `#/connect`, each with an optional `?query`;
 * parsing only (no DOM), navigation is in `router.ts`.
 */

/** Page names. */
export type RouteName = "sessions" | "session" | "runs" | "run" | "compare" | "datasets" | "dataset" | "queues" | "queue" | "prompts" | "connect" | "not-found";

/** A parsed route. */
export interface Route {
  name: RouteName;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The path part, e.g. `/runs/abc`. */
  path: string;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * The routes, first match wins: path segments, where `:name` captures a segment as a parameter and a final `*`
 * accepts any further segments.
 */
const ROUTES: readonly (readonly [RouteName, readonly string[]])[] = [
  ["sessions", ["sessions"]],
  ["session", ["sessions", ":id"]],
  ["runs", ["runs"]],
  ["run", ["runs", ":id"]],
  ["compare", ["runs", ":id", "compare", ":old"]],
  ["datasets", ["datasets"]],
  ["dataset", ["datasets", ":id"]],
  ["queues", ["queues"]],
  ["queue", ["queues", ":id"]],
  ["prompts", ["prompts"]],
  ["connect", ["connect", "*"]],
];

/** The parameters of `parts` matched against `pattern`, or undefined when it does not match. */
function matchRoute(pattern: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  const open = pattern[pattern.length - 1] === "*";
  const fixed = open ? pattern.length - 1 : pattern.length;
  if (open ? parts.length < fixed : parts.length !== fixed) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < fixed; i++) {
    const want = pattern[i]!;
    const got = parts[i]!;
    if (!want.startsWith(":")) {
      if (want !== got) return undefined;
    } else if (got === "") return undefined;
    else params[want.slice(1)] = got;
  }
  return params;
}

/** Parses `location.hash`. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, "");
  const q = raw.indexOf("?");
  const path = (q < 0 ? raw : raw.slice(0, q)) || "/sessions";
  const query = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
  const parts = path.split("/").filter(Boolean).map(decode);
  for (const [name, pattern] of ROUTES) {
    const params = matchRoute(pattern, parts);
    if (params) return { name, params, query, path };
  }
  return { name: "not-found", params: {}, query, path };
}

/** The 1-based page number in a route's query (`page`), 1 when absent or not a number. */
export function pageNumber(route: Route): number {
  return Number(route.query.get("page") ?? "1") || 1;
}
