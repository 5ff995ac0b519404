/**
 * The local viewer: browser pages for sessions, trace trees, experiment runs and run comparisons,
 * served by the dev server at `/`. Server-side pieces only; the browser code is in `client/`.
 */
export { createViewerStaticHandler, VIEWER_CSP, type ViewerStaticOptions } from "./static-handler";
export { withViewer } from "./with-viewer";
export { viewerUrl, type ViewerLink } from "./viewer-url";
export { loadViewerBundle, ViewerAssetsMissingError, type ViewerBundle, type ViewerAsset } from "./viewer-assets";
export { viewerApiRoutes } from "./viewer-api-routes";
