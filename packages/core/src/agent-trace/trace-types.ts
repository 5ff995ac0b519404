/**
 * What an agent did, as evaluators read it: its tool calls and model calls in the order it made them. The SDK builds
 * it from the spans a tracer holds for a session (`evaluate()`'s datapoints, online evaluation's sessions); the dev
 * server from the events it stored (the viewer's trajectory and the comparison's divergence). Both read through the
 * one rule of `assemble-trace.ts`.
 */

/** One tool call of the agent, in the order it made them. */
export interface ToolCall {
  /** 0-based position among the trace's tool calls. */
  readonly index: number;
  /** The tool's name. */
  readonly name: string;
  /**
   * The arguments, parsed: an object for the usual JSON object of arguments (text that is not JSON stays text;
   * `undefined` when nothing recorded them).
   */
  readonly arguments: unknown;
  /**
   * What the tool returned (`undefined` when nothing recorded it). A result recorded as text that holds JSON is that
   * JSON's value.
   */
  readonly result: unknown;
  /** The tool's error message, when it failed. */
  readonly error?: string;
  /** The id the model gave the call (`call_…`, `toolu_…`), when one was recorded. */
  readonly id?: string;
  /**
   * What recorded it: `"tool"`, a span (event) of the tool's own run; `"model"`, only the model's reply that asked
   * for it (the app ran the tool untraced; its result is then read from the conversation the next call sent).
   */
  readonly recordedBy: "tool" | "model";
  /** When it started (ms since the epoch): the tool span's start, else the end of the model call that asked for it. */
  readonly startMs: number;
  /** How long the tool ran, ms (`undefined` when only the model's request recorded it). */
  readonly durationMs?: number;
  /** The span (event) that recorded it: the tool's, else the asking model call's. */
  readonly spanId: string;
}

/** One model (LLM) call of the agent. */
export interface ModelCall {
  /** 0-based position among the trace's model calls. */
  readonly index: number;
  /** The model that answered (else the one asked for). */
  readonly model?: string;
  /** The provider's one name (`openai`, `anthropic`, `aws.bedrock`, …). */
  readonly provider?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly totalTokens?: number;
  /** US dollars: the cost the call reported, else its price from its tokens where a price table is at hand. */
  readonly cost?: number;
  /** From the request to the end of the answer, ms. */
  readonly latencyMs: number;
  /** From the request to the first streamed chunk, ms (streamed calls that recorded it). */
  readonly timeToFirstTokenMs?: number;
  /** The reply's text ("" when the reply only asked for tools). */
  readonly reply: string;
  /** The tools the reply asked for, by name, in order. */
  readonly requestedTools: readonly string[];
  /** When it started (ms since the epoch). */
  readonly startMs: number;
  /** The call's error message, when it failed. */
  readonly error?: string;
  /** The span (event) that recorded it. */
  readonly spanId: string;
}

/** One step of the agent: a model call or a tool call, in the order they happened. */
export type TraceStep = { readonly kind: "model"; readonly call: ModelCall } | { readonly kind: "tool"; readonly call: ToolCall };

/** Sums over a trace. */
export interface TraceTotals {
  /** Model calls plus tool calls. */
  readonly steps: number;
  readonly modelCalls: number;
  readonly toolCalls: number;
  /** Tool calls that failed. */
  readonly toolErrors: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  /** US dollars over the priced calls (0 when none is priced; see {@link TraceTotals.unpricedCalls}). */
  readonly cost: number;
  /** Model calls whose cost is unknown (no reported cost and no price): {@link TraceTotals.cost} leaves them out. */
  readonly unpricedCalls: number;
  /** From the first recorded start to the last recorded end, ms (0 for an empty trace). */
  readonly durationMs: number;
}

/** A tool call a model's reply asked for. */
export interface RequestedToolCall {
  readonly id?: string;
  readonly name: string;
  /** The arguments as the reply gave them (JSON text, usually). */
  readonly arguments: unknown;
}

/** What a model event says of its call (cheap to read: the conversation sent is read apart, on demand). */
export interface ModelFacts {
  readonly model?: string;
  readonly provider?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly totalTokens?: number;
  readonly cost?: number;
  readonly timeToFirstTokenMs?: number;
  readonly reply: string;
  readonly requested: readonly RequestedToolCall[];
}

/** A message of the conversation a model call sent, as far as tool results go. */
export interface SentMessage {
  readonly role: string;
  readonly content: unknown;
  readonly toolCallId?: string;
  readonly name?: string;
}

/**
 * One ended span or stored event as the trace reads it. What costs something to read is behind a function, read
 * only when the trace needs it.
 */
export interface TraceEvent {
  readonly id: string;
  readonly parentId?: string;
  /** Its HoneyHive event type (`model`, `tool`, `chain`, …). */
  readonly type: string;
  /** Its event name (a tool event: the tool's name). */
  readonly name: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly error?: string;
  /** A tool event: the id of the call it ran, when recorded. */
  readonly toolCallId?: string;
  /** A tool event: its arguments (see `tool-values.ts`). */
  readonly toolArguments?: () => unknown;
  /** A tool event: its result (see `tool-values.ts`). */
  readonly toolResult?: () => unknown;
  /** A model event: what it says of its call. */
  readonly modelFacts?: () => ModelFacts | undefined;
  /** A model event: the conversation it sent (read only for results no tool event recorded). */
  readonly sentMessages?: () => readonly SentMessage[];
}

/** One ended span of the session, as the trace shows it. */
export interface TraceSpan {
  readonly spanId: string;
  /** The parent span, when it has one. */
  readonly parentSpanId?: string;
  /** Its event name (a tool span: the tool's name). */
  readonly name: string;
  /** Its HoneyHive event type (`model`, `tool`, `chain`, …). */
  readonly eventType: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly durationMs: number;
  /** Its error message, when it failed. */
  readonly error?: string;
  /** The instrumentation scope that recorded it (`honeyhive` for the SDK's own spans). */
  readonly scope?: string;
  /** Its attributes as they were exported. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/**
 * A session's trace, as evaluators receive it: what the agent did (tool calls, model calls, the steps in order, their
 * totals) and the spans it was read from. The evaluation's own work (evaluators, LLM judges, a simulated user) is
 * left out.
 */
export interface AgentTrace {
  /** The session (an `evaluate()` datapoint's, or the session online evaluation judges). */
  readonly sessionId: string;
  /** Tool calls in the order the agent made them. */
  readonly toolCalls: readonly ToolCall[];
  /** Model calls in the order they started. */
  readonly modelCalls: readonly ModelCall[];
  /** Model and tool calls interleaved in order. */
  readonly steps: readonly TraceStep[];
  readonly totals: TraceTotals;
  /** The ended spans, in the order they started. */
  readonly spans: readonly TraceSpan[];
  /** Spans of the session not kept (beyond the bound per session): above 0, the trace is incomplete. */
  readonly droppedSpans: number;
}
