/**
 * Adds the viewer to dev server options: its static handler at `/` and its read API under `/viewer`.
 */
import { viewerApiRoutes } from "./viewer-api-routes";
import type { StaticHandler } from "../http/static-handler";
import type { ApiRoute } from "../routes/route-context";
import { createViewerStaticHandler, type ViewerStaticOptions } from "./static-handler";

/** The options the viewer adds to (the dev server's, or a request handler's). */
interface ServedOptions {
  readonly routes?: readonly ApiRoute[];
  readonly staticHandler?: StaticHandler;
}

/** `options` plus the viewer (a given `staticHandler` is kept; the viewer routes are added once). */
export function withViewer<T extends object>(options: T & ServedOptions, viewer: ViewerStaticOptions = {}): T {
  const routes = options.routes ?? [];
  return {
    ...options,
    staticHandler: options.staticHandler ?? createViewerStaticHandler(viewer),
    routes: routes.includes(viewerApiRoutes[0]!) ? routes : [...viewerApiRoutes, ...routes],
  };
}
