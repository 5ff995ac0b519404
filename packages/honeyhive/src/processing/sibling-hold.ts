/**
 * The SDK's side of the sibling rule (semconv/sibling-call.ts, decision record 0009): two instrumentations that
 * report one LLM call as two model spans neither of which encloses the other. The rule needs both spans, and the
 * first to end cannot know whether a twin will follow, so a tracer's sink passes its ended spans through this hold:
 *
 * - Every third-party span routed to the tracer is counted open, per session and per instrumentation scope, from its
 *   start to its end (the SDK's own spans, scope `honeyhive`, are not: they are never a twin). Per session, not per
 *   trace: the Agents SDK starts its own trace root where no span is active, beside the client call's.
 * - A `model` span that ends outside any model call is a **candidate**. If a held candidate of the same session is the
 *   same call, the pair is decided at once (one stays `model`, the other becomes a linked `chain`, usage handed
 *   over; the rule's tie-break reads the scope of each span's parent, which the span's route recorded at its start:
 *   `span/span-route.ts`) and both go to export. Otherwise, when a span of another scope is still open in its
 *   session (a twin must overlap it, so it is one of those), the candidate is held; else it goes to export at once.
 * - A held span goes to export, undecided, as soon as no span of another scope is open in its session, after
 *   {@link SIBLING_HOLD_MS} at most, or when the tracer flushes or shuts down — never later.
 *
 * Spans that cannot have a twin (every non-model span, nested model spans, model spans with no other instrumentation
 * open in their session) are never held: they cost one map lookup at start and one at end. Spans are counted as ended
 * by the sink before they reach the hold, so "every span ends and is counted" is unchanged.
 */
import { hrTimeToMilliseconds } from "@opentelemetry/core";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { stopTimer, startDelay } from "../internal/timers";
import { noteInternalError } from "../internal/guard";
import { ATTR_SESSION_ID, OWN_SCOPE_NAME } from "@honeyhive/core/semconv/attributes";
import { readModelCall } from "@honeyhive/core/semconv/genai";
import { type SiblingCallSpan, callRequestOf, decideSiblingCall, isSameCall } from "@honeyhive/core/semconv/sibling-call";

/** Longest a model span waits for its twin, ms. */
const SIBLING_HOLD_MS = 2000;
/**
 * Sessions tracked at once per tracer. Idle entries (nothing open, nothing held) are kept, so a busy session does not
 * allocate its entry again for every span, and swept when the table is full; a new session that still finds it full is
 * not tracked (its spans are never held).
 */
const MAX_SESSIONS = 1000;

interface Held {
  readonly span: ReadableSpan;
  readonly call: SiblingCallSpan;
  timer: ReturnType<typeof startDelay> | undefined;
}

/** Open spans of one session by scope, and the candidates held in it. */
interface SessionState {
  readonly open: Map<string, number>;
  held: Held[];
}

/** Whether a span of another scope than `scope` is open in the session (a twin of a span of `scope` may come). */
function otherScopeOpen(state: SessionState, scope: string): boolean {
  for (const open of state.open.keys()) if (open !== scope) return true;
  return false;
}

/** The key spans are grouped by: the HoneyHive session the span was stamped with, else its trace. */
function sessionKey(span: { attributes: Readonly<Record<string, unknown>>; spanContext(): { traceId: string } }): string {
  const session = span.attributes[ATTR_SESSION_ID];
  return typeof session === "string" ? session : span.spanContext().traceId;
}

/** The span as the sibling rule reads it; `parentScope` as its route recorded it at start (undefined: unknown). */
function siblingCallSpan(span: ReadableSpan, parentScope: string | null | undefined): SiblingCallSpan {
  const attributes = span.attributes as Record<string, unknown>;
  const scope = span.instrumentationScope.name;
  return {
    spanId: span.spanContext().spanId, traceId: span.spanContext().traceId, session: sessionKey(span), scope, parentScope,
    startMs: hrTimeToMilliseconds(span.startTime), endMs: hrTimeToMilliseconds(span.endTime), attributes,
    request: callRequestOf(readModelCall({ name: span.name, attributes, scopeName: scope })),
  };
}

/** A tracer's hold of model spans that may have a sibling twin (see the module's comment). */
export class SiblingHold {
  readonly #sessions = new Map<string, SessionState>();
  readonly #forward: (span: ReadableSpan) => void;
  readonly #boundMs: number;

  /** `forward` receives every span, once (the export pipeline's push). */
  constructor(forward: (span: ReadableSpan) => void, boundMs = SIBLING_HOLD_MS) {
    this.#forward = forward;
    this.#boundMs = boundMs;
  }

  /** Counts a third-party span open in its session (called when it starts; the SDK's own spans are never counted: a `trace()` model span around a call is a nest, not a twin). */
  started(span: ReadableSpan): void {
    const scope = span.instrumentationScope?.name;
    if (scope === undefined || scope === OWN_SCOPE_NAME) return;
    const key = sessionKey(span);
    let state = this.#sessions.get(key);
    if (state === undefined) {
      if (this.#sessions.size >= MAX_SESSIONS && this.#sweepIdle() === 0) return;
      state = { open: new Map(), held: [] };
      this.#sessions.set(key, state);
    }
    state.open.set(scope, (state.open.get(scope) ?? 0) + 1);
  }

  /**
   * Takes an ended span: `candidate` when it is a model span outside any model call; `parentScope`, the scope of its
   * parent at its start (null: a root; undefined: unknown). Forwards it, now or later.
   */
  ended(span: ReadableSpan, candidate: boolean, parentScope?: string | null): void {
    const key = sessionKey(span);
    const state = this.#sessions.get(key);
    if (state === undefined) return this.#forward(span);
    const scope = span.instrumentationScope.name;
    const count = state.open.get(scope);
    if (count !== undefined) {
      if (count > 1) state.open.set(scope, count - 1);
      else state.open.delete(scope);
    }
    if (candidate && count !== undefined) this.#candidateOrForward(state, span, parentScope);
    else this.#forward(span);
    if (state.held.length > 0) this.#releaseUnblocked(state);
  }

  /** Forgets sessions with nothing open and nothing held; returns how many. */
  #sweepIdle(): number {
    let swept = 0;
    for (const [key, state] of this.#sessions) {
      if (state.open.size > 0 || state.held.length > 0) continue;
      this.#sessions.delete(key);
      swept++;
    }
    return swept;
  }

  /** Forwards every held span now, undecided (flush and shutdown). */
  releaseAll(): void {
    for (const state of this.#sessions.values()) {
      const held = state.held;
      state.held = [];
      for (const entry of held) this.#release(entry);
    }
  }

  /** Spans held right now (diagnostics and tests). */
  get heldCount(): number {
    let n = 0;
    for (const state of this.#sessions.values()) n += state.held.length;
    return n;
  }

  /** {@link #candidate}, and if reading the span fails, the span goes to export undecided: never lost. */
  #candidateOrForward(state: SessionState, span: ReadableSpan, parentScope: string | null | undefined): void {
    try {
      this.#candidate(state, span, parentScope);
    } catch (error) {
      noteInternalError(error);
      if (!state.held.some((entry) => entry.span === span)) this.#forward(span);
    }
  }

  #candidate(state: SessionState, span: ReadableSpan, parentScope: string | null | undefined): void {
    if (state.held.length === 0 && !otherScopeOpen(state, span.instrumentationScope.name)) return this.#forward(span);
    const call = siblingCallSpan(span, parentScope);
    let twin: Held | undefined;
    for (const entry of state.held) {
      if (!isSameCall(entry.call, call)) continue;
      if (twin === undefined || Math.abs(entry.call.startMs - call.startMs) < Math.abs(twin.call.startMs - call.startMs)) twin = entry;
    }
    if (twin !== undefined) {
      state.held.splice(state.held.indexOf(twin), 1);
      stopTimer(twin.timer);
      this.#decide(twin, span, call);
      return;
    }
    if (!otherScopeOpen(state, call.scope)) return this.#forward(span);
    const entry: Held = { span, call, timer: undefined };
    entry.timer = startDelay(() => this.#expire(call.session, entry), this.#boundMs);
    (entry.timer as { unref?: () => void }).unref?.();
    state.held.push(entry);
  }

  #decide(twin: Held, span: ReadableSpan, call: SiblingCallSpan): void {
    try {
      const decision = decideSiblingCall(twin.call, call);
      const spanOf = (c: SiblingCallSpan): ReadableSpan => (c === call ? span : twin.span);
      Object.assign(spanOf(decision.kept).attributes, decision.keptAttributes);
      Object.assign(spanOf(decision.absorbed).attributes, decision.absorbedAttributes);
    } catch (error) {
      noteInternalError(error); // an undecided pair is still exported
    }
    this.#forward(twin.span);
    this.#forward(span);
  }

  /** Forwards held spans whose session has no span of another scope open any more (no twin can come). */
  #releaseUnblocked(state: SessionState): void {
    const keep: Held[] = [];
    for (const entry of state.held) {
      if (otherScopeOpen(state, entry.call.scope)) keep.push(entry);
      else this.#release(entry);
    }
    state.held = keep;
  }

  #expire(key: string, entry: Held): void {
    const state = this.#sessions.get(key);
    const index = state?.held.indexOf(entry) ?? -1;
    if (state === undefined || index < 0) return;
    state.held.splice(index, 1);
    this.#release(entry);
  }

  #release(entry: Held): void {
    stopTimer(entry.timer);
    this.#forward(entry.span);
  }
}
