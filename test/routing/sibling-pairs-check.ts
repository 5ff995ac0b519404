/**
 * The "never merges two real calls" property of the sibling rule (semconv/sibling-call.ts), shared by its fuzz tests
 * (sibling-model-calls.test.ts, sibling-wire-formats.test.ts): pairs the reports and checks every pair.
 */
import { expect } from "vitest";
import { type SiblingCallSpan, pairSiblingCalls } from "../../packages/core/src/semconv/sibling-call";

/** One report of a call: the span and the index of the call it reports. */
export interface CallReport {
  span: SiblingCallSpan;
  call: number;
}

/**
 * Pairs `reports` and asserts: a pair is two reports of one call, or of two calls `alike` (indistinguishable by
 * content: pairing across them still counts each call once), from two scopes; a report is in at most one pair; and,
 * when every one of the `calls` calls is reported twice (`everyCallTwice`), one model event per call.
 */
export function expectPairsOfOneCall(reports: readonly CallReport[], calls: number, alike: (a: number, b: number) => boolean, everyCallTwice: boolean): void {
  const callOf = new Map(reports.map((r) => [r.span, r.call]));
  const pairs = pairSiblingCalls(reports.map((r) => r.span));
  for (const { kept, absorbed } of pairs) {
    const a = callOf.get(kept)!;
    const b = callOf.get(absorbed)!;
    expect(kept.scope).not.toBe(absorbed.scope);
    if (a !== b) expect(alike(a, b)).toBe(true);
  }
  const inPairs = pairs.flatMap((p) => [p.kept.spanId, p.absorbed.spanId]);
  expect(new Set(inPairs).size).toBe(inPairs.length);
  if (everyCallTwice) expect(reports.length - pairs.length).toBe(calls);
}
