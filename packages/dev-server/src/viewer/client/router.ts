/**
 * Hash routes: `#/sessions`, `#/sessions/<id>`, `#/runs`, `#/runs/<id>`, `#/runs/<new>/compare/<old>`,
 * `#/datasets`, `#/datasets/<id>`,
 * each with an optional `?query`. The fragment is never sent to the server.
 */
import { withQuery, type Query } from "./api";

/** Page names. */
export type RouteName = "sessions" | "session" | "runs" | "run" | "compare" | "datasets" | "dataset" | "connect" | "not-found";

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

/** Parses `location.hash`. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, "");
  const q = raw.indexOf("?");
  const path = (q < 0 ? raw : raw.slice(0, q)) || "/sessions";
  const query = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
  const parts = path.split("/").filter(Boolean).map(decode);
  const route = (name: RouteName, params: Record<string, string> = {}): Route => ({ name, params, query, path });
  const [first, second, third, fourth] = parts;
  if (first === "sessions" && parts.length === 1) return route("sessions");
  if (first === "sessions" && second && parts.length === 2) return route("session", { id: second });
  if (first === "runs" && parts.length === 1) return route("runs");
  if (first === "runs" && second && parts.length === 2) return route("run", { id: second });
  if (first === "runs" && second && third === "compare" && fourth && parts.length === 4) {
    return route("compare", { id: second, old: fourth });
  }
  if (first === "datasets" && parts.length === 1) return route("datasets");
  if (first === "datasets" && second && parts.length === 2) return route("dataset", { id: second });
  if (first === "connect") return route("connect");
  return route("not-found");
}

/** A `#/path?query` link. */
export function href(path: string, query?: Query): string {
  return `#${withQuery(path, query)}`;
}

/** Path of a session page. */
export function sessionPath(id: string): string {
  return `/sessions/${encodeURIComponent(id)}`;
}

/** Path of a run page. */
export function runPath(id: string): string {
  return `/runs/${encodeURIComponent(id)}`;
}

/** Path of a comparison page. */
export function comparePath(newId: string, oldId: string): string {
  return `/runs/${encodeURIComponent(newId)}/compare/${encodeURIComponent(oldId)}`;
}

/** Goes to a route (a new history entry unless `replace`). */
export function navigate(path: string, query?: Query, replace = false): void {
  const target = href(path, query);
  if (replace) {
    history.replaceState(null, "", target);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    location.hash = target.slice(1);
  }
}

/** Query object of a route with some values replaced (undefined removes a value). */
export function mergeQuery(route: Route, changes: Query): Query {
  const out: Query = {};
  route.query.forEach((value, key) => {
    out[key] = value;
  });
  return { ...out, ...changes };
}
