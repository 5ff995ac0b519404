/**
 * The one rule of what an agent did, from the ended spans (stored events) of its session:
 *
 * - every `model` event is a model call; every `tool` event a tool call, except one nested in a tool event of the same
 *   name (the same call reported twice, e.g. both sides of an in-process MCP call);
 * - a tool call a model's reply asked for is the tool event that ran it (the same call id, else the first tool event
 *   of that name not yet paired that started after the model call did), with the arguments the model gave it (what
 *   the agent asked for, whatever shape the app passed them on in); one that no tool event ran is a tool call of its
 *   own, recorded by the model (`recordedBy: "model"`), placed at the end of that model call, its result read on
 *   demand from the tool message answering it in a later call's conversation;
 * - calls are in the order they started (a call only a model recorded right after that model call); the steps
 *   interleave both kinds by that order.
 *
 * Pure: what costs something to read (arguments, results, a model's facts, the conversations sent) is read through the
 * events' functions, the conversations only when a result is asked for.
 */
import { parsedArguments } from "./tool-values";
import type { ModelCall, ModelFacts, RequestedToolCall, SentMessage, ToolCall, TraceEvent, TraceStep, TraceTotals } from "./trace-types";

/** What {@link assembleTrace} finds. */
export interface AssembledTrace {
  readonly toolCalls: readonly ToolCall[];
  readonly modelCalls: readonly ModelCall[];
  readonly steps: readonly TraceStep[];
  readonly totals: TraceTotals;
}

/** Deepest ancestor chain followed when looking for an enclosing tool event. */
const MAX_ANCESTORS = 64;

/** A model call with its event, its facts and its position in the events' order. */
interface ModelEntry {
  readonly event: TraceEvent;
  readonly facts: ModelFacts | undefined;
  readonly order: number;
}

/** A tool call under construction: its event (absent for a call only a model recorded) and its position. */
interface ToolEntry {
  readonly event: TraceEvent | undefined;
  /** The order of the events for sorting: the tool event's, or the asking model event's plus a fraction. */
  readonly order: number;
  readonly startMs: number;
  /** Where it sorts: its start, or for a call only a model recorded its model call's start (right after that call). */
  readonly sortMs: number;
  id: string | undefined;
  /** The model's request this call answers, when a model call recorded one. */
  requested?: { readonly call: RequestedToolCall; readonly by: ModelEntry };
}

function byStart(a: TraceEvent, b: TraceEvent): number {
  return a.startMs - b.startMs;
}

/** True when `event` has an ancestor tool event of the same name (the same call reported by two layers). */
function nestedInSameTool(event: TraceEvent, byId: ReadonlyMap<string, TraceEvent>): boolean {
  let parentId = event.parentId;
  for (let depth = 0; parentId !== undefined && depth < MAX_ANCESTORS; depth++) {
    const parent = byId.get(parentId);
    if (parent === undefined) return false;
    if (parent.type === "tool" && parent.name === event.name) return true;
    parentId = parent.parentId;
  }
  return false;
}

function readFacts(event: TraceEvent): ModelFacts | undefined {
  try {
    return event.modelFacts?.();
  } catch {
    return undefined; // unreadable facts: a model call with none
  }
}

/**
 * The tool events a requested call may pair with, indexed (linear in the calls, not their product): by call id, and
 * per name those with no id, in start order. `byName` hands out the first not yet paired that started at or after a
 * time; models are asked in start order, so its cursor only moves forward.
 */
class ToolIndex {
  readonly #byId = new Map<string, ToolEntry[]>();
  readonly #byName = new Map<string, { readonly list: ToolEntry[]; next: number }>();
  constructor(tools: readonly ToolEntry[], private readonly paired: ReadonlySet<ToolEntry>) {
    for (const tool of tools) {
      if (tool.id !== undefined) (this.#byId.get(tool.id) ?? this.#byId.set(tool.id, []).get(tool.id)!).push(tool);
      else if (tool.event !== undefined) {
        const name = tool.event.name;
        (this.#byName.get(name) ?? this.#byName.set(name, { list: [], next: 0 }).get(name)!).list.push(tool);
      }
    }
  }

  withId(id: string | undefined): ToolEntry | undefined {
    return id === undefined ? undefined : this.#byId.get(id)?.find((t) => !this.paired.has(t));
  }

  named(name: string, startedFrom: number): ToolEntry | undefined {
    const queue = this.#byName.get(name);
    if (queue === undefined) return undefined;
    while (queue.next < queue.list.length && this.paired.has(queue.list[queue.next]!)) queue.next++;
    for (let i = queue.next; i < queue.list.length; i++) {
      const tool = queue.list[i]!;
      if (!this.paired.has(tool) && tool.id === undefined && tool.startMs >= startedFrom) return tool;
    }
    return undefined;
  }
}

/** Pairs each call a model asked for with the tool event that ran it; returns the calls no tool event ran. */
function pairRequests(models: readonly ModelEntry[], tools: ToolEntry[]): ToolEntry[] {
  const paired = new Set<ToolEntry>();
  const index = new ToolIndex(tools, paired);
  const unran: ToolEntry[] = [];
  for (const model of models) {
    const requested = model.facts?.requested ?? [];
    requested.forEach((call, i) => {
      const ran = index.withId(call.id) ?? index.named(call.name, model.event.startMs);
      if (ran !== undefined) {
        paired.add(ran);
        ran.id ??= call.id;
        ran.requested = { call, by: model };
        return;
      }
      const order = model.order + (i + 1) / (requested.length + 1);
      unran.push({ event: undefined, order, startMs: model.event.endMs, sortMs: model.event.startMs, id: call.id, requested: { call, by: model } });
    });
  }
  return unran;
}

/** Reads results of calls only a model recorded: the tool message answering each, in the conversations sent later. */
class SentResults {
  readonly #read = new Map<TraceEvent, readonly SentMessage[]>();
  constructor(private readonly models: readonly ModelEntry[]) {}

  resultOf(entry: ToolEntry): unknown {
    const request = entry.requested;
    if (request === undefined) return undefined;
    for (const model of this.models) {
      if (model.order <= request.by.order) continue;
      const answer = this.#messages(model.event).find((m) => m.role === "tool" && (entry.id !== undefined ? m.toolCallId === entry.id : m.name === request.call.name));
      if (answer !== undefined) return typeof answer.content === "string" ? parsedArguments(answer.content) : answer.content;
    }
    return undefined;
  }

  #messages(event: TraceEvent): readonly SentMessage[] {
    let messages = this.#read.get(event);
    if (messages === undefined) {
      try {
        messages = event.sentMessages?.() ?? [];
      } catch {
        messages = [];
      }
      this.#read.set(event, messages);
    }
    return messages;
  }
}

function safeRead(read: (() => unknown) | undefined): unknown {
  try {
    return read?.();
  } catch {
    return undefined;
  }
}

/** The public tool call of an entry (a call only a model recorded reads its result on first access). */
function toolCallOf(entry: ToolEntry, index: number, results: SentResults): ToolCall {
  const event = entry.event;
  if (event !== undefined) {
    const args = entry.requested !== undefined ? parsedArguments(entry.requested.call.arguments) : safeRead(event.toolArguments);
    const call: ToolCall = {
      index, name: event.name, arguments: args, result: safeRead(event.toolResult), recordedBy: "tool",
      startMs: event.startMs, durationMs: Math.max(0, event.endMs - event.startMs), spanId: event.id,
      ...(event.error !== undefined ? { error: event.error } : {}), ...(entry.id !== undefined ? { id: entry.id } : {}),
    };
    return call;
  }
  const request = entry.requested!;
  const call = {
    index, name: request.call.name, arguments: parsedArguments(request.call.arguments), result: undefined as unknown, recordedBy: "model" as const,
    startMs: entry.startMs, spanId: request.by.event.id, ...(entry.id !== undefined ? { id: entry.id } : {}),
  };
  let result: { value: unknown } | undefined;
  Object.defineProperty(call, "result", { enumerable: true, get: () => (result ??= { value: results.resultOf(entry) }).value });
  return call;
}

function modelCallOf(entry: ModelEntry, index: number): ModelCall {
  const { event, facts } = entry;
  const call: Record<string, unknown> = {
    index, latencyMs: Math.max(0, event.endMs - event.startMs), reply: facts?.reply ?? "", requestedTools: (facts?.requested ?? []).map((r) => r.name),
    startMs: event.startMs, spanId: event.id,
  };
  if (facts !== undefined) {
    for (const key of ["model", "provider", "inputTokens", "outputTokens", "totalTokens", "cost", "timeToFirstTokenMs"] as const) {
      if (facts[key] !== undefined) call[key] = facts[key];
    }
  }
  if (event.error !== undefined) call.error = event.error;
  return call as unknown as ModelCall;
}

function totalsOf(events: readonly TraceEvent[], models: readonly ModelCall[], tools: readonly ToolCall[]): TraceTotals {
  let inputTokens = 0;
  let outputTokens = 0;
  let totalTokens = 0;
  let cost = 0;
  let unpricedCalls = 0;
  for (const m of models) {
    inputTokens += m.inputTokens ?? 0;
    outputTokens += m.outputTokens ?? 0;
    totalTokens += m.totalTokens ?? (m.inputTokens ?? 0) + (m.outputTokens ?? 0);
    if (m.cost === undefined) unpricedCalls++;
    else cost += m.cost;
  }
  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    if (e.startMs < first) first = e.startMs;
    if (e.endMs > last) last = e.endMs;
  }
  return {
    steps: models.length + tools.length, modelCalls: models.length, toolCalls: tools.length, toolErrors: tools.filter((t) => t.error !== undefined).length,
    inputTokens, outputTokens, totalTokens, cost, unpricedCalls, durationMs: events.length === 0 ? 0 : Math.max(0, last - first),
  };
}

/** The tool calls, model calls, steps and totals of a session's events (see the module comment). */
export function assembleTrace(input: readonly TraceEvent[]): AssembledTrace {
  const events = [...input].sort(byStart);
  const byId = new Map<string, TraceEvent>();
  for (const event of events) byId.set(event.id, event);
  const models: ModelEntry[] = [];
  const tools: ToolEntry[] = [];
  events.forEach((event, order) => {
    if (event.type === "model") models.push({ event, facts: readFacts(event), order });
    else if (event.type === "tool" && !nestedInSameTool(event, byId)) tools.push({ event, order, startMs: event.startMs, sortMs: event.startMs, id: event.toolCallId });
  });
  const entries = [...tools, ...pairRequests(models, tools)].sort((a, b) => a.sortMs - b.sortMs || a.order - b.order);
  const results = new SentResults(models);
  const toolCalls = entries.map((entry, i) => toolCallOf(entry, i, results));
  const modelCalls = models.map(modelCallOf);
  const steps: (TraceStep & { at: number; order: number })[] = [
    ...modelCalls.map((call, i) => ({ kind: "model" as const, call, at: call.startMs, order: models[i]!.order })),
    ...toolCalls.map((call, i) => ({ kind: "tool" as const, call, at: entries[i]!.sortMs, order: entries[i]!.order })),
  ];
  steps.sort((a, b) => a.at - b.at || a.order - b.order);
  return { toolCalls, modelCalls, steps: steps.map(({ kind, call }) => ({ kind, call }) as TraceStep), totals: totalsOf(events, modelCalls, toolCalls) };
}
