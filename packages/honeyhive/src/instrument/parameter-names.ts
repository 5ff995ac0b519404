/**
 * Reads a function's parameter names from its source text, once per wrapped function, so captured inputs
 * are keyed by name (`honeyhive_inputs.question`). Destructured or unparsable parameters get `null` and are
 * captured positionally (`arg0`, `arg1`, …). A rest parameter (`...parts`) is noted, so its arguments are captured
 * together, as one array under its name.
 */
import { sdkLogger } from "../internal/logger";
import { firstTimeInProcess, registerModuleCache } from "../internal/process-state";
import { looksMinified, noteMinifiedFunction } from "./minified-names";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => unknown;

/** A function's parameter names, and whether the last one is a rest parameter. */
interface ParameterList {
  readonly names: readonly (string | null)[];
  readonly rest: boolean;
}

const NO_PARAMETERS: ParameterList = Object.freeze({ names: Object.freeze([]), rest: false });
let cache = new WeakMap<AnyFunction, ParameterList>();
let cachedFunctions = 0;
registerModuleCache("instrument/parameter-names", {
  clear: () => {
    cache = new WeakMap();
    cachedFunctions = 0;
  },
  size: () => cachedFunctions,
});

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
}

/** Bracket depth change of one character outside strings. */
function depthChange(ch: string): number {
  if (ch === "(" || ch === "[" || ch === "{") return 1;
  return ch === ")" || ch === "]" || ch === "}" ? -1 : 0;
}

/** The index just past the string literal opened by `list[start]` (escapes skipped; the end when unclosed). */
function endOfString(list: string, start: number): number {
  const quote = list[start];
  for (let i = start + 1; i < list.length; i++) {
    if (list[i] === "\\") i++;
    else if (list[i] === quote) return i + 1;
  }
  return list.length;
}

/** Splits a parameter list at top-level commas (ignoring commas inside brackets, strings and defaults). */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < list.length; ) {
    const ch = list[i] as string;
    if (ch === "'" || ch === '"' || ch === "`") {
      i = endOfString(list, i);
      continue;
    }
    if (ch === "," && depth === 0) {
      parts.push(list.slice(from, i));
      from = i + 1;
    } else depth += depthChange(ch);
    i++;
  }
  const last = list.slice(from);
  if (last.trim() !== "") parts.push(last);
  return parts;
}

function extractParameterList(source: string): string | undefined {
  const text = stripComments(source).trim();
  const arrowSingle = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(text);
  if (arrowSingle) return arrowSingle[1];
  const open = text.indexOf("(");
  if (open < 0) return undefined;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "(") depth++;
    else if (ch === ")") {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return undefined;
}

function parameterName(part: string): string | null {
  const cleaned = part.trim().replace(/^\.\.\./, "");
  const name = cleaned.split("=")[0]?.trim() ?? "";
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : null;
}

function readParameterList(fn: AnyFunction): ParameterList {
  try {
    const list = extractParameterList(Function.prototype.toString.call(fn));
    if (list === undefined) return NO_PARAMETERS;
    const parts = splitTopLevel(list);
    const rest = parts.length > 0 && parts[parts.length - 1]!.trim().startsWith("...");
    return Object.freeze({ names: Object.freeze(parts.map(parameterName)), rest });
  } catch {
    return NO_PARAMETERS;
  }
}

/** Parameter names of `fn` (null where a name cannot be known), and whether the last is a rest parameter. Never throws. */
export function getParameterList(fn: AnyFunction): ParameterList {
  const cached = cache.get(fn);
  if (cached) return cached;
  const list = readParameterList(fn);
  cache.set(fn, list);
  cachedFunctions++;
  return list;
}

/** Parameter names of `fn` (null where a name cannot be known). Never throws. */
export function getParameterNames(fn: AnyFunction): readonly (string | null)[] {
  return getParameterList(fn).names;
}

/** A function whose parameter name a minifier would rename: its name tells whether this code was minified. */
function minifierProbe(stableParameterNameProbe: unknown): unknown {
  return stableParameterNameProbe;
}

let minified: boolean | undefined;

/** True when the SDK's own code was minified (so the application's, bundled with it, is too). */
function codeLooksMinified(): boolean {
  minified ??= getParameterNames(minifierProbe)[0] !== "stableParameterNameProbe";
  return minified;
}

/**
 * When captured inputs would be keyed by minified parameter names (this code was minified, or the names are a
 * minifier's letters): notes the function for `diagnose()`, and gives one diagnostic per process.
 */
export function warnIfNamesLookMinified(names: readonly (string | null)[], fn?: object): void {
  if (!names.some((name) => name !== null) || (!codeLooksMinified() && !looksMinified(names))) return;
  if (fn !== undefined) noteMinifiedFunction(fn, names);
  if (!firstTimeInProcess("minified-parameter-names")) return;
  sdkLogger().warn(
    `parameter names look minified, so captured inputs are keyed by renamed parameters (honeyhive_inputs.${names.find((n) => n !== null)}): ` +
      "pass trace(fn, { eventName: \"answer\", inputNames: [\"question\", …] }) to keep stable span and input names",
  );
}
