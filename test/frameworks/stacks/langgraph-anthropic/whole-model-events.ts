/**
 * The LangGraph + ChatAnthropic stack's bar, shared by its two setups: 80 LLM calls (20 datapoints x 2 runs x 2 turns)
 * -> 80 model events, none misrouted or doubled, each LangChain's run with its reply whole (text on every one, the
 * tool call on each tool-call turn), tokens on every one.
 */
import { expect } from "vitest";
import type { HoneyHiveEvent } from "../../../../packages/honeyhive/src/api-client/types";
import { type StackReport, DATAPOINTS, modelEvents } from "../../../routing/evaluate-stack";
import { unitMark } from "../../../routing/routing-check";
import type { StackRow } from "../../stack-row";
import { CALLS_PER_RUN } from "./langgraph-anthropic-shared";

/** LLM calls of the stack: per datapoint, two runs of the agent. */
export const STACK_CALLS = DATAPOINTS * 2 * CALLS_PER_RUN;

interface Reply {
  content?: unknown;
  tool_calls?: { function?: { name?: unknown; arguments?: unknown } }[];
}

/** The tool calls of a model event's reply, as `name(arguments)`. */
function toolCallsOf(event: HoneyHiveEvent): string[] {
  return ((event.outputs as Reply | undefined)?.tool_calls ?? []).map((c) => `${String(c.function?.name)}(${String(c.function?.arguments)})`);
}

/**
 * Asserts the stack's bar on its report and row: the streamed calls carry a time to first token in every setup (an
 * Anthropic instrumentation's span hands it over; alone, the first token LangChain's tracer records).
 */
export function expectWholeModelEvents(report: StackReport, row: StackRow): void {
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ expected: STACK_CALLS, arrived: STACK_CALLS, misrouted: 0, doubleCounted: 0, lost: 0, brokenLinks: 0 });
  for (const [i, events] of report.eventsByDatapoint.entries()) {
    const models = modelEvents(events);
    expect(models.map((e) => e.event_name)).toEqual(["ChatAnthropic", "ChatAnthropic", "ChatAnthropic", "ChatAnthropic"]);
    // every reply has its text (the tool-call turn's text block, the answer), none only a role
    for (const event of models) expect(String((event.outputs as Reply | undefined)?.content ?? "")).not.toBe("");
    // the two tool-call turns (invoked, streamed) carry their call; the answers none
    expect(models.flatMap(toolCallsOf).sort()).toEqual(["a", "b"].map((tag) => `lookup(${JSON.stringify({ word: `${unitMark(i)}${tag}` })})`));
    const streamed = models.filter((e) => typeof (e.metadata as Record<string, unknown>).time_to_first_token === "number");
    expect(streamed).toHaveLength(CALLS_PER_RUN);
  }
  expect(row.withTokens).toBe(`${STACK_CALLS}/${STACK_CALLS}`);
  const [withIo, ioOf] = row.withInputsOutputs.split("/");
  expect(withIo).toBe(ioOf);
}

/**
 * With a client instrumentation too: every call reported a second time, each twin a chain naming its call's model
 * event (`metadata.same_call_as`), so the call's tokens and cost are counted once.
 */
export function expectTwinsLinked(report: StackReport): void {
  let twinsSeen = 0;
  for (const events of report.eventsByDatapoint) {
    const models = modelEvents(events);
    const twins = events.filter((e) => (e.metadata as Record<string, unknown> | undefined)?.same_call_as !== undefined);
    expect(twins.map((e) => e.event_type)).toEqual(["chain", "chain", "chain", "chain"]);
    expect(new Set(twins.map((e) => String((e.metadata as Record<string, unknown>).same_call_as)))).toEqual(new Set(models.map((e) => e.event_id)));
    twinsSeen += twins.length;
  }
  expect(twinsSeen).toBe(STACK_CALLS);
}
