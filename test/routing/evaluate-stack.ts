/**
 * The framework routing check of issue 20 as a new user runs it: `evaluate()` over 20 datapoints at
 * `maxWorkers: 10` against the real dev server, each datapoint making two LLM calls through the framework under
 * test (the second streamed), then every session read back through the API's event export.
 *
 * Every prompt carries its datapoint's marker (`unit-<i>/`), so each model event names the datapoint that
 * caused it in its own content. A model event is misrouted when it sits in another datapoint's session (or
 * names no datapoint); a call is double-counted when more than one model event reports it.
 */
import { type DevServer, createDevServer } from "../../packages/dev-server/src/index";
import { type ApiClient, createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import type { HoneyHiveEvent } from "../../packages/honeyhive/src/api-client/types";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import type { AgentTrace } from "../../packages/honeyhive/src/index";
import { unitMark } from "./routing-check";
import { traceAgreement } from "./trace-agreement";

/** Datapoints per run. */
export const DATAPOINTS = 20;
/** LLM calls per datapoint (the second streamed). */
export const CALLS_PER_DATAPOINT = 2;
/** The tags of the two calls: `a` plain, `b` streamed. */
export const CALL_TAGS = ["a", "b"] as const;

/** Makes datapoint `i`'s two calls (prompts `unit-<i>/a` plain, `unit-<i>/b` streamed) and returns the answers. */
export type StackCalls = (i: number) => Promise<string[]>;

/** What one run measured (the figures of the issue's closing note). */
export interface StackReport {
  expected: number;
  /** Model events that arrived in any of the run's sessions. */
  arrived: number;
  /** Model events in another datapoint's session, or naming none. */
  misrouted: number;
  /** Model events beyond the first for one call (a call reported twice). */
  doubleCounted: number;
  /** Calls with no model event. */
  lost: number;
  /** Events whose `metadata.same_call_as` names no model event of their session (the link must be followable). */
  brokenLinks: number;
  /** Every event of the run's sessions, by datapoint. */
  eventsByDatapoint: HoneyHiveEvent[][];
  problems: string[];
}

const MARK = /\bunit-(\d+)\/([a-z])\b/;

/** The first `unit-<i>/<tag>` named anywhere in a model event's inputs, outputs or metadata. */
export function callOf(event: HoneyHiveEvent): { unit: number; tag: string } | undefined {
  const match = MARK.exec(JSON.stringify([event.inputs, event.outputs, event.metadata]));
  return match ? { unit: Number(match[1]), tag: match[2]! } : undefined;
}

async function sessionEvents(api: ApiClient, sessionId: string): Promise<HoneyHiveEvent[]> {
  const res = await api.events.export({ filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }], limit: 500 });
  if (!res.ok) throw new Error(res.error);
  return res.data.events;
}

/**
 * How a stack's datapoint calls the LLM: `tags` are the calls' letters (default `a` plain, `b` streamed), each call
 * `unit-<i>/<tag>` one expected model event; `checkAnswers: false` for frameworks whose answers are not the echo.
 */
export interface StackShape {
  tags?: readonly string[];
  checkAnswers?: boolean;
  /** LLM calls expected per tag when one call of the app makes several (a tool loop: tool-call turn + answer). Default 1. */
  callsPerTag?: Readonly<Record<string, number>>;
}

/** Runs the evaluation with `calls` as the function and reads every session back. */
export async function evaluateStack(options: { name: string; serverUrl: string; apiKey: string; api: ApiClient; calls: StackCalls; instrumentModules?: Record<string, unknown> } & StackShape): Promise<StackReport> {
  const tags = options.tags ?? CALL_TAGS;
  const dataset = Array.from({ length: DATAPOINTS }, (_, i) => ({ inputs: { unit: i } }));
  // every stack checks its evaluators' trace against what the dev server stored (issue 58 requirement 1)
  const traces = new Map<number, AgentTrace>();
  const result = await evaluate<{ unit: number }, Record<string, never>, string>({
    name: options.name, apiKey: options.apiKey, serverUrl: options.serverUrl, maxWorkers: 10, dataset,
    instrumentModules: options.instrumentModules, progress: false,
    evaluators: [function trace_kept(_outputs, inputs, _truth, context) {
      traces.set(inputs.unit, context.trace);
      return true;
    }],
    function: async function answer(inputs) {
      const answers = await options.calls(inputs.unit);
      const expected = tags.map((tag) => `echo: ${unitMark(inputs.unit)}${tag}`);
      if (options.checkAnswers !== false && answers.join("|") !== expected.join("|")) throw new Error(`datapoint ${inputs.unit}: unexpected answers ${answers.join("|")}`);
      return answers.join("|");
    },
  });
  if (result.status !== "completed") throw new Error(`evaluation ${result.status}`);
  const failed = result.datapoints.filter((d) => d.error !== undefined);
  if (failed.length > 0) throw new Error(`datapoints failed: ${failed.map((d) => String(d.error)).join("; ")}`);
  const eventsByDatapoint = await Promise.all(result.sessionIds.map((id) => sessionEvents(options.api, id)));
  const report = measure(eventsByDatapoint, tags, options.callsPerTag);
  for (const d of result.datapoints) {
    const unit = (d.inputs as { unit: number }).unit;
    for (const problem of traceAgreement(`datapoint ${unit}`, traces.get(unit), eventsByDatapoint[d.index] ?? [])) {
      if (report.problems.length < 10) report.problems.push(problem);
    }
  }
  return report;
}

/** Counts arrived, misrouted, double-counted and lost model events over the sessions of datapoints 0..n-1. */
export function measure(eventsByDatapoint: HoneyHiveEvent[][], tags: readonly string[] = CALL_TAGS, callsPerTag: Readonly<Record<string, number>> = {}): StackReport {
  const perUnit = tags.reduce((sum, tag) => sum + (callsPerTag[tag] ?? 1), 0);
  const report: StackReport = { expected: eventsByDatapoint.length * perUnit, arrived: 0, misrouted: 0, doubleCounted: 0, lost: 0, brokenLinks: 0, eventsByDatapoint, problems: [] };
  const note = (text: string): void => void (report.problems.length < 10 && report.problems.push(text));
  const seen = new Map<string, number>();
  eventsByDatapoint.forEach((events, datapoint) => {
    const modelIds = new Set(events.filter((e) => e.event_type === "model").map((e) => e.event_id));
    for (const event of events) {
      const link = (event.metadata as Record<string, unknown> | undefined)?.same_call_as;
      if (link !== undefined && !modelIds.has(link as string)) {
        report.brokenLinks++;
        note(`${event.event_name}'s metadata.same_call_as ${String(link)} names no model event of datapoint ${datapoint}'s session`);
      }
      if (event.event_type !== "model") continue;
      report.arrived++;
      const call = callOf(event);
      if (call === undefined || call.unit !== datapoint) {
        report.misrouted++;
        note(`model event ${event.event_name} of ${call ? `unit ${call.unit}` : "no unit"} in datapoint ${datapoint}'s session`);
        continue;
      }
      const key = `${call.unit}/${call.tag}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  });
  for (let unit = 0; unit < eventsByDatapoint.length; unit++) {
    for (const tag of tags) {
      const count = seen.get(`${unit}/${tag}`) ?? 0;
      const want = callsPerTag[tag] ?? 1;
      if (count < want) {
        report.lost += want - count;
        note(`call ${unit}/${tag}: ${count} of ${want} model events`);
      } else if (count > want) {
        report.doubleCounted += count - want;
        note(`call ${unit}/${tag}: ${count} model events for ${want} calls`);
      }
    }
  }
  return report;
}

/** The dev server (in memory) the stack tests evaluate against, and an API client reading it back. */
export interface StackBackend {
  readonly server: DevServer;
  readonly api: ApiClient;
  /** Runs {@link evaluateStack} against this backend. */
  evaluate(name: string, calls: StackCalls, instrumentModules?: Record<string, unknown>, shape?: StackShape): Promise<StackReport>;
  close(): Promise<void>;
}

/** Starts a dev server for a stack test. Always `close()` it. */
export async function startStackBackend(): Promise<StackBackend> {
  const server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  const api = createApiClient({ serverUrl: server.url, apiKey: "local" });
  return {
    server, api,
    evaluate: (name, calls, instrumentModules, shape) => evaluateStack({ name, serverUrl: server.url, apiKey: "local", api, calls, instrumentModules, ...shape }),
    close: () => server.close(),
  };
}

/** Model events of one datapoint's session. */
export function modelEvents(events: readonly HoneyHiveEvent[]): HoneyHiveEvent[] {
  return events.filter((e) => e.event_type === "model");
}
