/**
 * How a tool call's arguments are compared with the expected ones, in the trajectory scorers and the tool assertions:
 *
 * - `exact`: the same arguments (objects by their keys, key order aside);
 * - `superset`: the agent passed at least the expected arguments, each with the expected value (more are fine);
 * - `subset`: every argument the agent passed is expected, with the expected value (it may leave some out);
 * - `ignore`: arguments are not compared.
 *
 * A function among the expected values is a matcher: it gets the agent's value and says whether it matches
 * (`{ amount: (v) => v > 0 }`). Per tool, `toolArgs` overrides the mode: another mode, a list of keys (only those are
 * compared, exactly), or a function `(actual, expected) => boolean` that decides alone. Expected arguments left out
 * (a step given by name only) match any arguments.
 */
import { sameArgumentsJson } from "@honeyhive/core/agent-trace/divergence";

/** How arguments are compared (see the module comment). */
export type ArgumentMode = "exact" | "superset" | "subset" | "ignore";

/** A tool's own comparison: a mode, the keys to compare, or a function that decides. */
export type ToolArgumentRule = ArgumentMode | readonly string[] | ((actual: unknown, expected: unknown) => boolean);

/** Compares one tool's arguments: `(tool name, actual, expected) => matches`. */
export type ArgumentMatcher = (name: string, actual: unknown, expected: unknown) => boolean;

const MODES: readonly ArgumentMode[] = ["exact", "superset", "subset", "ignore"];

function plainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether `actual` matches `expected`: functions in `expected` are matchers; objects and arrays are compared whole. */
export function valueMatches(actual: unknown, expected: unknown): boolean {
  if (typeof expected === "function") {
    try {
      return (expected as (value: unknown) => unknown)(actual) === true;
    } catch {
      return false;
    }
  }
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => valueMatches(actual[i], e));
  if (plainObject(expected)) {
    if (!plainObject(actual)) return false;
    const keys = Object.keys(expected);
    return keys.length === Object.keys(actual).length && keys.every((k) => Object.prototype.hasOwnProperty.call(actual, k) && valueMatches(actual[k], expected[k]));
  }
  return sameArgumentsJson(actual, expected);
}

/** Every key of `expected` is in `actual` with a matching value. */
function covers(actual: Record<string, unknown>, expected: Record<string, unknown>): boolean {
  return Object.keys(expected).every((k) => Object.prototype.hasOwnProperty.call(actual, k) && valueMatches(actual[k], expected[k]));
}

/** Whether the arguments match in `mode` (non-objects are compared exactly in every mode but `ignore`). */
export function argumentsMatch(mode: ArgumentMode, actual: unknown, expected: unknown): boolean {
  if (mode === "ignore" || expected === undefined) return true;
  if (mode === "exact" || !plainObject(actual) || !plainObject(expected)) return valueMatches(actual, expected);
  return mode === "superset" ? covers(actual, expected) : covers(expected, actual);
}

/** `value` as an argument mode; a `TypeError` naming `where` for anything else. */
export function checkMode(value: unknown, where: string): ArgumentMode {
  if (typeof value === "string" && (MODES as readonly string[]).includes(value)) return value as ArgumentMode;
  throw new TypeError(`${where} must be one of ${MODES.map((m) => JSON.stringify(m)).join(", ")}`);
}

/** A tool's rule as a comparison of its arguments. */
function ruleMatcher(rule: unknown, where: string): (actual: unknown, expected: unknown) => boolean {
  if (typeof rule === "function") {
    return (actual, expected) => {
      try {
        return (rule as (a: unknown, e: unknown) => unknown)(actual, expected) === true;
      } catch {
        return false;
      }
    };
  }
  if (Array.isArray(rule)) {
    if (!rule.every((k) => typeof k === "string")) throw new TypeError(`${where} must list argument names (strings)`);
    const keys = rule as readonly string[];
    return (actual, expected) => {
      if (expected === undefined) return true;
      if (!plainObject(actual) || !plainObject(expected)) return valueMatches(actual, expected);
      return keys.every((k) => valueMatches(actual[k], expected[k]));
    };
  }
  const mode = checkMode(rule, where);
  return (actual, expected) => argumentsMatch(mode, actual, expected);
}

/**
 * The argument comparison of a scorer: `mode` for every tool, `toolArgs` per tool (checked here: a bad mode or rule
 * is a `TypeError` naming it).
 */
export function argumentMatcher(mode: unknown, toolArgs: unknown, where: string): ArgumentMatcher {
  const base = checkMode(mode, `${where}: args`);
  if (toolArgs !== undefined && !plainObject(toolArgs)) throw new TypeError(`${where}: toolArgs must be an object of tool name -> mode, argument names or (actual, expected) => boolean`);
  const rules = new Map<string, (actual: unknown, expected: unknown) => boolean>();
  for (const [tool, rule] of Object.entries(toolArgs ?? {})) rules.set(tool, ruleMatcher(rule, `${where}: toolArgs.${tool}`));
  return (name, actual, expected) => (rules.get(name) ?? ((a, e) => argumentsMatch(base, a, e)))(actual, expected);
}
