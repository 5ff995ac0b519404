/**
 * Minified parameter names: traced functions whose parameters are all one letter in a minifier's order
 * (`e`, `t`, `n`, `r`…: Next.js, esbuild, terser, SWC) capture inputs as `honeyhive_inputs.e`, which says nothing.
 * The wrapper notes each such function here (bounded; see `warnIfNamesLookMinified`); `diagnose()` reports them.
 */
import { sharedState } from "../internal/process-state";

const MAX_NOTED = 20;
/** The first letters minifiers hand out, in the order they usually do. */
const MINIFIER_ORDER = "etnrioasclu";

interface MinifiedRecord {
  functions: string[];
}

/**
 * True when `names` (one function's parameter names) look minified: every name is a single letter, and they are not
 * a plain alphabetical run a person writes (`a, b`, `x, y`, `i, j`), but letters a minifier hands out (`e, t, n`).
 */
export function looksMinified(names: readonly (string | null)[]): boolean {
  if (names.length === 0 || names.some((name) => name === null || name.length !== 1)) return false;
  const letters = names.join("");
  if (names.length === 1) return letters === "e" || letters === "t";
  return [...letters].every((letter) => MINIFIER_ORDER.includes(letter)) && !"abcdefghijklmnopqrstuvwxyz".includes(letters);
}

function record(): MinifiedRecord {
  const slot = sharedState();
  slot.minifiedParameterNames ??= { functions: [] } satisfies MinifiedRecord;
  return slot.minifiedParameterNames as MinifiedRecord;
}

/** Notes a traced function whose parameter names look minified (first {@link MAX_NOTED} per process). */
export function noteMinifiedFunction(fn: object, names: readonly (string | null)[]): void {
  const noted = record();
  if (noted.functions.length >= MAX_NOTED) return;
  let name = "";
  try {
    const value: unknown = (fn as { name?: unknown }).name;
    name = typeof value === "string" ? value : "";
  } catch {
    name = ""; // a hostile `name` getter costs the name only
  }
  noted.functions.push(`${name || "(anonymous)"}(${names.join(", ")})`);
}

/** Traced functions noted with minified parameter names, as `name(e, t)`. */
export function minifiedFunctions(): readonly string[] {
  return record().functions;
}
