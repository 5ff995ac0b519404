#!/usr/bin/env node
// The SDK's build (`npm run build -w honeyhive`): one copy of the code, in CommonJS modules, shared by every entry point
// (decision record 0059).
//  1. esbuild bundles the TypeScript sources of every entry point into ES modules (chunks shared between them), with
//     @honeyhive/core, the OpenTelemetry SDK pieces, lossless-json and mustache bundled in, as before. The runtime seam
//     is the published build's slot (src/runtime/platform-slot.ts): each entry point installs its runtime first (the
//     Node entry points the Node runtime, `neutral` the neutral one), so the Node builds and the runtime-neutral build
//     run the same modules. The OpenTelemetry core's Node environment reads (which import node:util) are replaced by
//     src/runtime/otel-environment.ts, and the resource detectors by their browser variants (the SDK uses none).
//  2. rollup regroups those modules into CommonJS files: the code every entry point loads at once in one file
//     (`honeyhive-*.cjs`), the Node runtime's and the neutral runtime's apart, each part loaded on first use (a feature,
//     the evaluation engine, diagnose()'s checks, a CLI command) in its own file.
//  3. The ES module entry points (`index.js`, `testing.js`, `evaluators.js`, `jest.js`, `neutral.js`) re-export their
//     CommonJS twin (through `<name>-esm.cjs`, which spares Node's lexer the twin's list of exports), so `import` and
//     `require` get the same module instances; `vitest.js` imports vitest (ES modules
//     only) and the experiment code of `experiment.cjs`; `cli.js` (what bin/honeyhive.js imports) runs `cli.cjs`.
//     Every file is minified (whitespace and syntax; names are kept), in lines of about 240 characters.
//  4. Types: one set, the CommonJS declarations (tsup's .d.cts); each .d.ts re-exports its .d.cts.
// Usage: node scripts/build-sdk.mjs [--no-types] [--no-minify] [--out <dir>] (from anywhere; writes
// packages/honeyhive/dist unless told where).
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, transform } from "esbuild";
import { rollup } from "rollup";
import { ENTRIES, SRC, sdkEsbuildOptions } from "../packages/honeyhive/build-config.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PKG = join(root, "packages/honeyhive");
const args = process.argv.slice(2);
/** Where the build goes: packages/honeyhive/dist, or `--out <dir>` (an analysis build beside it). */
const DIST = args.includes("--out") ? resolve(args[args.indexOf("--out") + 1]) : join(PKG, "dist");

/** Entry points with an ES module twin re-exporting the CommonJS one (vitest.js is built on its own). */
const ESM_TWINS = ["index", "testing", "evaluators", "jest", "neutral"];
/** The declarations published (one .d.cts each, and a .d.ts re-exporting it). */
const TYPED = { index: "index.ts", testing: "testing.ts", evaluators: "evaluators.ts", vitest: "runners/vitest.ts", jest: "runners/jest.ts" };

/** Stage 1: the ES modules (in `dir`), and each entry's export names. */
async function bundleModules(dir) {
  const result = await build(sdkEsbuildOptions({
    entryPoints: Object.fromEntries(Object.keys(ENTRIES).map((name) => [name, `entry:${name}`])),
    absWorkingDir: PKG, outdir: dir, splitting: true, metafile: true,
  }));
  const exportsOf = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const entry = output.entryPoint?.replace(/^entry:/, "");
    if (entry !== undefined) exportsOf[entry] = { file: join(PKG, file), names: output.exports };
  }
  return exportsOf;
}

/** The modules `from` loads at once (static imports, transitively), by rollup's module infos. */
function staticClosure(from, getModuleInfo) {
  const seen = new Set();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop();
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of getModuleInfo(id)?.importedIds ?? []) stack.push(next);
  }
  return seen;
}

/** rollup's grouping: what `honeyhive` and its neutral twin both load at once in one file, each runtime's part apart. */
function grouping(entries) {
  let groups;
  return (id, { getModuleInfo }) => {
    if (groups === undefined) {
      const node = staticClosure(entries.index.file, getModuleInfo);
      const neutral = staticClosure(entries.neutral.file, getModuleInfo);
      groups = new Map();
      for (const m of node) if (m !== entries.index.file) groups.set(m, neutral.has(m) ? "honeyhive" : "node");
      for (const m of neutral) if (m !== entries.neutral.file && !groups.has(m)) groups.set(m, "edge");
    }
    return groups.get(id);
  };
}

/** Stage 2: the CommonJS files. */
async function regroup(entries) {
  const bundle = await rollup({
    input: Object.fromEntries(Object.entries(entries).map(([name, e]) => [name, e.file])),
    external: (id) => !id.startsWith(".") && !id.startsWith("/"),
    treeshake: { moduleSideEffects: true },
    onwarn: (warning, warn) => (warning.code === "CIRCULAR_DEPENDENCY" ? undefined : warn(warning)),
    plugins: [{
      // the package's own parts load synchronously once asked for (a require in a resolved promise); other modules
      // (an eval file, an optional package) keep import(), which loads ES modules too
      name: "own-chunks-by-require",
      renderDynamicImport: ({ targetChunk }) => (targetChunk ? { left: "Promise.resolve().then(() => require(", right: "))" } : null),
    }],
  });
  await bundle.write({
    dir: DIST, format: "cjs", exports: "named", interop: "auto", generatedCode: "es2015",
    // no `require` of a file an entry's own files require anyway (rollup adds them for ES module loaders to fetch early)
    hoistTransitiveImports: false,
    // a part loaded on first use is named after its module (`prompt-client-<hash>.cjs`)
    entryFileNames: (chunk) => (chunk.name in ENTRIES ? "[name].cjs" : `${basename(chunk.name).replace(/\.ts$/, "")}-[hash].cjs`),
    chunkFileNames: "[name]-[hash].cjs", manualChunks: grouping(entries),
  });
  await bundle.close();
}

/**
 * The CommonJS file an ES module twin imports: its entry's exports as `module.exports`, through a variable. Node reads
 * the named exports of every CommonJS file an ES module imports with its lexer (cjs-module-lexer), which follows
 * `module.exports = require(...)` into the required file; this file names no export and re-exports nothing, so that
 * pass reads its few bytes instead of the entry's list of exports (about 1.5 ms of CPU for `index.cjs` in a fresh Node
 * 20 process; decision record 0086). The exports are the entry's own objects (one module instance, as `require`).
 */
const ESM_BRIDGE = (name) => `"use strict";\nconst entry = require("./${name}.cjs");\nmodule.exports = entry;\n`;

/** An ES module twin: the names its CommonJS entry exports, read from its bridge ({@link ESM_BRIDGE}). */
function esmTwin(name, names) {
  const named = names.filter((n) => n !== "default");
  const last = names.includes("default") ? "export default entry.default;\n" : "";
  return `import entry from "./${name}-esm.cjs";\nexport const { ${named.join(", ")} } = entry;\n${last}`;
}

/** Stage 3: the ES module twins and vitest.js. */
async function esmEntryPoints(entries) {
  for (const name of ESM_TWINS) {
    writeFileSync(join(DIST, `${name}-esm.cjs`), ESM_BRIDGE(name));
    writeFileSync(join(DIST, `${name}.js`), esmTwin(name, entries[name].names));
  }
  writeFileSync(join(DIST, "cli.js"), `import "./cli.cjs";\n`); // what bin/honeyhive.js runs
  await build({
    entryPoints: { vitest: join(SRC, "runners/vitest.ts") }, outdir: DIST, bundle: true, format: "esm", platform: "node", target: "node20", charset: "ascii",
    plugins: [{ name: "experiment-cjs", setup: (b) => b.onResolve({ filter: /^\.\/declare-experiment$/ }, () => ({ path: "./experiment.cjs", external: true })) }],
    external: ["vitest"], logLevel: "warning",
  });
}

/**
 * The minified files' line length (esbuild breaks a line at its first chance past it): Node prints the throw site's
 * line above an uncaught error's stack, so a configuration error left uncaught shows a line a person can read rather
 * than one thousands of characters long. Costs about 3 KB of what `import "honeyhive"` loads (one newline per line;
 * decision record 0096).
 */
const LINE_LIMIT = 240;

/** Minifies every JavaScript file of dist/ (whitespace and syntax; identifiers, hence names in stack traces, are kept). */
async function minify(files) {
  for (const file of files) {
    const path = join(DIST, file);
    const { code } = await transform(readFileSync(path, "utf8"), { loader: "js", minifyWhitespace: true, minifySyntax: true, charset: "ascii", target: "node20", lineLimit: LINE_LIMIT });
    writeFileSync(path, code);
  }
}

/** Stage 4: the CommonJS declarations (tsup, inlining core's types), and one .d.ts per entry re-exporting its .d.cts. */
async function declarations() {
  const { build: tsup } = await import("tsup");
  const entry = Object.fromEntries(Object.entries(TYPED).map(([name, file]) => [name, join(SRC, file)]));
  process.chdir(PKG); // tsup resolves from the working directory
  await tsup({
    entry, format: ["cjs"], outDir: DIST, clean: false, silent: true, target: "node20",
    dts: { only: true, entry, compilerOptions: { paths: { "@honeyhive/core/*": ["../core/src/*"] } } },
    config: false,
  });
  for (const name of Object.keys(TYPED)) writeFileSync(join(DIST, `${name}.d.ts`), `export * from "./${name}.cjs";\n`);
}

const work = mkdtempSync(join(tmpdir(), "hh-sdk-build-"));
try {
  rmSync(DIST, { recursive: true, force: true });
  const entries = await bundleModules(work);
  await regroup(entries);
  await esmEntryPoints(entries);
  if (!args.includes("--no-minify")) await minify(readdirSync(DIST).filter((f) => /\.c?js$/.test(f)));
  if (!args.includes("--no-types")) await declarations();
  console.log(`honeyhive: built ${relative(root, DIST)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
