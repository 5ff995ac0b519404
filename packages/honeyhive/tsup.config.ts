import { defineConfig } from "tsup";
import { NEUTRAL_EXTERNAL, neutralEsbuildOptions, neutralPlatformPlugin } from "./neutral-build.mjs";
import { BUNDLE_CORE, nodeLibraryBuild, typesWithCore } from "../../scripts/tsup-core.mjs";

// Published build of the SDK: ESM + CJS + .d.ts for "honeyhive", "honeyhive/testing", "honeyhive/evaluators",
// "honeyhive/vitest" and "honeyhive/jest" (the test runners are optional peers, never bundled), the runtime-neutral
// ESM build (dist/neutral.js, selected by the workerd / edge-light / worker / browser export conditions; see
// neutral-build.mjs and docs/decisions/0002-runtime-neutral-build.md), and the CLI.
// The private workspace package @honeyhive/core is bundled into every output (scripts/tsup-core.mjs), and so are the
// OpenTelemetry SDK pieces the SDK runs on (below).

/**
 * OpenTelemetry SDK packages bundled into every build, from their ES module builds: the SDK then loads as one module
 * graph instead of some 90 CommonJS files resolved one by one (docs/decisions/0031-bundled-otel-sdk.md).
 * @opentelemetry/api stays external (a peer: the application's one copy and global registry), and so does
 * @opentelemetry/context-async-hooks (CommonJS only, four small files).
 */
const BUNDLED_OTEL_SDK = /^@opentelemetry\/(core|resources|sdk-trace-base)(\/|$)/;

/**
 * lossless-json (datasets' numbers kept exact) is bundled too: loaded as its own ES modules it is ten files that
 * `import "honeyhive"` resolved and linked one by one, about 10 ms of start-up; bundled, only what is used is
 * compiled (docs/decisions/0041-start-up-module-graph.md). It stays a dependency, as the OpenTelemetry pieces do.
 * mustache (prompt templates, docs/decisions/0042-prompt-templates-with-mustache.md) is bundled into every build, the
 * runtime-neutral one included, and is only a devDependency: nothing more to install, one module fewer to load.
 */
const BUNDLED_LIBRARIES = [BUNDLED_OTEL_SDK, /^lossless-json(\/|$)/, /^mustache(\/|$)/];

/** Resolves bundled packages to their ES module builds (their CommonJS builds `require` the external API). */
const modulesFirst = (options: { mainFields?: string[] }) => Object.assign(options, { mainFields: ["module", "main"] });

/** The library's entry points (ESM and CJS, with types). */
const LIBRARY_ENTRIES = { index: "src/index.ts", testing: "src/testing.ts", evaluators: "src/evaluators.ts", vitest: "src/runners/vitest.ts", jest: "src/runners/jest.ts" };
/** Never bundled: the test runners (optional peers), the dev server (optional, the CLI's `serve`) and tsx (`eval`). */
const EXTERNAL = ["vitest", "jest", "@jest/globals", "@honeyhive/dev-server", "tsx"];

export default defineConfig([
  // CommonJS and the types of the library entries.
  nodeLibraryBuild({
    entry: LIBRARY_ENTRIES,
    format: ["cjs"],
    external: EXTERNAL,
    noExternal: [...BUNDLE_CORE, ...BUNDLED_LIBRARIES],
    esbuildOptions: modulesFirst,
  }),
  // ES modules: the library entries and the CLI in one build, so they share chunks. The CLI's `eval` then runs the
  // same module instances as the `import "honeyhive"` of the user's eval file, and the SDK is in the package once.
  nodeLibraryBuild({
    entry: { ...LIBRARY_ENTRIES, cli: "src/cli/main.ts" },
    format: ["esm"],
    dts: typesWithCore(LIBRARY_ENTRIES), // the CLI publishes no types
    clean: false, // the CommonJS build above cleans dist/
    external: EXTERNAL,
    noExternal: [...BUNDLE_CORE, ...BUNDLED_LIBRARIES],
    esbuildOptions: modulesFirst,
  }),
  {
    entry: { neutral: "src/index.ts" },
    format: ["esm"],
    sourcemap: false,
    target: "es2022",
    platform: "browser",
    splitting: false,
    external: NEUTRAL_EXTERNAL,
    noExternal: [...BUNDLE_CORE, BUNDLED_OTEL_SDK, /^mustache(\/|$)/],
    esbuildPlugins: [neutralPlatformPlugin],
    esbuildOptions: (options) => Object.assign(options, neutralEsbuildOptions()),
  },
]);
