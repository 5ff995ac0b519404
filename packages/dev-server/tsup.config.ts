import { defineConfig } from "tsup";
import { BUNDLE_CORE, nodeLibraryBuild } from "../../scripts/tsup-core.mjs";

// Published build of the dev server: the library ("@honeyhive/dev-server"), the `serve` command module
// ("@honeyhive/dev-server/cli") and the `honeyhive-dev-server` executable. The rules it shares with the SDK live in
// the private workspace package @honeyhive/core, which is bundled in (scripts/tsup-core.mjs): no runtime dependency
// on the SDK or on core.
const SQLITE = ["better-sqlite3", "node:sqlite"];

export default defineConfig([
  nodeLibraryBuild({ entry: { index: "src/index.ts", cli: "src/cli.ts" }, external: SQLITE }),
  {
    entry: { bin: "src/bin.ts" },
    format: ["esm"],
    sourcemap: false,
    target: "node20",
    platform: "node",
    external: SQLITE,
    noExternal: BUNDLE_CORE,
  },
]);
