/**
 * Where two trajectories (tool calls in order) first part: the one rule the strict trajectory match explains its
 * failures with and the viewer's run comparison marks, so both name the same step the same way.
 */
import { stableJson } from "../values/stable-json";

/** A step of a trajectory as compared: the tool's name and its arguments. */
export interface TrajectoryStep {
  readonly name: string;
  readonly arguments?: unknown;
}

/** Where two trajectories part. */
export interface Divergence {
  /** 0-based step index. */
  readonly index: number;
  /** `name`: another tool; `arguments`: the same tool with other arguments; `missing`: `b` stops here; `extra`: `a` stops here. */
  readonly kind: "name" | "arguments" | "missing" | "extra";
  /** The step of `a` (the expected or old trajectory) there, if it has one. */
  readonly a?: TrajectoryStep;
  /** The step of `b` (the actual or new trajectory) there, if it has one. */
  readonly b?: TrajectoryStep;
}

/** Arguments equal as JSON with sorted keys (a value JSON cannot hold only equals itself). */
export function sameArgumentsJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const left = stableJson(a);
  return left !== undefined && left === stableJson(b);
}

/**
 * The first step where `b` departs from `a`: another tool, the same tool with other arguments (by `sameArguments`,
 * default {@link sameArgumentsJson}; pass `() => true` to compare names only), or one of them ending first. Undefined
 * when they are the same.
 */
export function firstDivergence(
  a: readonly TrajectoryStep[], b: readonly TrajectoryStep[],
  sameArguments: (name: string, a: unknown, b: unknown) => boolean = (_name, x, y) => sameArgumentsJson(x, y),
): Divergence | undefined {
  const n = Math.max(a.length, b.length);
  for (let index = 0; index < n; index++) {
    const left = a[index];
    const right = b[index];
    if (left === undefined) return { index, kind: "extra", b: right };
    if (right === undefined) return { index, kind: "missing", a: left };
    if (left.name !== right.name) return { index, kind: "name", a: left, b: right };
    if (!sameArguments(left.name, left.arguments, right.arguments)) return { index, kind: "arguments", a: left, b: right };
  }
  return undefined;
}

/** Arguments as short text for messages: JSON, cut to `max` characters. */
export function argumentsText(value: unknown, max = 120): string {
  const text = value === undefined ? "" : stableJson(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * A divergence in words, steps counted from 1: `step 3: expected refund_order, got lookup_order`, `step 2:
 * refund_order called with {"amount":5}, expected {"amount":10}`, `step 4: expected refund_order, got no further
 * call`, `step 4: unexpected call lookup_order`. `labels` name the two sides (default expected / got).
 */
export function divergenceText(d: Divergence, labels: { a: string; b: string } = { a: "expected", b: "got" }): string {
  const step = `step ${d.index + 1}`;
  switch (d.kind) {
    case "name":
      return `${step}: ${labels.a} ${d.a!.name}, ${labels.b} ${d.b!.name}`;
    case "arguments":
      return `${step}: ${d.b!.name} called with ${argumentsText(d.b!.arguments)}, ${labels.a} ${argumentsText(d.a!.arguments)}`;
    case "missing":
      return `${step}: ${labels.a} ${d.a!.name}, ${labels.b} no further call`;
    default:
      return `${step}: ${labels.b} an extra call ${d.b!.name}`;
  }
}
