/**
 * The sibling half of "one LLM call is one model event" (decision records 0005 and 0009), beside the nested rule
 * of `model-call.ts`. Two instrumentations can report the same provider call as two model spans neither of which
 * encloses the other: the OpenAI Agents SDK's `response` span (OpenInference's trace processor, never the active
 * context) next to the OpenAI client instrumentation's `OpenAI Responses` span; LangChain's LLM run span (never made
 * current) next to a provider instrumentation's span. Shared by the SDK (decided before export, with a bounded hold:
 * `processing/sibling-hold.ts`) and the dev server's ingest (spans that arrive without the SDK's decision).
 *
 * **Same call** ({@link isSameCall}) — all of:
 * - two different spans from two different instrumentation scopes (one instrumentation never reports a call twice,
 *   so two calls of one instrumentation, however alike, are never merged);
 * - the same session;
 * - overlapping times (with {@link CLOCK_TOLERANCE_MS} for instrumentations that record millisecond timestamps);
 * - the same request as both record it: the same last user message, the same model when both name one (`gpt-4o`
 *   matches `gpt-4o-2024-08-06` and `openai/gpt-4o`), and the same answer when both recorded one (text, else the
 *   tool calls' names and arguments). A tool result is never the user's message, in either wire format: Anthropic
 *   sends it as a `user` message of `tool_result` blocks where LangChain records a `tool` message, so the turn after
 *   a tool result is one call for both (`isToolResult`);
 * - or, when one of the two recorded **no content at all** (no prompt, no answer, no content attribute): the same
 *   model (both must name one) and the same input and output token counts (both required). Such a report is a
 *   provider SDK's built-in telemetry with content capture off: `@anthropic-ai/sdk`'s `anthropic.messages.create`,
 *   which its `messages.stream()` helper starts beside, not inside, the instrumentation's `Anthropic Messages`. A
 *   span whose content cannot be read (a masked prompt) is never merged. Two concurrent calls alike in model and
 *   tokens may be paired across, which still counts each call once.
 *
 * **Which is kept** ({@link decideSiblingCall}): the one whose prompt is readable (the call's messages), then the one
 * with token usage (a streamed call's client span often has none), then the one placed **in its own
 * instrumentation's tree** — its parent is a span of its own scope, where a framework puts the call as the application
 * made it (the Agents SDK's agent → turn → response, LangChain's chain → LLM run) — over one whose parent is of
 * another scope or absent (a client instrumentation's span, parented to whatever context was active), when both
 * parents' scopes are known ({@link SiblingCallSpan.parentScope}); then the report of a **framework**
 * instrumentation over that of a **client library** instrumentation, when both scopes are classified
 * (`instrumentation-layer.ts`: LangChain, LlamaIndex, the Agents SDK, the Vercel AI SDK, Mastra over the `openai`,
 * `@anthropic-ai/sdk`, `@google/genai`, … clients' instrumentations) — the span the own-tree step keeps inside a graph
 * or an agent, now also for a LangChain chat model called directly, whose run and the client's span both hang under
 * the application's span; then the one that ended later by more than {@link CLOCK_TOLERANCE_MS} (a framework's span
 * returns after the client call it encloses), then the longer one, then the scope name, then the span id — every tie
 * broken the same way on both backends. Structure comes before the clock because the clock cannot order every pair:
 * the Agents SDK records whole milliseconds and its `response` ends within the millisecond its client call ends, and
 * LangChain's run (started late from its callback queue) often ends within a millisecond of its client call, so the
 * times chose by their rounding, differently from run to run. Pairs of one layer, or with a scope not classified, still reach the clock.
 * Start times are not compared: a framework may start its span late (LangChain's callbacks run on a queue) and two
 * instrumentations may read different clocks. The other becomes a `chain` event naming the kept one in
 * `honeyhive_metadata.same_call_as` (its span id; with `…same_call_as_trace_id` when the kept span is in another
 * trace) and hands its usage over when the kept one reports none (`completeModelUsage`), so tokens and cost are
 * counted once, and its stream facts (time to first token, streamed) when the kept one has none
 * ({@link completeStreamFacts}: the OpenAI Agents SDK's `response` span knows nothing of the stream its client call
 * read, which the client instrumentation's span records).
 * Pure.
 */
import { mostPairs } from "./most-pairs";
import { ATTR_SAME_CALL_AS, ATTR_SAME_CALL_AS_TRACE, completeModelUsage, usageOf } from "./model-call";
import { ATTR_EVENT_TYPE, PROMPT_LINK_ATTRIBUTES } from "./attributes";
import { instrumentationLayer } from "./instrumentation-layer";
import { missingStreamFacts, type StreamFacts, streamFactsOf } from "./stream-facts";
import type { CanonicalModelEvent, GenAiMessage } from "./genai/canonical-event";

/** Slack on the overlap test, ms: some instrumentations record times with millisecond precision (ISO strings). */
const CLOCK_TOLERANCE_MS = 1;

/** What a model span asked for and got, as the rule compares it (read through the one GenAI translation). */
interface CallRequest {
  /** The model named by the span (request model, else response model), or null. */
  readonly model: string | null;
  /** The text of the last user message, or null when the span records none. */
  readonly prompt: string | null;
  /** The answer: its text, else its tool calls (`name(arguments)`), or null when the span recorded none. */
  readonly answer: string | null;
  /** The token counts, `input/output`, or null (or absent) when the span lacks either. */
  readonly tokens?: string | null;
  /** Whether the answer was streamed and its time to first chunk (absent: not streamed, no time). */
  readonly stream?: StreamFacts;
}

/** A model span as the sibling rule reads it (a live or ended OpenTelemetry span, or a decoded OTLP span). */
export interface SiblingCallSpan {
  readonly spanId: string;
  /** The span's trace id (absent: unknown; a link then names the span in the linking span's trace). */
  readonly traceId?: string;
  /** The span's session (HoneyHive session id; the trace id when the span names none). */
  readonly session: string;
  /** The instrumentation scope that emitted it. */
  readonly scope: string;
  /**
   * The instrumentation scope of the span's parent: null when the span has no parent (a root), absent when the
   * parent's scope is unknown where the span is read (a parent not seen there). Only the sibling tie-break reads it.
   */
  readonly parentScope?: string | null;
  readonly startMs: number;
  readonly endMs: number;
  readonly request: CallRequest;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** The outcome of a matched pair: which span stays the call's model event and what to write on each. */
interface SiblingDecision {
  readonly kept: SiblingCallSpan;
  readonly absorbed: SiblingCallSpan;
  /** Attributes to add to the kept span (the absorbed usage and stream facts, when it reports none). */
  readonly keptAttributes: Readonly<Record<string, number | boolean>>;
  /** Attributes to add to the absorbed span (`chain` + the link to the kept one). */
  readonly absorbedAttributes: Readonly<Record<string, string>>;
}

/**
 * A tool's result, in either wire format: a `tool` message (OpenAI, LangChain), or a `user` message answering a tool
 * call (Anthropic's `tool_result` blocks, OTel's `tool_call_response` parts: read with the call's id).
 */
function isToolResult(message: GenAiMessage): boolean {
  return message.role === "tool" || (message.role === "user" && message.tool_call_id !== undefined);
}

/** The text of the last message the user wrote (tool results are not the user's, whatever role carries them). */
function lastUserText(messages: readonly GenAiMessage[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role === "user" && !isToolResult(message)) return message.content.trim() === "" ? null : message.content.trim();
  }
  return null;
}

function answerText(output: GenAiMessage | null): string | null {
  if (output === null) return null;
  if (output.content.trim() !== "") return output.content.trim();
  const calls = (output.tool_calls ?? []).map((call) => `${call.name}(${call.arguments})`);
  return calls.length > 0 ? calls.join(";") : null;
}

/** The request of a model span from its canonical reading (undefined: no dialect read it). */
export function callRequestOf(call: CanonicalModelEvent | undefined): CallRequest {
  if (call === undefined) return { model: null, prompt: null, answer: null, tokens: null };
  const { input, output } = call.tokens;
  const tokens = input === null || output === null ? null : `${input}/${output}`;
  return { model: call.request_model ?? call.model, prompt: lastUserText(call.messages), answer: answerText(call.output), tokens, stream: streamFactsOf(call) };
}

function bareModel(model: string): string {
  const lower = model.toLowerCase();
  return lower.slice(lower.lastIndexOf("/") + 1);
}

/** A dated snapshot's suffix (`-2024-08-06`, `-0613`, `-20241022`) or `-latest`. */
const SNAPSHOT_SUFFIX = /^-(\d{4}-\d{2}-\d{2}|\d{4}|\d{8}|latest)$/;

/**
 * `gpt-4o` and `gpt-4o-2024-08-06` (a dated snapshot: requested vs answered) name the same model; so do
 * `openai/gpt-4o` and `gpt-4o`. `gpt-4o` and `gpt-4o-mini` do not.
 */
function sameModel(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return true;
  const x = bareModel(a);
  const y = bareModel(b);
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return long.startsWith(short) && SNAPSHOT_SUFFIX.test(long.slice(short.length));
}

/**
 * Attribute keys (and their dotted or underscored sub-keys) that carry a call's prompt or answer in the dialects read
 * today. A span with one of them recorded content, even when it cannot be read (a mask replaced it): not content-less.
 */
const CONTENT_PREFIXES = [
  "gen_ai.prompt", "gen_ai.completion", "gen_ai.input", "gen_ai.output", "gen_ai.system_instructions", "llm.input_messages",
  "llm.output_messages", "llm.prompts", "input.value", "output.value", "ai.prompt", "ai.response", "traceloop.entity.input",
  "traceloop.entity.output", "honeyhive_inputs", "honeyhive_outputs",
];

function isContentKey(key: string): boolean {
  if (PROMPT_LINK_ATTRIBUTES.has(key)) return false; // names the prompt, carries no content
  for (const prefix of CONTENT_PREFIXES) {
    if (key.startsWith(prefix) && (key.length === prefix.length || key[prefix.length] === "." || key[prefix.length] === "_")) return true;
  }
  return false;
}

/** A report that recorded no content at all: no prompt, no answer, no content attribute (a client's built-in telemetry with content capture off). */
function contentless(span: SiblingCallSpan): boolean {
  if (span.request.prompt !== null || span.request.answer !== null) return false;
  for (const key in span.attributes) if (isContentKey(key)) return false;
  return true;
}

/**
 * Same call by what a content-less report still records: both name a model, the same one, and the same input and
 * output token counts.
 */
function sameMeasuredCall(a: CallRequest, b: CallRequest): boolean {
  if (a.model === null || b.model === null || !sameModel(a.model, b.model)) return false;
  return a.tokens !== undefined && a.tokens !== null && a.tokens === b.tokens;
}

/** Whether two model spans, neither enclosing the other, report the same LLM call (see the module's rule). */
export function isSameCall(a: SiblingCallSpan, b: SiblingCallSpan): boolean {
  if (a.spanId === b.spanId || a.scope === b.scope || a.session !== b.session) return false;
  if (a.startMs > b.endMs + CLOCK_TOLERANCE_MS || b.startMs > a.endMs + CLOCK_TOLERANCE_MS) return false;
  if (contentless(a) || contentless(b)) return sameMeasuredCall(a.request, b.request);
  if (a.request.prompt === null || a.request.prompt !== b.request.prompt) return false;
  if (!sameModel(a.request.model, b.request.model)) return false;
  return a.request.answer === null || b.request.answer === null || a.request.answer === b.request.answer;
}

function hasUsage(span: SiblingCallSpan): boolean {
  return Object.keys(usageOf(span.attributes)).length > 0;
}

/** Whether the span's parent is of its own scope (a framework's structure); undefined when its parent is unknown. */
function inOwnTree(span: SiblingCallSpan): boolean | undefined {
  return span.parentScope === undefined ? undefined : span.parentScope === span.scope;
}

/** True when `a` is the pair's model event rather than `b` (see the module's comment for the order). */
function keepsFirst(a: SiblingCallSpan, b: SiblingCallSpan): boolean {
  const pa = a.request.prompt !== null;
  if (pa !== (b.request.prompt !== null)) return pa;
  const ua = hasUsage(a);
  if (ua !== hasUsage(b)) return ua;
  const ta = inOwnTree(a);
  const tb = inOwnTree(b);
  if (ta !== undefined && tb !== undefined && ta !== tb) return ta;
  const la = instrumentationLayer(a.scope);
  const lb = instrumentationLayer(b.scope);
  if (la !== undefined && lb !== undefined && la !== lb) return la === "framework";
  if (Math.abs(a.endMs - b.endMs) > CLOCK_TOLERANCE_MS) return a.endMs > b.endMs;
  const da = a.endMs - a.startMs;
  const db = b.endMs - b.startMs;
  if (da !== db) return da > db;
  if (a.scope !== b.scope) return a.scope < b.scope;
  return a.spanId < b.spanId;
}

/**
 * The stream facts of the absorbed report the kept one lacks, as the model event's metadata fields: its time to first
 * token (ms) when the kept one has none, `streamed` when the kept one does not say so (`stream-facts.ts`). Pure.
 */
export function completeStreamFacts(kept: SiblingCallSpan, absorbed: SiblingCallSpan): Record<string, number | boolean> {
  return missingStreamFacts(kept.request.stream, kept.attributes, absorbed.request.stream);
}

/** The absorbed span's link to the kept one: its span id, and its trace id when the two traces differ. */
function linkTo(kept: SiblingCallSpan, absorbed: SiblingCallSpan): Record<string, string> {
  const link: Record<string, string> = { [ATTR_EVENT_TYPE]: "chain", [ATTR_SAME_CALL_AS]: kept.spanId };
  if (kept.traceId !== undefined && absorbed.traceId !== undefined && kept.traceId !== absorbed.traceId) link[ATTR_SAME_CALL_AS_TRACE] = kept.traceId;
  return link;
}

/** Decides a pair for which {@link isSameCall} holds: the kept model event and what to write on both spans. Pure. */
export function decideSiblingCall(a: SiblingCallSpan, b: SiblingCallSpan): SiblingDecision {
  const [kept, absorbed] = keepsFirst(a, b) ? [a, b] : [b, a];
  return {
    kept, absorbed,
    keptAttributes: { ...completeModelUsage(kept.attributes, usageOf(absorbed.attributes)), ...completeStreamFacts(kept, absorbed) },
    absorbedAttributes: linkTo(kept, absorbed),
  };
}

/**
 * Pairs the model spans of `spans` that report the same call, one to one (a span is in at most one pair): as many
 * pairs as the spans allow, and of those, the pairs whose starts are closest (`most-pairs.ts`). Spans are model spans
 * none of which encloses another (the nested rule decided those). Pure; quadratic in the spans of one session, which are
 * few.
 */
export function pairSiblingCalls(spans: readonly SiblingCallSpan[]): SiblingDecision[] {
  const order = [...spans].sort((x, y) => x.startMs - y.startMs);
  const pairs = mostPairs(order.length, (i, j) => isSameCall(order[i]!, order[j]!), (i, j) => Math.abs(order[j]!.startMs - order[i]!.startMs));
  return pairs.map(([i, j]) => decideSiblingCall(order[i]!, order[j]!));
}
