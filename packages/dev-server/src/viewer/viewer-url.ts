/** Links into the viewer: defined once in `@honeyhive/core/links/viewer-url` (the SDK's CLI prints them too). */
export { viewerUrl, type ViewerLink } from "@honeyhive/core/links/viewer-url";
