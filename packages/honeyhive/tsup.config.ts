import { defineConfig } from "tsup";
import { NEUTRAL_EXTERNAL, neutralEsbuildOptions, neutralPlatformPlugin } from "./neutral-build.mjs";

// Published build of the SDK: ESM + CJS + .d.ts for "honeyhive", "honeyhive/testing", "honeyhive/evaluators",
// "honeyhive/vitest" and "honeyhive/jest" (the test runners are optional peers, never bundled), the runtime-neutral
// ESM build (dist/neutral.js, selected by the workerd / edge-light / worker / browser export conditions; see
// neutral-build.mjs and docs/decisions/0002-runtime-neutral-build.md), and the CLI.
// No source maps in the tarball (the output is unminified, so stack traces already point at readable code).
// The private workspace package @honeyhive/core (the rules shared with the dev server) is bundled into every
// output, so the published package depends on nothing of ours.
const CORE = [/^@honeyhive\/core(\/|$)/];
// The type bundler treats whatever resolves through node_modules as external: mapping core to its sources inlines
// its types into the published .d.ts files.
const CORE_TYPES = { paths: { "@honeyhive/core/*": ["../core/src/*"] } };

export default defineConfig([
  {
    entry: { index: "src/index.ts", testing: "src/testing.ts", evaluators: "src/evaluators.ts", vitest: "src/runners/vitest.ts", jest: "src/runners/jest.ts" },
    external: ["vitest", "jest", "@jest/globals"],
    noExternal: CORE,
    format: ["esm", "cjs"],
    dts: { compilerOptions: CORE_TYPES },
    sourcemap: false,
    clean: true,
    target: "node20",
    platform: "node",
    splitting: true,
  },
  {
    entry: { neutral: "src/index.ts" },
    format: ["esm"],
    sourcemap: false,
    target: "es2022",
    platform: "browser",
    splitting: false,
    external: NEUTRAL_EXTERNAL,
    noExternal: [...CORE, /^@opentelemetry\/(core|resources|sdk-trace-base)/],
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
    noExternal: CORE,
  },
]);
