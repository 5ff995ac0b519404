/**
 * The reference a trajectory is compared with: tool calls given by name (`"lookup_order"`) or with their arguments
 * (`{ name: "refund_order", arguments: { order_id: "A1" } }`; `args` is accepted too), from the scorer's `expected`
 * option (the list, or a function of the datapoint), else from the ground truth (its `trajectory`, `tool_calls`,
 * `toolCalls` or `expected_tool_calls`, or the ground truth itself when it is a list).
 */
import type { TrajectoryStep } from "@honeyhive/core/agent-trace/divergence";
import type { FieldAccessor } from "../fields";

/** One expected tool call: its name, or its name and arguments (matchers allowed among the values). */
export type ExpectedToolCall = string | { readonly name: string; readonly arguments?: unknown; readonly args?: unknown };

/** A scorer's `expected` option: the reference itself, or how to read it from the datapoint. */
export type ExpectedTrajectory = readonly ExpectedToolCall[] | FieldAccessor;

const GROUND_TRUTH_KEYS = ["trajectory", "tool_calls", "toolCalls", "expected_tool_calls"] as const;

/** The trajectory list the ground truth holds (see the module comment), or undefined. */
export function groundTruthTrajectory(groundTruth: unknown): unknown {
  if (Array.isArray(groundTruth)) return groundTruth;
  if (typeof groundTruth !== "object" || groundTruth === null) return undefined;
  for (const key of GROUND_TRUTH_KEYS) {
    const value = (groundTruth as Record<string, unknown>)[key];
    if (value !== undefined) return value;
  }
  return undefined;
}

/** One reference entry as a step; throws a `TypeError` for anything else. */
function stepOf(entry: unknown, index: number, where: string): TrajectoryStep {
  if (typeof entry === "string" && entry !== "") return { name: entry };
  if (typeof entry === "object" && entry !== null && typeof (entry as { name?: unknown }).name === "string") {
    const { name, arguments: args, args: short } = entry as { name: string; arguments?: unknown; args?: unknown };
    const given = args !== undefined ? args : short;
    return given === undefined ? { name } : { name, arguments: given };
  }
  throw new TypeError(`${where}: expected tool call ${index + 1} must be a tool name or { name, arguments }`);
}

/** The reference steps (see the module comment); throws a `TypeError` when there is none or it is malformed. */
export function referenceSteps(option: ExpectedTrajectory | undefined, args: readonly [unknown, unknown, unknown], where: string): TrajectoryStep[] {
  const raw = typeof option === "function" ? option(args[0], args[1], args[2]) : option ?? groundTruthTrajectory(args[2]);
  if (!Array.isArray(raw)) throw new TypeError(`${where}: no expected tool calls (pass expected, or put a trajectory list in the ground truth)`);
  return raw.map((entry, i) => stepOf(entry, i, where));
}

/** Checks the `expected` option: a list (checked now) or a function. */
export function checkExpected(option: unknown, where: string): ExpectedTrajectory | undefined {
  if (option === undefined || typeof option === "function") return option as ExpectedTrajectory | undefined;
  if (!Array.isArray(option)) throw new TypeError(`${where}: expected must be a list of tool calls or a function (outputs, inputs, groundTruth) => list`);
  option.forEach((entry, i) => stepOf(entry, i, where));
  return option as readonly ExpectedToolCall[];
}
