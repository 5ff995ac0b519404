import { defineConfig } from "tsup";

// Published build of the dev server: the library ("@honeyhive/dev-server"), the `serve` command module
// ("@honeyhive/dev-server/cli") and the `honeyhive-dev-server` executable. The few SDK leaf modules it shares
// (attribute keys, ids, the scrubbing logger) are bundled in, so it has no runtime dependency on the SDK.
export default defineConfig([
  {
    entry: { index: "src/index.ts", cli: "src/cli.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: false,
    clean: true,
    target: "node20",
    platform: "node",
    splitting: true,
    external: ["better-sqlite3", "node:sqlite"],
  },
  {
    entry: { bin: "src/bin.ts" },
    format: ["esm"],
    sourcemap: false,
    target: "node20",
    platform: "node",
    external: ["better-sqlite3", "node:sqlite"],
  },
]);
