import { extname } from "node:path";
import { pathToFileURL } from "node:url";

const TYPESCRIPT = new Set([".ts", ".mts", ".cts", ".tsx"]);

/**
 * Imports an evaluation file. JavaScript files use Node's `import()`; TypeScript files are run directly
 * through tsx's programmatic API (`tsImport` from `tsx/esm/api`), so **tsx must be installed** in the
 * project (`npm install --save-dev tsx`) to run `.ts` evaluation files.
 */
export async function importEvalFile(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  if (!TYPESCRIPT.has(extname(file))) return (await import(url)) as Record<string, unknown>;
  let tsImport: (specifier: string, options: string | { parentURL: string }) => Promise<unknown>;
  try {
    ({ tsImport } = (await import("tsx/esm/api")) as { tsImport: typeof tsImport });
  } catch {
    throw new Error(`cannot run ${file}: TypeScript evaluation files need tsx (npm install --save-dev tsx)`);
  }
  try {
    return (await tsImport(url, { parentURL: url })) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof Error && /Top-level await is currently not supported with the "cjs" output format/.test(error.message)) {
      error.message += '\n(top-level await needs an ES module: name the file .mts, or set "type": "module" in package.json)';
    }
    throw error;
  }
}

/** True when `value` looks like evaluate() options (a function plus a dataset or datasetId). */
export function isEvaluationConfig(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.function === "function" && (Array.isArray(v.dataset) || typeof v.datasetId === "string");
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
