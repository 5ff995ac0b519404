/**
 * Navigation between the hash routes (parsed in `routes.ts`): links, going to a route, changing the current
 * route's query. The fragment is never sent to the server.
 */
import { withQuery, type Query } from "./api";
import type { Route } from "./routes";

export { pageNumber, parseHash, type Route, type RouteName } from "./routes";

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

/** Link to a prompt's version on the Prompts page (`compare`: a second version to diff it against). */
export function promptVersionHref(name: string, version: string, compare?: string): string {
  return href("/prompts", { prompt: name, version, ...(compare !== undefined ? { compare } : {}) });
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

/** Changes the current page's query in place (no new history entry); undefined removes a value. */
export function replaceQuery(route: Route, changes: Query): void {
  navigate(route.path, mergeQuery(route, changes), true);
}

/** Query object of a route with some values replaced (undefined removes a value). */
export function mergeQuery(route: Route, changes: Query): Query {
  const out: Query = {};
  route.query.forEach((value, key) => {
    out[key] = value;
  });
  return { ...out, ...changes };
}
