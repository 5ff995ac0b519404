/**
 * The trajectory and tool-call scorers of `honeyhive/evaluators`, on worked examples in the style the peers publish
 * theirs (a weather-and-activities agent for the trajectory modes, a support agent for the assertions and budgets).
 * Each trace is assembled by the one rule (core `agent-trace/assemble-trace`) from events shaped as the SDK reads
 * spans; the scorers get it as evaluate() gives it, in the fourth argument.
 */
import { describe, expect, it } from "vitest";
import { assembleTrace } from "../../packages/core/src/agent-trace/assemble-trace";
import type { AgentTrace, TraceEvent } from "../../packages/core/src/agent-trace/trace-types";
import {
  budget, calledInOrder, calledTool, maxToolCalls, neverCalled, noToolErrors, toolAssertions, trajectoryMatch,
} from "../../packages/honeyhive/src/evaluators";

/** One step of a worked example: a tool call, or a model call with its usage. */
type Step = { tool: string; args?: unknown; result?: unknown; error?: string } | { model: string; tokens?: [number, number]; cost?: number; asks?: string[] };

/** The trace of `steps`, one per 10 ms (tool calls run untraced by the model's request are not used here). */
function traceOf(steps: readonly Step[]): AgentTrace {
  const events: TraceEvent[] = steps.map((step, i) => {
    const at = { id: `s${i}`, startMs: 1_000 + i * 10, endMs: 1_005 + i * 10 };
    if ("tool" in step) {
      return { ...at, type: "tool", name: step.tool, toolArguments: () => step.args, toolResult: () => step.result, ...(step.error ? { error: step.error } : {}) };
    }
    const [input, output] = step.tokens ?? [10, 5];
    return {
      ...at, type: "model", name: "chat",
      modelFacts: () => ({ model: step.model, inputTokens: input, outputTokens: output, totalTokens: input + output, cost: step.cost, reply: "", requested: [] }),
    };
  });
  return { sessionId: "s", ...assembleTrace(events), spans: [], droppedSpans: 0 };
}

const context = (steps: readonly Step[]) => ({ trace: traceOf(steps) });
const score = async (scorer: (...a: any[]) => any, steps: readonly Step[], groundTruth?: unknown, outputs: unknown = "done") => scorer(outputs, {}, groundTruth, context(steps));

const SF = { city: "SF" };
const weather = { tool: "get_weather", args: SF, result: "sunny" };
const activities = { tool: "get_fun_activities", args: SF, result: ["museum"] };
const restaurant = { tool: "book_restaurant", args: { city: "SF", time: "19:00" }, result: "booked" };

describe("trajectoryMatch: worked examples", () => {
  it("strict: the weather agent called get_weather with the reference arguments, and nothing else", async () => {
    const truth = { trajectory: [{ name: "get_weather", arguments: SF }] };
    expect(await score(trajectoryMatch(), [weather], truth)).toEqual({ score: true });
    // another city: the arguments differ at step 1
    expect(await score(trajectoryMatch(), [{ ...weather, args: { city: "San Francisco" } }], truth)).toEqual({
      score: false, explanation: 'step 1: get_weather called with {"city":"San Francisco"}, expected {"city":"SF"}',
    });
    // a custom matcher for that tool accepts both spellings
    const lenient = trajectoryMatch({ toolArgs: { get_weather: (a: any, e: any) => [a.city, e.city].every((c) => /^(SF|San Francisco)$/.test(c)) } });
    expect(await score(lenient, [{ ...weather, args: { city: "San Francisco" } }], truth)).toEqual({ score: true });
  });

  it("strict names the first step where the trajectories part", async () => {
    const truth = ["lookup_order", "refund_order", "notify"];
    expect(await score(trajectoryMatch(), [{ tool: "lookup_order" }, { tool: "lookup_order" }, { tool: "notify" }], truth)).toEqual({
      score: false, explanation: "step 2: expected refund_order, got lookup_order",
    });
    expect(await score(trajectoryMatch(), [{ tool: "lookup_order" }, { tool: "refund_order" }], truth)).toEqual({ score: false, explanation: "step 3: expected notify, got no further call" });
    expect(await score(trajectoryMatch(), [{ tool: "lookup_order" }, { tool: "refund_order" }, { tool: "notify" }, { tool: "notify" }], truth)).toEqual({ score: false, explanation: "step 4: got an extra call notify" });
  });

  it("unordered: the same calls in another order", async () => {
    const truth = { tool_calls: [{ name: "get_weather", args: SF }, { name: "get_fun_activities", args: SF }] };
    expect(await score(trajectoryMatch(), [activities, weather], truth)).toMatchObject({ score: false });
    expect(await score(trajectoryMatch({ mode: "unordered" }), [activities, weather], truth)).toEqual({ score: true });
    expect(await score(trajectoryMatch({ mode: "unordered" }), [activities, weather, weather], truth)).toEqual({ score: false, explanation: 'unordered: unexpected get_weather({"city":"SF"})' });
  });

  it("superset: every reference call was made, more are allowed; subset: no call outside the reference", async () => {
    const truth = [{ name: "get_weather", arguments: SF }];
    const more = [weather, activities, restaurant];
    expect(await score(trajectoryMatch({ mode: "superset" }), more, truth)).toEqual({ score: true });
    expect(await score(trajectoryMatch({ mode: "subset" }), more, truth)).toEqual({
      score: false, explanation: 'subset: unexpected get_fun_activities({"city":"SF"}), book_restaurant({"city":"SF","time":"19:00"})',
    });
    const reference = [{ name: "get_weather", arguments: SF }, { name: "get_fun_activities", arguments: SF }];
    expect(await score(trajectoryMatch({ mode: "subset" }), [weather], reference)).toEqual({ score: true });
    expect(await score(trajectoryMatch({ mode: "superset" }), [weather], reference)).toEqual({ score: false, explanation: 'superset: missing get_fun_activities({"city":"SF"})' });
  });

  it("argument modes: exact, superset (at least these), subset (nothing beyond these), ignore; matchers among the values", async () => {
    const truth = [{ name: "book_restaurant", arguments: { city: "SF" } }];
    expect(await score(trajectoryMatch({ args: "exact" }), [restaurant], truth)).toMatchObject({ score: false });
    expect(await score(trajectoryMatch({ args: "superset" }), [restaurant], truth)).toEqual({ score: true });
    expect(await score(trajectoryMatch({ args: "subset" }), [restaurant], truth)).toMatchObject({ score: false });
    expect(await score(trajectoryMatch({ args: "subset" }), [restaurant], [{ name: "book_restaurant", arguments: { city: "SF", time: "19:00", party: 2 } }])).toEqual({ score: true });
    expect(await score(trajectoryMatch({ args: "ignore" }), [restaurant], [{ name: "book_restaurant", arguments: { city: "LA" } }])).toEqual({ score: true });
    const matcher = [{ name: "book_restaurant", arguments: { city: "SF", time: (t: string) => t >= "18:00" } }];
    expect(await score(trajectoryMatch(), [restaurant], matcher)).toEqual({ score: true });
    expect(await score(trajectoryMatch(), [{ ...restaurant, args: { city: "SF", time: "12:00" } }], matcher)).toMatchObject({ score: false });
    // per-tool keys: only the city is compared for this tool
    expect(await score(trajectoryMatch({ toolArgs: { book_restaurant: ["city"] } }), [restaurant], [{ name: "book_restaurant", arguments: { city: "SF", time: "20:00" } }])).toEqual({ score: true });
  });

  it("a reference given by name only matches any arguments; options are checked where they are given", async () => {
    expect(await score(trajectoryMatch({ expected: ["get_weather"] }), [weather])).toEqual({ score: true });
    expect(() => trajectoryMatch({ mode: "exact" as never })).toThrow(/mode must be one of/);
    expect(() => trajectoryMatch({ args: "loose" as never })).toThrow(/args must be one of/);
    // an unknown key is an error naming the closest key, whatever the resilience mode (the options decide the verdict)
    expect(() => trajectoryMatch({ modes: "strict" } as never)).toThrow('trajectoryMatch: unknown option "modes" (did you mean "mode"?)');
    await expect(async () => score(trajectoryMatch(), [weather], { answer: 1 })).rejects.toThrow(/no expected tool calls/);
    await expect(async () => trajectoryMatch()("x", {}, ["get_weather"])).rejects.toThrow(/no trace to judge/);
  });
});

describe("toolAssertions: worked examples", () => {
  const refund = [{ tool: "lookup_order", args: { order_id: "A1" } }, { tool: "refund_order", args: { order_id: "A1", amount: 25 }, result: { refunded: 25 } }];

  it("called with arguments matching, at most N times, never Z, in order, no tool error, at most N calls: all hold", async () => {
    const scorer = toolAssertions([
      calledTool("refund_order", { args: { order_id: "A1" }, atMost: 1 }),
      neverCalled("delete_account"),
      calledInOrder(["lookup_order", "refund_order"]),
      noToolErrors(),
      maxToolCalls(3),
    ]);
    expect(await score(scorer, refund)).toEqual({ score: true });
  });

  it("each failing assertion names itself and why", async () => {
    const scorer = toolAssertions([
      calledTool("refund_order", { args: { amount: (n: number) => n <= 20 } }),
      neverCalled("delete_account"),
      { inOrder: ["refund_order", "lookup_order"] },
      noToolErrors(),
      { maxToolCalls: 2, label: "stays short" },
    ]);
    const steps = [...refund, { tool: "delete_account", args: { id: 7 } }, { tool: "notify", error: "smtp down" }];
    const result = await score(scorer, steps);
    expect(result.score).toBe(false);
    expect(result.explanation).toBe(
      "5 of 5 failed: calls refund_order({\"amount\":\"<matcher>\"}): called 1 time, 0 with matching arguments (first: refund_order({\"amount\":25,\"order_id\":\"A1\"})); " +
      "never calls delete_account: called at tool call 3; calls refund_order, then lookup_order: lookup_order is not called after refund_order; " +
      "no tool error: notify (tool call 4) failed: smtp down; stays short: 4 tool calls",
    );
  });

  it("counts: times, at least; declarative assertions are checked when made", async () => {
    expect(await score(toolAssertions([calledTool("lookup_order", { times: 2 })]), refund)).toEqual({
      score: false, explanation: "1 of 1 failed: calls lookup_order 2 times: called 1 time",
    });
    expect(await score(toolAssertions([{ called: "lookup_order", atLeast: 1 }]), refund)).toEqual({ score: true });
    expect(() => toolAssertions([])).toThrow(/non-empty list/);
    expect(() => toolAssertions([{ called: "x", never: "y" } as never])).toThrow(/exactly one of/);
    expect(() => toolAssertions([{ called: "x", atMots: 1 } as never])).toThrow(/unknown option "atMots" \(did you mean "atMost"\?\)/);
    expect(() => toolAssertions([{ maxToolCalls: -1 }])).toThrow(/wrong type/);
    expect(() => toolAssertions([calledTool("x", { argsMode: "loose" as never })])).toThrow(/argsMode must be one of/);
  });
});

describe("budget: worked examples", () => {
  const run: Step[] = [
    { model: "gpt-4o-mini", tokens: [1000, 200], cost: 0.0003 }, { tool: "search" },
    { model: "gpt-4o-mini", tokens: [1500, 300], cost: 0.0004 }, { tool: "search" },
    { model: "gpt-4o-mini", tokens: [2000, 100], cost: 0.0004 },
  ];

  it("within every limit: the measures are recorded beside the score", async () => {
    const result = await score(budget({ maxSteps: 5, maxModelCalls: 3, maxTokens: 5_100, maxCostUsd: 0.002 }), run);
    expect(result).toMatchObject({ score: true, steps: 5, model_calls: 3, tool_calls: 2, tokens: 5100 });
    expect(result.cost_usd).toBeCloseTo(0.0011, 10);
  });

  it("each limit passed is named", async () => {
    const result = await score(budget({ maxModelCalls: 2, maxTokens: 5_000, maxToolCalls: 2 }), run);
    expect(result).toMatchObject({ score: false, explanation: "model calls 3 > 2; tokens 5100 > 5000" });
  });

  it("a cost limit with a call of unknown cost fails, naming the model", async () => {
    const result = await score(budget({ maxCostUsd: 1 }), [...run, { model: "my-local-model", tokens: [10, 10] }]);
    expect(result).toMatchObject({ score: false, explanation: "cost unknown: 1 model call has no price (my-local-model)" });
    expect(() => budget({})).toThrow(/at least one limit/);
    expect(() => budget({ maxTokens: -1 })).toThrow(/non-negative number/);
  });
});
