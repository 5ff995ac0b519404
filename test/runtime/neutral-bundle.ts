// Builds the runtime-neutral bundle exactly as tsup does (same esbuild plugin and conditions, from
// packages/honeyhive/neutral-build.mjs), for the tests that scan it and run it in a bare `vm` context.
import { builtinModules } from "node:module";
import { createContext, runInContext } from "node:vm";
import { type Plugin, build } from "esbuild";
// @ts-expect-error -- a plain .mjs build helper without types
import { NEUTRAL_ENTRY, NEUTRAL_EXTERNAL, neutralEsbuildOptions, neutralPlatformPlugin } from "../../packages/honeyhive/neutral-build.mjs";

export { NEUTRAL_EXTERNAL };

/** What a scan of the neutral bundle found. */
export interface NeutralScan {
  /** Node built-ins imported anywhere in the bundle (`path <- importer`). */
  builtins: string[];
  /** Bare package specifiers left external. */
  externals: string[];
  bytes: number;
}

const BUILTINS = new Set(builtinModules);

/** Builds the neutral bundle (ESM, externals as published) and lists every Node built-in and external it imports. */
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
    neutralEsbuildOptions({
      entryPoints: [NEUTRAL_ENTRY], bundle: true, write: false, format: "esm", external: NEUTRAL_EXTERNAL,
      plugins: [neutralPlatformPlugin, scan], logLevel: "silent",
    }),
  );
  return { builtins: [...builtins].sort(), externals: [...externals].sort(), bytes: result.outputFiles[0]!.contents.length };
}

let iife: Promise<string> | undefined;

/** The neutral build with its dependencies bundled in, as one script defining `globalThis.HoneyHive`. */
export function neutralScript(): Promise<string> {
  iife ??= build(
    neutralEsbuildOptions({
      entryPoints: [NEUTRAL_ENTRY], bundle: true, write: false, format: "iife", globalName: "HoneyHive",
      plugins: [neutralPlatformPlugin], logLevel: "silent", target: "es2022",
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
