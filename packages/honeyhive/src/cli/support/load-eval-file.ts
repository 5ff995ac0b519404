import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { withSyntaxErrorLocation } from "./syntax-error-location";

const TYPESCRIPT = new Set([".ts", ".mts", ".cts", ".tsx"]);

type TsImport = (specifier: string, options: string | { parentURL: string }) => Promise<unknown>;

/** How this Node.js can run a TypeScript file. */
type TypeScriptSupport = "native" | "behind-flag" | "none";

/**
 * Whether the running Node.js strips types itself: on by default from 22.18 and 23.6 (`process.features.typescript`),
 * behind `--experimental-strip-types` from 22.6. Pure (the process facts are passed in).
 */
export function typeScriptSupport(facts: { version: string; featureTypescript: unknown; flags: readonly string[] }): TypeScriptSupport {
  if (facts.featureTypescript === "strip" || facts.featureTypescript === "transform" || facts.featureTypescript === true) return "native";
  if (facts.flags.some((f) => f === "--experimental-strip-types" || f === "--experimental-transform-types")) return "native";
  const [major = 0, minor = 0] = facts.version.replace(/^v/, "").split(".").map(Number);
  return major > 22 || (major === 22 && minor >= 6) ? "behind-flag" : "none";
}

function currentSupport(): TypeScriptSupport {
  return typeScriptSupport({
    version: process.version,
    featureTypescript: (process.features as { typescript?: unknown }).typescript,
    flags: [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)],
  });
}

/** The one-paragraph explanation given when a TypeScript file cannot be loaded at all. */
export function noTypeScriptLoaderMessage(file: string, version: string, support: TypeScriptSupport): string {
  const node = support === "behind-flag"
    ? `run with NODE_OPTIONS=--experimental-strip-types (this Node.js ${version} has type stripping behind that flag), or use Node.js 22.18+`
    : `use Node.js 22.18 or newer (it runs TypeScript itself; this is ${version})`;
  return `cannot run ${file}: it is TypeScript. Either ${node}, or install tsx in the project (npm install --save-dev tsx), or compile it to JavaScript first`;
}

/** The ES module entry of `tsx/esm/api` in the tsx installation `file` resolves to (its CommonJS one cannot be imported). */
function projectTsxApi(file: string): string {
  const manifest = createRequire(file).resolve("tsx/package.json");
  const exports = (JSON.parse(readFileSync(manifest, "utf8")) as { exports?: Record<string, { import?: { default?: string } | string }> }).exports;
  const entry = exports?.["./esm/api"]?.import;
  const target = typeof entry === "string" ? entry : entry?.default;
  if (!target) throw new Error("tsx has no ES module API");
  return pathToFileURL(join(dirname(manifest), target)).href;
}

async function findTsx(file: string): Promise<TsImport | undefined> {
  // The project's own tsx first (next to the evaluation file), then one installed with the CLI.
  const candidates: (() => Promise<unknown>)[] = [
    async () => import(projectTsxApi(file)),
    async () => import("tsx/esm/api"),
  ];
  for (const load of candidates) {
    try {
      const module = (await load()) as { tsImport?: TsImport; default?: { tsImport?: TsImport } };
      const tsImport = module.tsImport ?? module.default?.tsImport;
      if (typeof tsImport === "function") return tsImport;
    } catch {
      // not installed there
    }
  }
  return undefined;
}

function explain(error: unknown): never {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    if (/Top-level await is currently not supported with the "cjs" output format/.test(error.message)) {
      error.message += '\n(top-level await needs an ES module: name the file .mts, or set "type": "module" in package.json)';
    } else if (code === "ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX") {
      error.message += "\n(Node's type stripping only removes types: enums, namespaces and parameter properties need --experimental-transform-types or tsx)";
    }
  }
  throw error;
}

/**
 * Imports an evaluation file. JavaScript files and, where Node.js strips types itself, TypeScript files use
 * Node's `import()`; otherwise TypeScript files go through tsx's `tsImport` (the project's tsx, else one
 * installed next to the CLI). Without either, the error says exactly what to do. A syntax error gets its location
 * in its message (`syntax-error-location.ts`).
 */
export async function importEvalFile(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  if (!TYPESCRIPT.has(extname(file))) {
    try {
      return (await import(url)) as Record<string, unknown>;
    } catch (error) {
      throw withSyntaxErrorLocation(error, file);
    }
  }
  const support = currentSupport();
  const tsImport = support === "native" ? undefined : await findTsx(file);
  try {
    if (tsImport) return (await tsImport(url, { parentURL: url })) as Record<string, unknown>;
    if (support !== "native") throw new Error(noTypeScriptLoaderMessage(file, process.version, support));
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    return explain(withSyntaxErrorLocation(error, file));
  }
}

/**
 * True when `value` is meant as evaluate() options: an object whose `function` is a function. Its other keys are
 * checked by evaluate() itself, so a typo (`datset:`) is reported by name rather than ignored.
 */
function isEvaluationConfig(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  return typeof (value as Record<string, unknown>).function === "function";
}

/** The evaluation configs a module exports by default: one config, or an array of them. */
export function defaultExportConfigs(module: Record<string, unknown>): Record<string, unknown>[] {
  let exported = module.default;
  // CommonJS modules imported as ESM nest `module.exports` under default.
  if (exported && typeof exported === "object" && !isEvaluationConfig(exported) && "default" in exported) {
    exported = (exported as Record<string, unknown>).default;
  }
  if (isEvaluationConfig(exported)) return [exported];
  if (Array.isArray(exported)) return exported.filter(isEvaluationConfig);
  return [];
}
