/**
 * A small path router. Patterns are literal segments and `:name` parameters. Paths are normalised before
 * matching: a leading `/v1` is removed and trailing slashes are ignored, so `/v1/events` and `/events`
 * reach the same handler (the API's legacy and `/v1` twins).
 */
/** A binary reply (used for the empty OTLP protobuf response). */
export class BinaryReply {
  /** @param contentType - the response content type; the body is empty. */
  constructor(readonly contentType: string) {}
}

/** A reply with a body of bytes and its own headers (a served file). */
export class BytesReply {
  /** @param headers - every header of the answer but `content-length`. */
  constructor(readonly bytes: Uint8Array, readonly headers: Readonly<Record<string, string>>) {}
}

/** A JSON reply with a status other than 200 (`201 Created` where the API answers a create with it). */
export class StatusReply {
  /** @param status - the HTTP status; @param body - the JSON body. */
  constructor(readonly status: number, readonly body: unknown) {}
}

/** A route handler: its return value is sent as a 200 JSON body (or a {@link StatusReply}, {@link BinaryReply} or `JsonChunksReply`). */
export type RouteHandler<C> = (ctx: C) => Promise<unknown>;

/** One route: method, pattern (e.g. `/runs/:id/result`) and handler of context `C`. */
export interface RouteDefinition<C> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  pattern: string;
  handler: RouteHandler<C>;
}

/** The outcome of matching a request. */
type RouteMatch<C> =
  | { kind: "found"; route: RouteDefinition<C>; params: Record<string, string>; path: string }
  | { kind: "method-not-allowed"; allowed: string[] }
  | { kind: "not-found" };

/** Normalises a request path: strips `/v1`, collapses slashes, drops the trailing slash. */
function normalizePath(pathname: string): string {
  let path = pathname.replace(/\/{2,}/g, "/");
  if (path === "/v1" || path.startsWith("/v1/")) path = path.slice(3) || "/";
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  return path;
}

interface CompiledRoute<C> {
  route: RouteDefinition<C>;
  segments: string[];
}

/**
 * Matches requests to route definitions of context type `C` (the router knows nothing of what a context holds);
 * literal segments win over parameters.
 */
export class Router<C> {
  private readonly routes: CompiledRoute<C>[] = [];

  /** Adds routes; later calls may extend the router. */
  add(routes: readonly RouteDefinition<C>[]): this {
    for (const route of routes) this.routes.push({ route, segments: route.pattern.split("/").filter(Boolean) });
    // Most specific first: more literal segments before parameters at each position.
    this.routes.sort((a, b) => specificity(b.segments) - specificity(a.segments));
    return this;
  }

  /** Finds the route for a method and raw pathname. */
  match(method: string, pathname: string): RouteMatch<C> {
    const path = normalizePath(pathname);
    const parts = path.split("/").filter(Boolean);
    const allowed = new Set<string>();
    for (const compiled of this.routes) {
      const params = matchSegments(compiled.segments, parts);
      if (!params) continue;
      if (compiled.route.method === method) return { kind: "found", route: compiled.route, params, path };
      allowed.add(compiled.route.method);
    }
    return allowed.size > 0 ? { kind: "method-not-allowed", allowed: [...allowed] } : { kind: "not-found" };
  }
}

function specificity(segments: readonly string[]): number {
  let score = 0;
  for (const s of segments) score = score * 2 + (s.startsWith(":") ? 0 : 1);
  return score * 100 + segments.length;
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const actual = parts[i] as string;
    if (p.startsWith(":")) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
      params[p.slice(1)] = decoded;
    } else if (p !== actual) {
      return undefined;
    }
  }
  return params;
}
