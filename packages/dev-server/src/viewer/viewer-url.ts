/** Links into the viewer: defined once in the SDK's `src/internal/viewer-url.ts` (the CLI prints them too). */
export { viewerUrl, type ViewerLink } from "@honeyhive/core/links/viewer-url";
