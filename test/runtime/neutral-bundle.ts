// Builds the runtime-neutral entry point from the sources as the SDK's build does (the same esbuild plugin and options,
// from packages/honeyhive/build-config.mjs), for the tests that scan it and run it in a bare `vm` context.
import { builtinModules } from "node:module";
import { createContext, runInContext } from "node:vm";
import { type Plugin, build } from "esbuild";
// @ts-expect-error -- a plain .mjs build helper without types
import { EXTERNAL, NEUTRAL_ENTRY, sdkEsbuildOptions, sdkPlugin } from "../../packages/honeyhive/build-config.mjs";

/** The packages the published build leaves to the application. */
export const NEUTRAL_EXTERNAL = EXTERNAL as string[];

/** What a scan of the neutral bundle found. */
export interface NeutralScan {
  /** Node built-ins imported anywhere in the bundle (`path <- importer`). */
  builtins: string[];
  /** Bare package specifiers left external. */
  externals: string[];
  bytes: number;
}

const BUILTINS = new Set(builtinModules);

/** Builds the neutral entry point (ESM, externals as published) and lists every Node built-in and external it imports. */
export async function scanNeutralBundle(): Promise<NeutralScan> {
  const builtins = new Set<string>();
  const externals = new Set<string>();
  const scan: Plugin = {
    name: "scan-imports",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.replace(/^node:/, "").split("/")[0] as string;
        if (args.path.startsWith("node:") || BUILTINS.has(bare)) {
          builtins.add(`${args.path} <- ${args.importer.split("node_modules/").pop()}`);
          return { path: args.path, external: true };
        }
        if ((NEUTRAL_EXTERNAL as string[]).some((name) => args.path === name || args.path.startsWith(`${name}/`))) externals.add(args.path);
        return undefined;
      });
    },
  };
  const result = await build(
    sdkEsbuildOptions({ entryPoints: [NEUTRAL_ENTRY], write: false, plugins: [scan, sdkPlugin()], logLevel: "silent" }),
  );
  return { builtins: [...builtins].sort(), externals: [...externals].sort(), bytes: result.outputFiles[0]!.contents.length };
}

let iife: Promise<string> | undefined;

/** The neutral build with its dependencies bundled in, as one script defining `globalThis.HoneyHive`. */
export function neutralScript(): Promise<string> {
  iife ??= build(
    sdkEsbuildOptions({
      entryPoints: [NEUTRAL_ENTRY], write: false, format: "iife", globalName: "HoneyHive", platform: "neutral",
      plugins: [sdkPlugin({ bundleExternals: true })], logLevel: "silent", target: "es2022",
    }),
  ).then((r) => r.outputFiles[0]!.text);
  return iife;
}

/** Loads the neutral build into a new `vm` context holding only `globals` (plus JavaScript's own built-ins). */
export async function loadInBareContext(globals: Record<string, unknown>): Promise<{ sdk: any; context: Record<string, unknown> }> {
  const context = createContext({ ...globals });
  runInContext(await neutralScript(), context, { filename: "honeyhive-neutral.js" });
  return { sdk: (context as { HoneyHive: unknown }).HoneyHive, context };
}
