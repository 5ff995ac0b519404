import { type TrajectoryStep, divergenceText, firstDivergence } from "@honeyhive/core/agent-trace/divergence";
import { DECISIVE_OPTIONS, checkOptionKeys } from "../../config/unknown-options";
import { named, scorerName } from "../fields";
import { READY_METRIC_NAMES } from "../metric-names";
import type { Score, Scorer } from "../score";
import { type ArgumentMatcher, type ArgumentMode, type ToolArgumentRule, argumentMatcher } from "./argument-match";
import { checkExpected, type ExpectedTrajectory, referenceSteps } from "./expected-calls";
import { callText, traceOf } from "./trace-of";

/**
 * How the agent's tool calls are compared with the reference:
 * - `strict`: the same calls in the same order;
 * - `unordered`: the same calls, in any order;
 * - `superset`: the agent made every reference call (in any order), and maybe others;
 * - `subset`: the agent made no call outside the reference (each of its calls is one of them), and maybe not all.
 */
export type TrajectoryMode = "strict" | "unordered" | "superset" | "subset";

/** Options of {@link trajectoryMatch}. */
export interface TrajectoryMatchOptions {
  /** Metric name. @defaultValue `trajectory_match` */
  name?: string;
  /** @defaultValue "strict" */
  mode?: TrajectoryMode;
  /**
   * The reference tool calls (names, or `{ name, arguments }`), or a function of the datapoint returning them.
   * @defaultValue the ground truth's `trajectory` / `tool_calls` / `toolCalls` / `expected_tool_calls`, or the ground truth when it is a list
   */
  expected?: ExpectedTrajectory;
  /** How arguments are compared (`exact`, `superset`, `subset`, `ignore`). @defaultValue "exact" */
  args?: ArgumentMode;
  /** Per tool: another argument mode, the argument names to compare, or a function `(actual, expected) => boolean`. */
  toolArgs?: Readonly<Record<string, ToolArgumentRule>>;
}

const MODES: readonly TrajectoryMode[] = ["strict", "unordered", "superset", "subset"];
const OPTION_KEYS = ["name", "mode", "expected", "args", "toolArgs"];

/**
 * A largest one-to-one pairing of reference and actual calls (a reference call pairs with an actual call of the same
 * tool whose arguments match): `pairOf[r]` is the actual call's index, or -1. Augmenting paths (Kuhn), so a matcher that
 * accepts several calls never makes a pairing fail that exists.
 */
function pairCalls(reference: readonly TrajectoryStep[], actual: readonly TrajectoryStep[], match: ArgumentMatcher): number[] {
  const fits = reference.map((r) => actual.map((a) => a.name === r.name && match(r.name, a.arguments, r.arguments)));
  const owner = new Array<number>(actual.length).fill(-1);
  const pairOf = new Array<number>(reference.length).fill(-1);
  const claim = (r: number, seen: boolean[]): boolean => {
    for (let a = 0; a < actual.length; a++) {
      if (!fits[r]![a] || seen[a]) continue;
      seen[a] = true;
      if (owner[a] === -1 || claim(owner[a]!, seen)) {
        owner[a] = r;
        pairOf[r] = a;
        return true;
      }
    }
    return false;
  };
  for (let r = 0; r < reference.length; r++) claim(r, new Array<boolean>(actual.length).fill(false));
  return pairOf;
}

function listText(steps: readonly TrajectoryStep[], max = 3): string {
  const shown = steps.slice(0, max).map((s) => callText(s.name, s.arguments));
  return steps.length > max ? `${shown.join(", ")} and ${steps.length - max} more` : shown.join(", ");
}

/** The verdict of the three modes that pair calls regardless of order. */
function pairedVerdict(mode: Exclude<TrajectoryMode, "strict">, reference: readonly TrajectoryStep[], actual: readonly TrajectoryStep[], match: ArgumentMatcher): Score {
  const pairOf = pairCalls(reference, actual, match);
  const used = new Set(pairOf.filter((a) => a >= 0));
  const missing = reference.filter((_r, i) => pairOf[i] === -1);
  const unexpected = actual.filter((_a, i) => !used.has(i));
  const problems: string[] = [];
  if (mode !== "subset" && missing.length > 0) problems.push(`missing ${listText(missing)}`);
  if (mode !== "superset" && unexpected.length > 0) problems.push(`unexpected ${listText(unexpected)}`);
  return problems.length === 0 ? { score: true } : { score: false, explanation: `${mode}: ${problems.join("; ")}` };
}

/**
 * `trajectory_match`: whether the agent's tool calls match a reference trajectory, in the chosen mode, with their
 * arguments compared as `args` and `toolArgs` say (see `ArgumentMode`). A strict mismatch names the first step where
 * they part (`step 3: expected refund_order, got lookup_order`); the other modes name the calls missing or unexpected.
 *
 * @example evaluators: [trajectoryMatch({ mode: "superset", args: "superset" })] // ground truth: { trajectory: [...] }
 */
export function trajectoryMatch(options?: TrajectoryMatchOptions): Scorer {
  const where = "trajectoryMatch";
  checkOptionKeys(options, OPTION_KEYS, where, DECISIVE_OPTIONS);
  const mode = options?.mode ?? "strict";
  if (!MODES.includes(mode)) throw new TypeError(`${where}: mode must be one of ${MODES.map((m) => JSON.stringify(m)).join(", ")}`);
  const expected = checkExpected(options?.expected, where);
  const match = argumentMatcher(options?.args ?? "exact", options?.toolArgs, where);
  const name = scorerName(options?.name, READY_METRIC_NAMES.trajectoryMatch, where);
  return named((outputs: unknown, inputs: unknown, groundTruth: unknown, context?: Parameters<Scorer>[3]): Score => {
    const reference = referenceSteps(expected, [outputs, inputs, groundTruth], where);
    const actual = traceOf(context, where).toolCalls.map((c) => ({ name: c.name, arguments: c.arguments }));
    if (mode !== "strict") return pairedVerdict(mode, reference, actual, match);
    const divergence = firstDivergence(reference, actual, (tool, wanted, made) => match(tool, made, wanted));
    return divergence === undefined ? { score: true } : { score: false, explanation: divergenceText(divergence) };
  }, name);
}
