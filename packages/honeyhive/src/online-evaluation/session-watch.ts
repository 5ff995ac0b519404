/**
 * Online evaluation at session scope: each sampled session is watched until it has gone quiet (no span of it started
 * or ended, no `enrichSession`, for `sessionQuietMs`, and no root span open) or ends (the tracer's shutdown), and then
 * handed over once, with what its inputs and outputs are (the rule of `@honeyhive/core/sessions/session-io`) and its
 * ended spans (the evaluators' trace is built from them, as `evaluate()`'s is). A
 * session judged is remembered (the last {@link JUDGED_REMEMBERED}), so later activity in it is counted, not judged
 * again: a judge is paid once per session, and no later score overwrites an earlier one.
 */
import type { SessionUpdate } from "../context/tracer-handle";
import { startDeadline, stopTimer } from "../internal/timers";
import { clampTimeout } from "../internal/timer-delay";
import { SessionSpans } from "../processing/session-spans";
import type { SubjectSource } from "./subject";

/** Most spans kept per watched session for its trace (the trace of a longer session says how many it left out). */
export const WATCHED_SESSION_SPANS = 1000;

/** How many judged session ids are remembered (later activity in one of them is counted, not judged). */
export const JUDGED_REMEMBERED = 4096;

/** An ended root span of a session: what its subject is read from, and when it started (ms). */
export interface RootSeen {
  readonly source: SubjectSource;
  readonly startMs: number;
}

/** What is known in-process of one session while it is watched. */
export interface WatchedSession {
  readonly sessionId: string;
  /** Root spans started and not ended yet: the session is not quiet while one is open. */
  openRoots: number;
  /** When it was last active (ms). */
  lastActivity: number;
  /** The inputs it started with (the tracer's `inputs`, `withSession({ inputs })`). */
  startInputs: Record<string, unknown> | undefined;
  /** What `enrichSession` said of it: `metadata.inputs`, `outputs` (merged), `feedback.ground_truth`. */
  readonly enriched: { inputs?: unknown; outputs?: Record<string, unknown>; groundTruth?: unknown };
  /** Of its ended root spans, the one that started first and the one that started last. */
  firstRoot: RootSeen | undefined;
  lastRoot: RootSeen | undefined;
  /** Its ended spans that are not evaluation work (the evaluators' trace is built from them), at most {@link WATCHED_SESSION_SPANS}. */
  readonly spans: SessionSpans;
}

/** What the watch hands over and counts. */
export interface SessionWatchHost {
  /** A session that went quiet or ended, with at least one root span: evaluate it. */
  ready(session: WatchedSession): void;
  /** Clock (ms). */
  now(): number;
}

/**
 * The watched sessions of one tracer's online evaluation, in order of last activity (a Map re-inserted on activity),
 * so one unref'ed timer, set for the oldest, finds every session gone quiet. Bounded by the caller's capacity check
 * ({@link size}); start inputs of sessions not watched yet are kept in a map bounded alike.
 */
export class SessionWatch {
  readonly #sessions = new Map<string, WatchedSession>();
  readonly #startInputs = new Map<string, Record<string, unknown>>();
  readonly #judged = new Set<string>();
  #timer: ReturnType<typeof startDeadline> | undefined;
  #timerAt = 0;

  constructor(private readonly quietMs: number, private readonly maxWatched: number, private readonly host: SessionWatchHost) {}

  /** Sessions watched now. */
  get size(): number {
    return this.#sessions.size;
  }

  /** Whether `sessionId` was judged (and is still remembered). */
  judged(sessionId: string): boolean {
    return this.#judged.has(sessionId);
  }

  /** The watched session `sessionId`, if it is watched. */
  get(sessionId: string): WatchedSession | undefined {
    return this.#sessions.get(sessionId);
  }

  /** Starts watching `sessionId` (the caller checked capacity and that it is neither watched nor judged). */
  watch(sessionId: string): WatchedSession {
    const session: WatchedSession = {
      sessionId, openRoots: 0, lastActivity: this.host.now(), startInputs: this.#startInputs.get(sessionId), enriched: {}, firstRoot: undefined, lastRoot: undefined,
      spans: new SessionSpans(() => sessionId, WATCHED_SESSION_SPANS),
    };
    this.#startInputs.delete(sessionId);
    this.#sessions.set(sessionId, session);
    this.#schedule();
    return session;
  }

  /** The session started with `inputs` (remembered until it is watched; the oldest forgotten beyond the bound). */
  started(sessionId: string, inputs: Record<string, unknown>): void {
    const watched = this.#sessions.get(sessionId);
    if (watched !== undefined) {
      watched.startInputs = inputs;
      return;
    }
    if (this.#startInputs.size >= this.maxWatched) this.#startInputs.delete(this.#startInputs.keys().next().value as string);
    this.#startInputs.set(sessionId, inputs);
  }

  /** A root span of a watched session ended: it may be the first or the last one started. */
  rootEnded(session: WatchedSession, root: RootSeen): void {
    if (session.firstRoot === undefined || root.startMs < session.firstRoot.startMs) session.firstRoot = root;
    if (session.lastRoot === undefined || root.startMs >= session.lastRoot.startMs) session.lastRoot = root;
    session.openRoots = Math.max(0, session.openRoots - 1);
  }

  /** Activity in a watched session: it is not quiet before `sessionQuietMs` from now. */
  touch(session: WatchedSession): void {
    session.lastActivity = this.host.now();
    this.#sessions.delete(session.sessionId);
    this.#sessions.set(session.sessionId, session);
    this.#schedule();
  }

  /** What `enrichSession` said of a watched session (its inputs, outputs, ground truth). */
  enrich(session: WatchedSession, update: SessionUpdate): void {
    const inputs = update.metadata?.inputs;
    if (inputs !== undefined) session.enriched.inputs = inputs;
    if (update.outputs !== undefined) session.enriched.outputs = { ...session.enriched.outputs, ...update.outputs };
    const truth = update.feedback?.ground_truth;
    if (truth !== undefined) session.enriched.groundTruth = truth;
    this.touch(session);
  }

  /** Hands over every watched session with a root span, quiet or not (the sessions ended: shutdown). */
  endAll(): void {
    for (const session of [...this.#sessions.values()]) this.#handOver(session);
    this.#clearTimer();
  }

  /** Forgets every watched session; returns how many had a root span (they will not be judged). */
  clear(): number {
    let lost = 0;
    for (const session of this.#sessions.values()) if (session.lastRoot !== undefined) lost++;
    this.#sessions.clear();
    this.#startInputs.clear();
    this.#clearTimer();
    return lost;
  }

  /** Hands over the sessions quiet now (the oldest first), then sets the timer for the next one. */
  #sweep(): void {
    this.#timer = undefined;
    const now = this.host.now();
    for (const session of [...this.#sessions.values()]) {
      if (now - session.lastActivity < this.quietMs) break; // in order of last activity: the rest are newer
      if (session.openRoots > 0) this.touch(session); // a request still in flight: not quiet, looked at again later
      else this.#handOver(session);
    }
    this.#schedule();
  }

  #handOver(session: WatchedSession): void {
    this.#sessions.delete(session.sessionId);
    if (session.lastRoot === undefined) return; // started, never traced: nothing to judge
    if (this.#judged.size >= JUDGED_REMEMBERED) this.#judged.delete(this.#judged.keys().next().value as string);
    this.#judged.add(session.sessionId);
    this.host.ready(session);
  }

  /** One timer, for the oldest watched session's quiet time (a session with an open root is looked at again then). */
  #schedule(): void {
    const oldest = this.#sessions.values().next().value as WatchedSession | undefined;
    if (oldest === undefined) return this.#clearTimer();
    const at = Math.max(oldest.lastActivity + this.quietMs, this.host.now() + 1);
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    this.#clearTimer();
    this.#timerAt = at;
    this.#timer = startDeadline(() => this.#sweep(), clampTimeout(at - this.host.now())); // no timers (a sandbox): judged at shutdown
    (this.#timer as { unref?: () => void }).unref?.();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) stopTimer(this.#timer);
    this.#timer = undefined;
  }
}
