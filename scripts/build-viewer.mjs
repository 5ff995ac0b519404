#!/usr/bin/env node
// Bundles the viewer's browser code (src/viewer/client/main.ts and the CSS it imports) into
// packages/dev-server/dist/viewer/viewer.js and dist/viewer/viewer.css with esbuild. Run after tsup (which empties dist/):
//   node scripts/build-viewer.mjs [--outdir <dir>]
// The options match VIEWER_BUILD_OPTIONS in src/viewer/viewer-assets.ts (the in-memory build used when
// the dev server runs from source); keep the two in step.
import { build } from "esbuild";
import { mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "packages", "dev-server");
const flag = process.argv.indexOf("--outdir");
const outdir = resolve(flag >= 0 && process.argv[flag + 1] ? process.argv[flag + 1] : join(root, "dist", "viewer"));

mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: { viewer: join(root, "src", "viewer", "client", "main.ts") },
  outdir,
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["es2020"],
  minify: true,
  legalComments: "none",
  charset: "utf8",
  logLevel: "warning",
});
for (const name of ["viewer.js", "viewer.css"]) {
  const size = statSync(join(outdir, name)).size;
  console.log(`viewer: ${join(outdir, name)} (${(size / 1024).toFixed(1)} KB)`);
}
