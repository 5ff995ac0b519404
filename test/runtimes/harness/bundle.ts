/**
 * Bundles an app for a runtime that has no module resolution of its own (workerd, the Edge runtime) with esbuild, as
 * wrangler and Next do: the runtime's export conditions first, Node built-ins left as imports only when the runtime
 * provides them (workerd with nodejs_compat); without them a Node built-in anywhere in the graph fails the build.
 */
import { builtinModules, createRequire } from "node:module";
import { join } from "node:path";
import type * as Esbuild from "esbuild";
import { RUNTIMES_DIR } from "./paths";

export interface BundleOptions {
  entry: string;
  outfile: string;
  conditions: string[];
  /** Node built-ins the runtime provides: all of them (workerd's nodejs_compat), some (nodejs_als: node:async_hooks), none. */
  nodeBuiltins: "all" | readonly string[];
  /** "esm" module worker, or "iife" for a script (the Edge runtime's fetch-event handler). */
  format: "esm" | "iife";
}

/** Bundles; resolves with the error text when the build failed (undefined on success). */
export async function bundleApp(options: BundleOptions): Promise<string | undefined> {
  const esbuild = createRequire(join(RUNTIMES_DIR, "package.json"))("esbuild") as typeof Esbuild;
  const external = options.nodeBuiltins === "all" ? [...builtinModules, ...builtinModules.map((name) => `node:${name}`)] : [...options.nodeBuiltins];
  try {
    await esbuild.build({
      entryPoints: [options.entry],
      outfile: options.outfile,
      bundle: true,
      format: options.format,
      platform: "neutral",
      target: "es2022",
      conditions: options.conditions,
      mainFields: ["browser", "module", "main"],
      external,
      logLevel: "silent",
      absWorkingDir: RUNTIMES_DIR,
    });
    return undefined;
  } catch (error) {
    const errors = (error as { errors?: Array<{ text: string }> }).errors ?? [];
    const texts = [...new Set(errors.map((e) => e.text))];
    return texts.length > 0 ? `bundle failed (${texts.length} errors): ${texts.slice(0, 4).join("; ")}` : String(error);
  }
}
