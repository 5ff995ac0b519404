// The viewer's one summing rule (callTotals): model events only, a call nested in another model call counted once,
// calls without a price counted (never as $0), and a sum that is additive over disjoint sessions (a run's total is
// the sum of its sessions'). Properties over random event forests (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { callTotals, eventUsage, USAGE_KEY_MARKERS, USAGE_KEYS, type CallUsageEvent, type Usage } from "../../packages/dev-server/src/domain/call-usage";

const usage = (input: number, output: number, cost: number | null, extra: Partial<Usage> = {}): Usage => ({ input_tokens: input, output_tokens: output, total_tokens: input + output, cost, ...extra });

describe("callTotals", () => {
  it("counts model events only, and a nested model call once", () => {
    const events: CallUsageEvent[] = [
      { id: "chain", parent: null, type: "chain", usage: usage(999, 999, 99) },
      { id: "outer", parent: "chain", type: "model", usage: usage(10, 5, 0.01, { cost_basis: "priced" }) },
      { id: "inner", parent: "outer", type: "model", usage: usage(10, 5, 0.01, { cost_basis: "priced" }) },
      { id: "wrapper", parent: "chain", type: "model", usage: null },
      { id: "tool", parent: "wrapper", type: "tool", usage: null },
      { id: "wrapped-a", parent: "tool", type: "model", usage: usage(1, 1, 0.001, { cost_basis: "estimated" }) },
      { id: "wrapped-b", parent: "wrapper", type: "model", usage: usage(2, 2, null, { unpriced_calls: 1 }) },
    ];
    const total = callTotals(events)!;
    expect(total).toMatchObject({ input_tokens: 13, output_tokens: 8, total_tokens: 21, cost_basis: "estimated", unpriced_calls: 1 });
    expect(total.cost).toBeCloseTo(0.011, 12);
  });

  it("has no cost, never 0, when no call has a price; survives parent cycles", () => {
    expect(callTotals([{ id: "a", parent: "b", type: "model", usage: usage(5, 5, null, { unpriced_calls: 1 }) }, { id: "b", parent: "a", type: "chain" }]))
      .toEqual({ input_tokens: 5, output_tokens: 5, total_tokens: 10, cost: null, unpriced_calls: 1 });
    expect(callTotals([])).toBeNull();
    expect(eventUsage({ event_type: "model", metadata: { prompt_tokens: 3, completion_tokens: 1 } })).toMatchObject({ cost: null, unpriced_calls: 1 });
    expect(eventUsage({ event_type: "model", metadata: { prompt_tokens: 3, cost: 0.5, cost_basis: "reported" } })).toMatchObject({ cost: 0.5, cost_basis: "reported" });
  });

  it("stops a parent chain at the first event met again, after a long chain too, and at 256 parents", () => {
    // A model call under 100 chain events that end in a cycle (x, a model call, and y): the call is nested in x, which
    // is counted once, with its own usage (a walk that went round the cycle would find x inside itself).
    const chain = (prefix: string, length: number, top: string): CallUsageEvent[] =>
      Array.from({ length }, (_, i) => ({ id: `${prefix}${i}`, parent: i === length - 1 ? top : `${prefix}${i + 1}`, type: "chain" }));
    const cycle: CallUsageEvent[] = [
      { id: "m", parent: "c0", type: "model", usage: usage(1, 1, null) }, ...chain("c", 100, "x"),
      { id: "x", parent: "y", type: "model", usage: usage(7, 3, null) }, { id: "y", parent: "x", type: "chain" },
    ];
    expect(callTotals(cycle)?.input_tokens).toBe(7);
    // A model call 300 parents below another: past the bound it is not nested, so both count.
    const deep: CallUsageEvent[] = [{ id: "m", parent: "d0", type: "model", usage: usage(1, 1, null) }, ...chain("d", 300, "top"),
      { id: "top", parent: null, type: "model", usage: usage(7, 3, null) }];
    expect(callTotals(deep)?.input_tokens).toBe(8);
    // 255 parents below (within the bound): nested, counted once.
    expect(callTotals([deep[0]!, ...chain("d", 254, "top"), deep.at(-1)!])?.input_tokens).toBe(7);
  });

  it("names the models without a price: per call, and in a total the first five, each once", () => {
    const unpriced = (model: string) => eventUsage({ event_type: "model", config: { model }, metadata: { prompt_tokens: 3 } });
    expect(unpriced("claude-unreleased-9")).toMatchObject({ cost: null, unpriced_calls: 1, unpriced_models: ["claude-unreleased-9"] });
    expect(eventUsage({ event_type: "model", config: { model: "gpt-4o" }, metadata: { prompt_tokens: 3, cost: 0.1 } })).not.toHaveProperty("unpriced_models");
    const names = ["m1", "m2", "m1", "m3", "m4", "m5", "m6"];
    const total = callTotals(names.map((m, i) => ({ id: `e${i}`, parent: null, type: "model", usage: unpriced(m) })));
    expect(total).toMatchObject({ unpriced_calls: 7, unpriced_models: ["m1", "m2", "m3", "m4", "m5"] });
  });

  it("is additive over disjoint sets of events (a run's total is the sum of its sessions')", () => {
    const call = fc.record({ input: fc.nat(10_000), output: fc.nat(10_000), cost: fc.option(fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1e6)), type: fc.constantFrom("model", "chain", "tool"), parent: fc.nat(20) });
    const session = fc.array(call, { maxLength: 20 });
    fc.assert(fc.property(fc.array(session, { minLength: 1, maxLength: 5 }), (sessions) => {
      const forests = sessions.map((calls, s) => calls.map((c, i): CallUsageEvent => ({
        id: `${s}-${i}`, parent: c.parent < i ? `${s}-${c.parent}` : null, type: c.type,
        usage: usage(c.input, c.output, c.cost, c.cost === null ? { unpriced_calls: 1 } : { cost_basis: "priced" }),
      })));
      const whole = callTotals(forests.flat());
      const parts = forests.map((f) => callTotals(f));
      const sum = (pick: (u: Usage) => number | null) => parts.reduce((s, u) => s + (u ? pick(u) ?? 0 : 0), 0);
      expect(whole?.input_tokens ?? 0).toBe(sum((u) => u.input_tokens));
      expect(whole?.output_tokens ?? 0).toBe(sum((u) => u.output_tokens));
      expect(whole?.cost ?? 0).toBeCloseTo(sum((u) => u.cost), 9);
      expect(whole?.unpriced_calls ?? 0).toBe(sum((u) => u.unpriced_calls ?? 0));
    }), { numRuns: 200 });
  });
});

describe("usage keys", () => {
  it("each contains a marker the session tree looks for before parsing a stored object (store/sqlite-tree-rows.ts)", () => {
    for (const key of USAGE_KEYS) expect(USAGE_KEY_MARKERS.some((marker) => key.includes(marker)), key).toBe(true);
  });

  it("many model calls nested in one outer call are summed once (20,000 of them)", () => {
    const events: CallUsageEvent[] = [{ id: "outer", parent: null, type: "model" }];
    for (let i = 0; i < 20_000; i++) events.push({ id: `c${i}`, parent: "outer", type: "model", usage: usage(1, 1, null) });
    expect(callTotals(events)?.input_tokens).toBe(20_000);
  });
});
