import type { AgentTrace, ToolCall } from "@honeyhive/core/agent-trace/trace-types";
import { DECISIVE_OPTIONS, checkOptionKeys } from "../../config/unknown-options";
import { named, scorerName } from "../fields";
import { READY_METRIC_NAMES } from "../metric-names";
import type { Score, Scorer } from "../score";
import { type ArgumentMode, argumentsMatch, checkMode } from "./argument-match";
import { callText, traceOf } from "./trace-of";

/** `label` names an assertion in a failure (default: words made from the assertion). */
interface Labelled {
  readonly label?: string;
}

/**
 * What a trace must show about tool calls, as data (plain objects, or made by {@link calledTool}, {@link neverCalled},
 * {@link noToolErrors}, {@link calledInOrder}, {@link maxToolCalls}):
 * - `{ called, args?, argsMode?, times?, atLeast?, atMost? }`: the tool was called (with matching arguments: `argsMode`,
 *   default `superset`, the agent passed at least these), once or more by default, or as many times as said;
 * - `{ never }`: the tool was never called;
 * - `{ noToolErrors: true }` or a list of tools: no tool call (of those tools) failed;
 * - `{ inOrder }`: these tools were called in this order (other calls between them allowed);
 * - `{ maxToolCalls }`: at most this many tool calls.
 */
export type ToolAssertion =
  | (Labelled & { readonly called: string; readonly args?: unknown; readonly argsMode?: ArgumentMode; readonly times?: number; readonly atLeast?: number; readonly atMost?: number })
  | (Labelled & { readonly never: string })
  | (Labelled & { readonly noToolErrors: true | readonly string[] })
  | (Labelled & { readonly inOrder: readonly string[] })
  | (Labelled & { readonly maxToolCalls: number });

/** Options of {@link calledTool}. */
export interface CalledToolOptions extends Labelled {
  /** The arguments it was called with (matchers allowed among the values); compared by `argsMode`. */
  args?: unknown;
  /** @defaultValue "superset" (at least these arguments, with these values) */
  argsMode?: ArgumentMode;
  /** Exactly this many matching calls. */
  times?: number;
  atLeast?: number;
  atMost?: number;
}

/** The tool was called (see {@link ToolAssertion}). */
export function calledTool(name: string, options: CalledToolOptions = {}): ToolAssertion {
  return { called: name, ...options };
}

/** The tool was never called. */
export function neverCalled(name: string, options: Labelled = {}): ToolAssertion {
  return { never: name, ...options };
}

/** No tool call failed (only those of `tools`, when given). */
export function noToolErrors(tools?: readonly string[], options: Labelled = {}): ToolAssertion {
  return { noToolErrors: tools ?? true, ...options };
}

/** These tools were called in this order (other calls between them allowed). */
export function calledInOrder(names: readonly string[], options: Labelled = {}): ToolAssertion {
  return { inOrder: names, ...options };
}

/** At most `n` tool calls. */
export function maxToolCalls(n: number, options: Labelled = {}): ToolAssertion {
  return { maxToolCalls: n, ...options };
}

/** One assertion checked: its words, and the reason it failed (undefined: it held). */
interface Checked {
  readonly label: string;
  readonly failure: string | undefined;
}

function times(n: number): string {
  return `${n} time${n === 1 ? "" : "s"}`;
}

function countLabel(a: { times?: number; atLeast?: number; atMost?: number }): string {
  if (a.times !== undefined) return ` ${times(a.times)}`;
  const parts = [a.atLeast !== undefined ? `at least ${times(a.atLeast)}` : "", a.atMost !== undefined ? `at most ${times(a.atMost)}` : ""].filter(Boolean);
  return parts.length > 0 ? ` ${parts.join(" and ")}` : "";
}

function checkCalled(a: Extract<ToolAssertion, { called: string }>, calls: readonly ToolCall[]): Checked {
  const label = a.label ?? `calls ${callText(a.called, a.args)}${countLabel(a)}`;
  const named = calls.filter((c) => c.name === a.called);
  const matching = named.filter((c) => argumentsMatch(a.argsMode ?? "superset", c.arguments, a.args)).length;
  const low = a.times ?? a.atLeast ?? (a.atMost === undefined ? 1 : 0);
  const high = a.times ?? a.atMost ?? Infinity;
  if (matching >= low && matching <= high) return { label, failure: undefined };
  const how = a.args === undefined || named.length === matching ? `called ${times(matching)}` : `called ${times(named.length)}, ${matching} with matching arguments (first: ${callText(a.called, named[0]?.arguments)})`;
  return { label, failure: how };
}

function checkNever(a: Extract<ToolAssertion, { never: string }>, calls: readonly ToolCall[]): Checked {
  const hit = calls.find((c) => c.name === a.never);
  return { label: a.label ?? `never calls ${a.never}`, failure: hit === undefined ? undefined : `called at tool call ${hit.index + 1}` };
}

function checkNoErrors(a: Extract<ToolAssertion, { noToolErrors: unknown }>, calls: readonly ToolCall[]): Checked {
  const only = a.noToolErrors === true ? undefined : new Set(a.noToolErrors);
  const failed = calls.find((c) => c.error !== undefined && (only === undefined || only.has(c.name)));
  const label = a.label ?? (only === undefined ? "no tool error" : `no error from ${[...only].join(", ")}`);
  return { label, failure: failed === undefined ? undefined : `${failed.name} (tool call ${failed.index + 1}) failed: ${failed.error}` };
}

function checkInOrder(a: Extract<ToolAssertion, { inOrder: unknown }>, calls: readonly ToolCall[]): Checked {
  const label = a.label ?? `calls ${a.inOrder.join(", then ")}`;
  let from = 0;
  for (const [i, tool] of a.inOrder.entries()) {
    const at = calls.findIndex((c, k) => k >= from && c.name === tool);
    if (at < 0) return { label, failure: i === 0 || !calls.some((c) => c.name === tool) ? `${tool} is never called` : `${tool} is not called after ${a.inOrder[i - 1]}` };
    from = at + 1;
  }
  return { label, failure: undefined };
}

function checkMaxCalls(a: Extract<ToolAssertion, { maxToolCalls: number }>, calls: readonly ToolCall[]): Checked {
  const n = a.maxToolCalls;
  return { label: a.label ?? `at most ${n} tool call${n === 1 ? "" : "s"}`, failure: calls.length > n ? `${calls.length} tool calls` : undefined };
}

const KINDS = ["called", "never", "noToolErrors", "inOrder", "maxToolCalls"] as const;
type Kind = (typeof KINDS)[number];
const COUNT_KEYS = ["times", "atLeast", "atMost"] as const;

/** Each kind: how it is checked against the calls, and whether its value has the right type. */
const ASSERTION_KINDS: { readonly [K in Kind]: { check(a: ToolAssertion, calls: readonly ToolCall[]): Checked; valid(value: unknown): boolean } } = {
  called: { check: (a, calls) => checkCalled(a as Extract<ToolAssertion, { called: string }>, calls), valid: (v) => typeof v === "string" && v !== "" },
  never: { check: (a, calls) => checkNever(a as Extract<ToolAssertion, { never: string }>, calls), valid: (v) => typeof v === "string" && v !== "" },
  noToolErrors: {
    check: (a, calls) => checkNoErrors(a as Extract<ToolAssertion, { noToolErrors: unknown }>, calls),
    valid: (v) => v === true || (Array.isArray(v) && v.every((t) => typeof t === "string")),
  },
  inOrder: {
    check: (a, calls) => checkInOrder(a as Extract<ToolAssertion, { inOrder: unknown }>, calls),
    valid: (v) => Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === "string"),
  },
  maxToolCalls: { check: (a, calls) => checkMaxCalls(a as Extract<ToolAssertion, { maxToolCalls: number }>, calls), valid: (v) => Number.isInteger(v) && (v as number) >= 0 },
};

function kindOf(a: ToolAssertion): Kind {
  return KINDS.find((k) => k in a)!;
}

function checkOne(a: ToolAssertion, calls: readonly ToolCall[]): Checked {
  return ASSERTION_KINDS[kindOf(a)].check(a, calls);
}

/** Checks one assertion's shape at creation (a `TypeError` naming it and what is wrong). */
function checkAssertion(a: unknown, i: number, where: string): ToolAssertion {
  const at = `${where}: assertion ${i + 1}`;
  if (typeof a !== "object" || a === null) throw new TypeError(`${at} must be an object such as { called: "tool" } or { never: "tool" }`);
  const kinds = KINDS.filter((k) => k in a);
  if (kinds.length !== 1) throw new TypeError(`${at} must have exactly one of ${KINDS.join(", ")}`);
  const kind = kinds[0]!;
  checkOptionKeys(a, kind === "called" ? ["called", "args", "argsMode", ...COUNT_KEYS, "label"] : [kind, "label"], at, DECISIVE_OPTIONS);
  if (!ASSERTION_KINDS[kind].valid((a as Record<string, unknown>)[kind])) throw new TypeError(`${at}: ${kind} has a value of the wrong type`);
  const mode = (a as { argsMode?: unknown }).argsMode;
  if (mode !== undefined) checkMode(mode, `${at}: argsMode`);
  for (const key of COUNT_KEYS) {
    const n = (a as Record<string, unknown>)[key];
    if (n !== undefined && !(Number.isInteger(n) && (n as number) >= 0)) throw new TypeError(`${at}: ${key} must be a non-negative integer`);
  }
  return a as ToolAssertion;
}

/** Options of {@link toolAssertions}. */
export interface ToolAssertionsOptions {
  /** Metric name. @defaultValue `tool_assertions` */
  name?: string;
}

/** The assertions checked against a trace, the failed ones first-named. */
export function checkToolAssertions(assertions: readonly ToolAssertion[], trace: AgentTrace): Checked[] {
  return assertions.map((a) => checkOne(a, trace.toolCalls));
}

/**
 * `tool_assertions`: true when every assertion holds of the datapoint's tool calls. A failure names each assertion
 * that failed and why (`2 of 4 failed: never calls delete_account: called at tool call 3; no tool error: refund_order
 * (tool call 2) failed: no order Z9`).
 *
 * @example evaluators: [toolAssertions([calledTool("refund_order", { args: { order_id: "A1" }, atMost: 1 }), neverCalled("delete_account"), noToolErrors()])]
 */
export function toolAssertions(assertions: readonly ToolAssertion[], options?: ToolAssertionsOptions): Scorer {
  const where = "toolAssertions";
  checkOptionKeys(options, ["name"], where, DECISIVE_OPTIONS);
  if (!Array.isArray(assertions) || assertions.length === 0) throw new TypeError(`${where}: assertions must be a non-empty list`);
  const checked = assertions.map((a, i) => checkAssertion(a, i, where));
  const name = scorerName(options?.name, READY_METRIC_NAMES.toolAssertions, where);
  return named((_o: unknown, _i: unknown, _g: unknown, context?: Parameters<Scorer>[3]): Score => {
    const results = checkToolAssertions(checked, traceOf(context, where));
    const failed = results.filter((r) => r.failure !== undefined);
    if (failed.length === 0) return { score: true };
    return { score: false, explanation: `${failed.length} of ${results.length} failed: ${failed.map((r) => `${r.label}: ${r.failure}`).join("; ")}` };
  }, name);
}
