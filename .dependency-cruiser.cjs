// Dependency rules of the workspace (checked by `npm run lint`).
//
// Packages: @honeyhive/core (packages/core, private, bundled into both published packages) depends on nothing of
// ours; the SDK (packages/honeyhive) and the dev server (packages/dev-server) import it by name, only through the
// subpaths its package.json `exports` lists; the dev server never imports the SDK, the SDK never the dev server.
//
// Layers: scripts/folder-layers.cjs lists the layers of each package's top-level folders (the SDK, the dev server and
// core); a module may import only from its own layer or layers before it (the rules below), and the folder check of
// `npm run lint` (scripts/check-layers.mjs) adds that every folder is in exactly one layer and that no two folders
// import each other, even within one layer. docs/ARCHITECTURE.md ("Layers") says what each layer holds.
// SDK: the foundation (internal … processing) imports no feature; the tracer reaches the features only through the
// seam (seam/); the facade (facade/) composes the public HoneyHiveTracer and HoneyHive; the front ends are on top.
// (runtime/ is the one runtime seam: the Runtime interface, the Node runtime and the neutral runtime; only
// runtime/node/ may import Node built-ins, see the rule below. cli/ and runners/ do not import each other.)
// Dev server: the server's core (http … routes), then the viewer, then the composition root (the files at the root:
// server.ts, request-handler.ts, index.ts, cli.ts, bin.ts, …). ValidationError knows no HTTP: the request handler
// maps it to 400.
const { PACKAGES } = require("./scripts/folder-layers.cjs");
const SDK = "^packages/honeyhive/src/";
const CORE = "^packages/core/";
const rules = [];
for (const pkg of PACKAGES) {
  pkg.layers.forEach((layer, index) => {
    const higher = pkg.layers.slice(index + 1).flat();
    if (higher.length === 0) return;
    rules.push({
      name: `layer-${pkg.name.replace(/^@honeyhive\//, "")}-${layer.join("-")}`,
      comment: `${pkg.name}: ${layer.join(", ")} must not import from a later layer (${higher.join(", ")})`,
      severity: "error",
      from: { path: `^${pkg.root}(${layer.join("|")})/` },
      to: { path: `^${pkg.root}(${higher.join("|")})/` },
    });
  });
}
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    {
      name: "sdk-never-imports-dev-server",
      comment: "the SDK package must not depend on the dev server package",
      severity: "error",
      from: { path: "^packages/honeyhive/" },
      to: { path: "^packages/dev-server/|@honeyhive/dev-server" },
    },
    {
      name: "dev-server-never-imports-sdk",
      comment: "the dev server shares rules with the SDK only through @honeyhive/core, never the SDK's sources",
      severity: "error",
      from: { path: "^packages/dev-server/" },
      to: { path: "^packages/honeyhive/|^honeyhive$|^honeyhive/" },
    },
    {
      name: "core-depends-on-nothing-of-ours",
      comment: "@honeyhive/core is the bottom of the workspace: it imports neither the SDK nor the dev server",
      severity: "error",
      from: { path: CORE },
      to: { path: "^packages/(honeyhive|dev-server)/|^honeyhive$|^honeyhive/|^@honeyhive/dev-server" },
    },
    {
      name: "core-only-by-name",
      comment: "the SDK and the dev server import @honeyhive/core by name (through its exports map), never by a relative path into its files",
      severity: "error",
      from: { path: "^packages/(honeyhive|dev-server)/" },
      to: { path: CORE, dependencyTypes: ["local"] },
    },
    {
      name: "core-exports-only",
      comment: "an import of @honeyhive/core must name a subpath its package.json `exports` lists",
      severity: "error",
      from: {},
      to: { path: "^@honeyhive/core", couldNotResolve: true },
    },
    {
      name: "core-is-runtime-neutral",
      comment: "@honeyhive/core is bundled into the SDK's runtime-neutral build: no Node built-ins",
      severity: "error",
      from: { path: CORE },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "tracer-engine-private",
      comment: "the tracer engine is internal to src/tracer/: lower layers use the TracerHandle interface, users the HoneyHiveTracer facade",
      severity: "error",
      from: { path: SDK, pathNot: `${SDK}tracer/` },
      to: { path: `${SDK}tracer/(tracer-core|tracer-resources|session-client)\\.ts$` },
    },
    {
      name: "node-builtins-only-in-node-runtime",
      comment: "Node built-ins are reached through the runtime seam (runtime/node/); the CLI and the vitest/jest runners are Node-only",
      severity: "error",
      from: { path: SDK, pathNot: `${SDK}(runtime/node/|cli/|runners/)` },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "internal-below-runtime",
      comment: "internal/ holds the leaf helpers (logger, guard, process state, ids, random, fallback notes): the runtime seam may use them, never the reverse",
      severity: "error",
      from: { path: `${SDK}internal/` },
      to: { path: `${SDK}runtime/` },
    },
    {
      name: "neutral-runtime-is-neutral",
      comment: "the runtime-neutral build's runtime must not reach the Node runtime",
      severity: "error",
      from: { path: `${SDK}runtime/(neutral/|install-neutral)` },
      to: { path: `${SDK}runtime/(node/|platform\\.ts$)` },
    },
    {
      name: "cli-and-runners-apart",
      comment: "the CLI and the test-runner entry points are two front ends; what they share lives in reporting/ or below",
      severity: "error",
      from: { path: `${SDK}(cli|runners)/` },
      to: { path: `${SDK}(cli|runners)/`, pathNot: "$1" },
    },
    ...rules,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // Resolve workspace packages through their `exports` maps, as Node and the bundlers do: an import of
    // @honeyhive/core that its exports map does not list does not resolve, and fails the `not-to-unresolvable` rule.
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".js", ".mjs", ".cjs", ".json"] },
    exclude: { path: "packages/dev-server/src/viewer/client|/dist/" },
  },
};
