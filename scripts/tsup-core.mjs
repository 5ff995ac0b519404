// What both published packages' tsup configs share: the private workspace package @honeyhive/core (the rules the
// SDK and the dev server share) is bundled into every output, so neither published package depends on anything of
// ours, and its types are inlined into the .d.ts files.

/** The `noExternal` entry that bundles @honeyhive/core into an output. */
export const BUNDLE_CORE = [/^@honeyhive\/core(\/|$)/];

/** The `dts` option of a build whose types inline core's (of `entry` only, when given). */
export function typesWithCore(entry) {
  return { ...(entry ? { entry } : {}), compilerOptions: { paths: { "@honeyhive/core/*": ["../core/src/*"] } } };
}

/**
 * The options of a Node library build (ESM + CJS + .d.ts, no source maps: the output is unminified, so stack
 * traces already point at readable code) with core bundled; `options` adds to them or overrides them.
 * The type bundler treats whatever resolves through node_modules as external: mapping core to its sources inlines
 * its types into the published .d.ts files.
 */
export function nodeLibraryBuild(options) {
  return {
    format: ["esm", "cjs"],
    dts: typesWithCore(),
    sourcemap: false,
    clean: true,
    target: "node20",
    platform: "node",
    splitting: true,
    noExternal: BUNDLE_CORE,
    ...options,
  };
}
