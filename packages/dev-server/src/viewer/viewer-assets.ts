/**
 * Locating the viewer's browser bundle. A package build writes `viewer.js` and `viewer.css` next to the
 * bundled server code (`dist/viewer/`, by `node scripts/build-viewer.mjs`). When the server runs from
 * source (tsx, vitest) and no built files exist, the bundle is built once per process in memory with
 * esbuild from `src/viewer/client/` (nothing is written to disk); esbuild is a development-time tool
 * and is loaded only in that case.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** One served file. */
export interface ViewerAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** The bundle: `viewer.js` and `viewer.css`. */
export interface ViewerBundle {
  js: ViewerAsset;
  css: ViewerAsset;
  /** Where it came from: a directory, or "memory" (built on demand). */
  origin: string;
}

/** Thrown when neither built files nor client sources can be found. */
export class ViewerAssetsMissingError extends Error {
  override readonly name = "ViewerAssetsMissingError";
}

/** Content type of JavaScript. */
export const JS_TYPE = "text/javascript; charset=utf-8";
/** Content type of CSS. */
export const CSS_TYPE = "text/css; charset=utf-8";

/** esbuild settings shared with `scripts/build-viewer.mjs` (keep the two in step). */
export const VIEWER_BUILD_OPTIONS = {
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["es2020"],
  minify: true,
  legalComments: "none",
  charset: "utf8",
  logLevel: "silent",
} as const;

interface EsbuildOutputFile {
  path: string;
  contents: Uint8Array;
}
interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<{ outputFiles?: EsbuildOutputFile[] }>;
}

/** Wraps bytes as an asset with a content hash ETag. */
export function makeAsset(body: Buffer, contentType: string): ViewerAsset {
  return { body, contentType, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
}

/**
 * The directory of this module, without `import.meta` (a syntax error in the package's CommonJS build):
 * `__dirname` where the runtime defines it (CommonJS, vitest), else the file of this function's own
 * stack frame (ESM builds, tsx).
 */
function moduleDir(): string | undefined {
  if (typeof __dirname === "string") return __dirname;
  const original = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, frames) => frames;
    const frames = new Error().stack as unknown as NodeJS.CallSite[] | undefined;
    const file = frames?.[0]?.getFileName();
    if (!file) return undefined;
    return dirname(file.startsWith("file:") ? fileURLToPath(file) : file);
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = original;
  }
}

/** Reads a built bundle from `dir`, or undefined when its files are not there. */
export function readBuiltBundle(dir: string): ViewerBundle | undefined {
  const js = join(dir, "viewer.js");
  const css = join(dir, "viewer.css");
  if (!existsSync(js) || !existsSync(css)) return undefined;
  return { js: makeAsset(readFileSync(js), JS_TYPE), css: makeAsset(readFileSync(css), CSS_TYPE), origin: dir };
}

/** Bundles `<clientDir>/main.ts` in memory with esbuild. */
export async function buildBundleInMemory(clientDir: string): Promise<ViewerBundle> {
  const specifier = "esbuild"; // a variable, so package bundlers leave this development-only import alone
  let esbuild: EsbuildLike;
  try {
    esbuild = (await import(specifier)) as EsbuildLike;
  } catch {
    throw new ViewerAssetsMissingError("the viewer is not built and esbuild is not installed to build it");
  }
  const result = await esbuild.build({
    ...VIEWER_BUILD_OPTIONS,
    entryPoints: { viewer: join(clientDir, "main.ts") },
    outdir: join(clientDir, "out"),
    write: false,
  });
  const files = result.outputFiles ?? [];
  const js = files.find((f) => f.path.endsWith(".js"));
  const css = files.find((f) => f.path.endsWith(".css"));
  if (!js || !css) throw new ViewerAssetsMissingError("building the viewer produced no JavaScript or CSS");
  return {
    js: makeAsset(Buffer.from(js.contents), JS_TYPE),
    css: makeAsset(Buffer.from(css.contents), CSS_TYPE),
    origin: "memory",
  };
}

/** In-memory builds by client directory: immutable once built, so sharing them between servers is safe. */
const inMemoryBuilds = new Map<string, Promise<ViewerBundle>>();

/**
 * The viewer bundle: from `assetsDir` when given; else the built files next to this module
 * (`dist/viewer/`); else an in-memory build of the client sources next to this module (running from
 * `src/`). Rejects with {@link ViewerAssetsMissingError} when none is available.
 */
export async function loadViewerBundle(assetsDir?: string): Promise<ViewerBundle> {
  if (assetsDir !== undefined) {
    const bundle = readBuiltBundle(assetsDir);
    if (!bundle) throw new ViewerAssetsMissingError(`no viewer.js and viewer.css in ${assetsDir}`);
    return bundle;
  }
  const here = moduleDir();
  if (here === undefined) throw new ViewerAssetsMissingError("cannot locate the viewer files: pass assetsDir");
  const built = readBuiltBundle(join(here, "viewer"));
  if (built) return built;
  const clientDir = join(here, "client");
  if (!existsSync(join(clientDir, "main.ts"))) {
    throw new ViewerAssetsMissingError("the viewer is not built: run `node scripts/build-viewer.mjs` after the package build");
  }
  let build = inMemoryBuilds.get(clientDir);
  if (!build) {
    build = buildBundleInMemory(clientDir);
    inMemoryBuilds.set(clientDir, build);
    build.catch(() => inMemoryBuilds.delete(clientDir));
  }
  return build;
}
