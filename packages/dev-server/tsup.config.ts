import { defineConfig } from "tsup";

// Published build of the dev server: the library ("@honeyhive/dev-server"), the `serve` command module
// ("@honeyhive/dev-server/cli") and the `honeyhive-dev-server` executable. The rules it shares with the SDK live in
// the private workspace package @honeyhive/core, which is bundled in: no runtime dependency on the SDK or on core.
const CORE = [/^@honeyhive\/core(\/|$)/];
// The type bundler treats whatever resolves through node_modules as external: mapping core to its sources inlines
// its types into the published .d.ts files.
const CORE_TYPES = { paths: { "@honeyhive/core/*": ["../core/src/*"] } };

export default defineConfig([
  {
    entry: { index: "src/index.ts", cli: "src/cli.ts" },
    format: ["esm", "cjs"],
    dts: { compilerOptions: CORE_TYPES },
    sourcemap: false,
    clean: true,
    target: "node20",
    platform: "node",
    splitting: true,
    external: ["better-sqlite3", "node:sqlite"],
    noExternal: CORE,
  },
  {
    entry: { bin: "src/bin.ts" },
    format: ["esm"],
    sourcemap: false,
    target: "node20",
    platform: "node",
    external: ["better-sqlite3", "node:sqlite"],
    noExternal: CORE,
  },
]);
