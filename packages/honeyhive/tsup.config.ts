import { defineConfig } from "tsup";

// Published build of the SDK: ESM + CJS + .d.ts for "honeyhive", "honeyhive/testing", "honeyhive/vitest" and
// "honeyhive/jest" (the test runners are optional peers, never bundled), and the CLI.
// No source maps in the tarball (the output is unminified, so stack traces already point at readable code).
export default defineConfig([
  {
    entry: { index: "src/index.ts", testing: "src/testing.ts", vitest: "src/runners/vitest.ts", jest: "src/runners/jest.ts" },
    external: ["vitest", "jest", "@jest/globals"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: false,
    clean: true,
    target: "node20",
    platform: "node",
    splitting: true,
  },
  {
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    sourcemap: false,
    target: "node20",
    platform: "node",
    external: ["@honeyhive/dev-server", "tsx"],
  },
]);
