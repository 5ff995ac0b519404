// What the SDK's build (scripts/build-sdk.mjs) and the tests that build its runtime-neutral entry from the sources
// (test/runtime/neutral-bundle.ts) share: the entry points, what is bundled, and the esbuild plugin that makes one copy
// of the code serve every runtime (decision records 0002, 0059).
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
/** The SDK's sources. */
export const SRC = join(here, "src");

/** The entry points: name → source (each becomes `<name>.cjs`; `neutral` is `index.ts` with the neutral runtime). */
export const ENTRIES = {
  index: "index.ts", testing: "testing.ts", evaluators: "evaluators.ts", jest: "runners/jest.ts", vitest: "runners/vitest.ts",
  experiment: "runners/declare-experiment.ts", cli: "cli/main.ts", neutral: "index.ts",
};

/** Export conditions that select the runtime-neutral entry point (package.json `exports`, in this order). */
export const NEUTRAL_CONDITIONS = ["workerd", "edge-light", "worker", "browser"];
/** The runtime-neutral entry point, for esbuild with {@link sdkPlugin}. */
export const NEUTRAL_ENTRY = "entry:neutral";

/** Packages bundled in: core, the OpenTelemetry SDK pieces (decision record 0031), lossless-json and mustache (0041, 0042). */
export const BUNDLED = [/^@honeyhive\/core(\/|$)/, /^@opentelemetry\/(core|resources|sdk-trace-base)(\/|$)/, /^lossless-json(\/|$)/, /^mustache(\/|$)/];
/** Never bundled, besides the package's dependencies and peers: the test runners, the dev server (`serve`) and tsx (`eval`). */
const NOT_BUNDLED = ["vitest", "jest", "@jest/globals", "@honeyhive/dev-server", "tsx"];

const manifest = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
const external = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), ...NOT_BUNDLED]);
/** The packages left to the application (its install or its bundler): the dependencies not bundled and the peers. */
export const EXTERNAL = [...external].filter((name) => !BUNDLED.some((re) => re.test(name))).sort();

const BUILTINS = new Set(builtinModules);
const packageName = (spec) => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);

/**
 * esbuild plugin: the entry modules (`entry:<name>`: the runtime installed, then the entry's exports), the published
 * build's runtime slot in place of `runtime/platform.ts`, the OpenTelemetry core's environment reads without node:util
 * (`runtime/otel-environment.ts`), the resource detectors' browser variants (the SDK uses none), the SDK's own span ids
 * for the OpenTelemetry SDK's id generator (`span/otel-id-generator.ts`: its Node one reads `Buffer`), and the externals
 * (bundled too with `bundleExternals`, for a self-contained script).
 */
export function sdkPlugin({ bundleExternals = false } = {}) {
  return { name: "honeyhive-sdk", setup: (b) => setUp(b, bundleExternals) };
}

function setUp(b, bundleExternals) {
  {
    b.onResolve({ filter: /^entry:/ }, (a) => ({ path: a.path.slice("entry:".length), namespace: "entry" }));
    b.onLoad({ filter: /.*/, namespace: "entry" }, (a) => {
      const install = a.path === "neutral" ? "./runtime/install-neutral" : "./runtime/install-node";
      const source = `./${ENTRIES[a.path].replace(/\.ts$/, "")}`;
      return { contents: `import ${JSON.stringify(install)};\nexport * from ${JSON.stringify(source)};\n`, resolveDir: SRC, loader: "ts" };
    });
    // the entry modules and the runtime installs have effects (the package says it has none): keep them
    b.onResolve({ filter: /^\.\//, namespace: "entry" }, (a) => ({ path: join(SRC, `${a.path}.ts`), sideEffects: true }));
    b.onResolve({ filter: /(^|\/)platform$/ }, (a) => (a.importer.startsWith(SRC) ? { path: join(SRC, "runtime/platform-slot.ts") } : undefined));
    b.onResolve({ filter: /^\.\/environment$/ }, (a) => (/@opentelemetry[\\/]core[\\/].*platform[\\/]node/.test(a.importer) ? { path: join(SRC, "runtime/otel-environment.ts") } : undefined));
    b.onResolve({ filter: /^\.\/platform$/ }, (a) => {
      if (/@opentelemetry[\\/]resources[\\/].*detectors/.test(a.importer)) return { path: join(dirname(a.importer), "platform/browser/index.js") };
      if (/@opentelemetry[\\/]sdk-trace[\\/]build[\\/]esm[\\/][^\\/]+\.js$/.test(a.importer)) return { path: join(dirname(a.importer), "platform"), namespace: "otel-trace-platform" };
      return undefined;
    });
    // the OpenTelemetry SDK's platform part: the SDK's own id generator, and the (unused) browser batch processor
    b.onLoad({ filter: /.*/, namespace: "otel-trace-platform" }, (a) => ({
      contents: `export { BatchSpanProcessor } from ${JSON.stringify(join(a.path, "browser/export/BatchSpanProcessor.js"))};\n` +
        `export { RandomIdGenerator } from ${JSON.stringify(join(SRC, "span/otel-id-generator.ts"))};\n`,
      resolveDir: a.path, loader: "js",
    }));
    b.onResolve({ filter: /^[^./]/ }, (a) => {
      if (a.namespace === "entry") return undefined;
      if (a.path.startsWith("node:") || BUILTINS.has(a.path.split("/")[0])) return { path: a.path, external: true };
      if (bundleExternals || BUNDLED.some((re) => re.test(a.path))) return undefined;
      return external.has(packageName(a.path)) ? { path: a.path, external: true } : undefined;
    });
  }
}

/** esbuild options of the build's first stage (ES modules for Node 20; `options` adds to them or overrides them). */
export function sdkEsbuildOptions(options = {}) {
  return { bundle: true, format: "esm", platform: "node", target: "node20", mainFields: ["module", "main"], charset: "ascii", plugins: [sdkPlugin()], logLevel: "warning", ...options };
}
