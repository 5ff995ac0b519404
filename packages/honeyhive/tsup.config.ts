import { defineConfig } from "tsup";
import { NEUTRAL_EXTERNAL, neutralEsbuildOptions, neutralPlatformPlugin } from "./neutral-build.mjs";
import { BUNDLE_CORE, nodeLibraryBuild } from "../../scripts/tsup-core.mjs";

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

/** Resolves bundled packages to their ES module builds (their CommonJS builds `require` the external API). */
const modulesFirst = (options: { mainFields?: string[] }) => Object.assign(options, { mainFields: ["module", "main"] });

export default defineConfig([
  nodeLibraryBuild({
    entry: { index: "src/index.ts", testing: "src/testing.ts", evaluators: "src/evaluators.ts", vitest: "src/runners/vitest.ts", jest: "src/runners/jest.ts" },
    external: ["vitest", "jest", "@jest/globals"],
    noExternal: [...BUNDLE_CORE, BUNDLED_OTEL_SDK],
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
    noExternal: [...BUNDLE_CORE, BUNDLED_OTEL_SDK],
    esbuildPlugins: [neutralPlatformPlugin],
    esbuildOptions: (options) => Object.assign(options, neutralEsbuildOptions()),
  },
  {
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    sourcemap: false,
    target: "node20",
    platform: "node",
    external: ["@honeyhive/dev-server", "tsx"],
    noExternal: [...BUNDLE_CORE, BUNDLED_OTEL_SDK],
    esbuildOptions: modulesFirst,
  },
]);
