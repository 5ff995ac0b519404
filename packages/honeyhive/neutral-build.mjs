// The runtime-neutral build (Cloudflare Workers, Vercel Edge, Next.js edge routes, browsers), shared by
// tsup.config.ts and the test that scans and runs it (test/runtime/neutral-bundle.test.ts).
//
// It is the same source as the Node build with ONE file swapped: src/runtime/platform.ts (the Node runtime)
// becomes src/runtime/platform-neutral.ts (Web APIs only). The OpenTelemetry SDK pieces are bundled in with
// their `browser` variants (no Node built-ins); @opentelemetry/api stays external (a peer dependency: one copy
// and one global registry per application) and so does lossless-json (plain JavaScript).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Export conditions that select the neutral build (package.json `exports`, in this order). */
export const NEUTRAL_CONDITIONS = ["workerd", "edge-light", "worker", "browser"];

/** Packages left to the application's bundler. */
export const NEUTRAL_EXTERNAL = ["@opentelemetry/api", "lossless-json"];

/** esbuild plugin: the one runtime seam resolves to the neutral runtime. */
export const neutralPlatformPlugin = {
  name: "honeyhive-neutral-platform",
  setup(build) {
    build.onResolve({ filter: /(^|\/)platform$/ }, (args) => {
      if (!/[\\/]src[\\/]/.test(args.importer)) return undefined;
      return { path: join(here, "src", "runtime", "platform-neutral.ts") };
    });
  },
};

/** esbuild options of the neutral build (tsup passes the same through `esbuildOptions`). */
export function neutralEsbuildOptions(options = {}) {
  return {
    ...options,
    platform: "browser",
    conditions: [...NEUTRAL_CONDITIONS, "import", "module", "default"],
    mainFields: ["browser", "module", "main"],
  };
}

/** The entry of the neutral build. */
export const NEUTRAL_ENTRY = join(here, "src", "index.ts");
