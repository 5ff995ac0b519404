/**
 * Adds the viewer to dev server options: its static handler at `/` and its read API under `/viewer`.
 */
import { viewerApiRoutes } from "./viewer-api-routes";
import type { DevServerOptions } from "../options";
import { createViewerStaticHandler, type ViewerStaticOptions } from "./static-handler";

/** `options` plus the viewer (a given `staticHandler` is kept; the viewer routes are added once). */
export function withViewer<T extends DevServerOptions>(options: T, viewer: ViewerStaticOptions = {}): T {
  const routes = options.routes ?? [];
  return {
    ...options,
    staticHandler: options.staticHandler ?? createViewerStaticHandler(viewer),
    routes: routes.includes(viewerApiRoutes[0]!) ? routes : [...viewerApiRoutes, ...routes],
  };
}
