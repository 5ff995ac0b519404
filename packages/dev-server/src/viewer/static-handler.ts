/**
 * The dev server's static handler for the viewer: `GET /` (and `/index.html`) serves the HTML shell,
 * `/assets/viewer.js`, `/assets/viewer.css` and `/assets/favicon.svg` the bundle. Every response carries
 * a strict Content-Security-Policy (`default-src 'self'`: no inline script or style, no external
 * origin), `nosniff`, no framing and no referrer. Files come from an in-memory table: no request path
 * ever reaches the file system.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { StaticHandler } from "../http/static-handler";
import { requestUrl } from "../http/request-url";
import { VIEWER_FAVICON_SVG, VIEWER_INDEX_HTML } from "./index-html";
import { loadViewerBundle, makeAsset, type ViewerAsset, type ViewerBundle } from "./viewer-assets";

/** Options of {@link createViewerStaticHandler}. */
export interface ViewerStaticOptions {
  /** Directory holding a built `viewer.js` and `viewer.css` (default: found next to the server code). */
  assetsDir?: string;
}

/** The Content-Security-Policy of every viewer response. */
export const VIEWER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: https:; media-src 'self' blob:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": VIEWER_CSP,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

const HTML = makeAsset(Buffer.from(VIEWER_INDEX_HTML, "utf8"), "text/html; charset=utf-8");
const FAVICON = makeAsset(Buffer.from(VIEWER_FAVICON_SVG, "utf8"), "image/svg+xml");

function send(req: IncomingMessage, res: ServerResponse, status: number, asset: ViewerAsset): void {
  if (res.headersSent || res.writableEnded) return;
  const notModified = status === 200 && req.headers["if-none-match"] === asset.etag;
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    "content-type": asset.contentType,
    "cache-control": "no-cache",
    etag: asset.etag,
  };
  if (!notModified) headers["content-length"] = asset.body.length;
  try {
    res.writeHead(notModified ? 304 : status, headers);
    res.end(notModified || req.method === "HEAD" ? undefined : asset.body);
  } catch {
    // the client went away
  }
}

function unavailable(message: string): ViewerAsset {
  return makeAsset(Buffer.from(`HoneyHive viewer unavailable: ${message}\n`, "utf8"), "text/plain; charset=utf-8");
}

/** Creates the viewer's {@link StaticHandler}; the bundle is loaded on the first asset request. */
export function createViewerStaticHandler(options: ViewerStaticOptions = {}): StaticHandler {
  let bundle: Promise<ViewerBundle> | undefined;
  const load = (): Promise<ViewerBundle> => {
    bundle ??= loadViewerBundle(options.assetsDir);
    bundle.catch(() => {
      bundle = undefined; // retry on the next request
    });
    return bundle;
  };
  return async (req, res) => {
    let pathname: string;
    try {
      pathname = requestUrl(req.url).pathname;
    } catch {
      return false;
    }
    if (pathname === "/" || pathname === "/index.html") {
      send(req, res, 200, HTML);
      return true;
    }
    if (pathname === "/assets/favicon.svg" || pathname === "/favicon.ico") {
      send(req, res, 200, FAVICON);
      return true;
    }
    if (pathname !== "/assets/viewer.js" && pathname !== "/assets/viewer.css") return false;
    let loaded: ViewerBundle;
    try {
      loaded = await load();
    } catch (error) {
      send(req, res, 503, unavailable(error instanceof Error ? error.message : String(error)));
      return true;
    }
    send(req, res, 200, pathname.endsWith(".js") ? loaded.js : loaded.css);
    return true;
  };
}
