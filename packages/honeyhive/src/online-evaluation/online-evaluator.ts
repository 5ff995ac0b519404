import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { Logger } from "../internal/logger";
import { runtime } from "../runtime/platform";
import { noteInternalError } from "../internal/guard";
import { runEvaluators } from "../evaluation/run-evaluators";
import type { EvaluationTracer } from "../evaluation/tracer-contract";
import type { ResolvedEvaluator } from "../config/evaluator";
import { OnlineBudget } from "./budget";
import type { OnlineEvaluationSubject, ResolvedOnlineEvaluation } from "../config/online-evaluation-option";
import { SampleDecisions } from "./sample-decisions";
import { isEvaluationWork, isSessionRootSpan, spanCostUsd, spanSessionId, subjectOf } from "./subject";
import type { EvaluatorContext } from "../config/evaluator-types";
import { emptyTraceContext, traceContext } from "../agent-trace/trace-context";
import { SessionWatch, type WatchedSession } from "./session-watch";
import { sessionSubject } from "./session-subject";
import { evaluatorOutputs } from "@honeyhive/core/sessions/session-io";
import { hrTimeToMilliseconds } from "@opentelemetry/core";
import type { SessionUpdate } from "../context/tracer-handle";

/** Counters of online evaluation, in `diagnostics().onlineEvaluation`. */
export interface OnlineEvaluationCounters {
  /** Subjects sampled (then judged, filtered out, or dropped). */
  sampled: number;
  /** Subjects not judged: `maxPending` were waiting, or still waiting when the tracer shut down. */
  dropped: number;
  /**
   * Span subjects not judged because the export dropped their span before sending it (a full queue, shutdown): the
   * server holds no event to score, so no judge is paid for it.
   */
  notExported: number;
  /** Subjects the filter left out (or whose filter threw: see `filterErrors`). */
  filteredOut: number;
  filterErrors: number;
  /** Subjects evaluated (at least one evaluator ran). */
  evaluated: number;
  /** Evaluator calls that threw, rejected or timed out. */
  evaluatorErrors: number;
  /** Evaluator calls not made because the budget was exhausted. */
  budgetSkipped: number;
  /** Metric writes delivered and failed. */
  written: number;
  writeFailures: number;
  /** Root spans that ended in a session already judged: not judged again (see `sessionQuietMs`). */
  activityAfterJudged: number;
  /** Sessions waiting to go quiet (`target: "session"`). */
  waiting: number;
  /** Subjects queued or being evaluated now. */
  pending: number;
  /** Evaluation cost counted today (UTC), US dollars. */
  costTodayUsd: number;
}

/** What online evaluation needs from its tracer. */
export interface OnlineEvaluationHost {
  readonly logger: Logger;
  /** Writes the metrics (marked as online evaluation) on the subject's event; resolves false on failure. */
  write(subject: OnlineEvaluationSubject, metrics: Record<string, unknown>): Promise<boolean>;
  /** Runs `fn` with the tracer active in the subject's session (judge calls become its evaluation work). */
  inSession<T>(sessionId: string, fn: () => T): T;
  /** True when the export dropped `span` before queueing it. */
  spanDropped(span: ReadableSpan): boolean;
}

/** Evaluators run without spans of their own; a judge's model calls are still marked as evaluation work. */
const NO_SPANS: EvaluationTracer = {
  sessionId: "",
  startSpan: (_name, fn) => fn(undefined),
  enrichSpan: () => false,
  enrichSession: () => Promise.resolve(false),
  whenSessionStarted: () => Promise.resolve(false),
  flush: () => Promise.resolve(true),
  shutdown: () => Promise.resolve(true),
};

/**
 * The evaluators' fourth argument: a session subject's trace from the spans kept while it was watched, a span
 * subject's empty. (This module loads only when a tracer has the option: `online-evaluation-feature.ts`; the trace
 * assembly comes with it, so evaluations started one per turn are not all held by one import and run in one turn.)
 */
async function evaluatorContext(sessionId: string, session: WatchedSession | undefined): Promise<EvaluatorContext> {
  return session === undefined ? emptyTraceContext(sessionId) : traceContext(sessionId, session.spans);
}

/** A queued subject: a span (only what its evaluation reads: its name and attributes), or a session gone quiet. */
type Job = { readonly span: ReadableSpan; readonly sessionId: string } | { readonly session: WatchedSession };

/**
 * A tracer's online evaluation: at a span's end it decides (synchronously, cheaply) whether the span or session is
 * sampled; a span subject is queued, a session is watched until it has gone quiet ({@link SessionWatch}) and queued
 * then. Evaluators run later in the background, `concurrency` subjects at a time, within the budget, and their scores
 * are written on the event (a write in flight holds no evaluation slot). Evaluations start one per turn of the event loop, after pending I/O, never in the turn
 * where a span ended. Never throws into the application.
 */
export class OnlineEvaluator {
  readonly #queue: Job[] = [];
  #running = 0;
  /**
   * Score writes under way: a write waits for its session's start and then for the API, so it holds no evaluation slot
   * (`concurrency` bounds the judges); it still counts in `maxPending` and in `pending`, and flush waits for it.
   */
  #writing = 0;
  #stopped = false;
  /** Shutdown began: sessions end now, no new one is watched. */
  #ending = false;
  /** Whether a turn to start the next evaluation is scheduled. */
  #scheduled = false;
  readonly #decisions: SampleDecisions;
  readonly #budget: OnlineBudget;
  readonly #sessions: SessionWatch | undefined;
  readonly #warned = new Set<string>();
  readonly #idle = new Set<() => void>();
  readonly counters: Omit<OnlineEvaluationCounters, "pending" | "waiting" | "costTodayUsd"> = {
    sampled: 0, dropped: 0, notExported: 0, filteredOut: 0, filterErrors: 0, evaluated: 0, evaluatorErrors: 0, budgetSkipped: 0, written: 0, writeFailures: 0,
    activityAfterJudged: 0,
  };

  constructor(readonly options: ResolvedOnlineEvaluation, private readonly host: OnlineEvaluationHost, now: () => number = Date.now) {
    this.#budget = new OnlineBudget(options.callsPerMinute, options.costPerDayUsd, now);
    this.#decisions = new SampleDecisions(options.sampleRate);
    this.#sessions = options.target === "session" ? new SessionWatch(options.sessionQuietMs, options.maxPending, { now, ready: (session) => this.#enqueue({ session }) }) : undefined;
  }

  /** The sampled session of an ending span that is not evaluation work (a span subject's event then needs a known id). */
  wants(span: ReadableSpan): string | undefined {
    if (isEvaluationWork(span)) return undefined;
    const sessionId = spanSessionId(span);
    if (sessionId === undefined) return undefined;
    return this.#decisions.sampled(sessionId) ? sessionId : undefined;
  }

  /** Called at each span's start (after its session was stamped): a root span opens its session's activity. */
  spanStarted(span: ReadableSpan): void {
    if (this.#sessions === undefined || this.#stopped) return;
    const sessionId = this.wants(span);
    if (sessionId === undefined) return;
    const root = isSessionRootSpan(span);
    const session = root ? this.#watched(sessionId) : this.#sessions.get(sessionId);
    if (session === undefined) return;
    if (root) session.openRoots++;
    this.#sessions.touch(session);
  }

  /** Called at each span's end: counts a judge's cost, queues a span subject, or records a session's activity. */
  spanEnded(span: ReadableSpan): void {
    if (isEvaluationWork(span)) return this.#budget.addCost(spanCostUsd(span));
    if (this.#stopped) return;
    const sessionId = this.wants(span);
    if (sessionId === undefined) return;
    if (this.#sessions === undefined) return this.#sampleSpan(span, sessionId);
    const session = this.#sessions.get(sessionId); // watched from its first root span's start (or dropped then, counted)
    if (session === undefined) return;
    session.spans.add(span, span.attributes);
    if (isSessionRootSpan(span)) this.#sessions.rootEnded(session, { source: { name: span.name, attributes: span.attributes }, startMs: hrTimeToMilliseconds(span.startTime) });
    this.#sessions.touch(session);
  }

  /** The session started with `inputs` (`withSession`, the tracer's own): they are its inputs when it is judged. */
  sessionStarted(sessionId: string, inputs: Record<string, unknown> | undefined): void {
    if (this.#sessions === undefined || inputs === undefined || this.#stopped || !this.#decisions.sampled(sessionId)) return;
    if (!this.#sessions.judged(sessionId)) this.#sessions.started(sessionId, inputs);
  }

  /** `enrichSession` of a watched session: its inputs, outputs and ground truth as the server will hold them. */
  sessionUpdated(sessionId: string, update: SessionUpdate): void {
    const session = this.#sessions?.get(sessionId);
    if (session !== undefined) this.#sessions?.enrich(session, update);
  }

  /** Shutdown began: every watched session has ended and is queued (judged within shutdown's time, or dropped). */
  end(): void {
    this.#ending = true;
    this.#sessions?.endAll();
  }

  /** Stops for good (the tracer shut down): subjects still queued are dropped and counted; returns how many. */
  stop(): number {
    this.#stopped = true;
    const dropped = this.#queue.length + (this.#sessions?.clear() ?? 0);
    this.counters.dropped += dropped;
    this.#queue.length = 0;
    if (this.#running + this.#writing === 0) for (const done of [...this.#idle]) done();
    return dropped;
  }

  /** The counters, with what is waiting and pending now. */
  snapshot(): OnlineEvaluationCounters {
    return { ...this.counters, waiting: this.#sessions?.size ?? 0, pending: this.#busy(), costTodayUsd: this.#budget.costToday };
  }

  /** Resolves true when nothing is queued or running (sessions still waiting to go quiet are not due), or false after `timeoutMs`. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.#busy() === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#idle.delete(done);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#idle.delete(done);
        resolve(false);
      }, Math.max(1, timeoutMs));
      (timer as { unref?: () => void }).unref?.();
      this.#idle.add(done);
    });
  }

  /** Whether one more subject fits in `maxPending` (sessions waiting included); a full one is dropped and counted. */
  #fits(): boolean {
    this.counters.sampled++;
    if (!this.#ending && this.#busy() + (this.#sessions?.size ?? 0) < this.options.maxPending) return true;
    this.counters.dropped++;
    return false;
  }

  #sampleSpan(span: ReadableSpan, sessionId: string): void {
    if (this.#fits()) this.#enqueue({ span, sessionId });
  }

  /** The watched session `sessionId`: watched from now on when it fits; undefined when judged already or full. */
  #watched(sessionId: string): WatchedSession | undefined {
    const sessions = this.#sessions as SessionWatch;
    const known = sessions.get(sessionId);
    if (known !== undefined) return known;
    if (sessions.judged(sessionId)) {
      this.#afterJudged(sessionId);
      return undefined;
    }
    return this.#fits() ? sessions.watch(sessionId) : undefined;
  }

  /** Activity in a session already judged: counted, said once; not judged again (its score stays the one written). */
  #afterJudged(sessionId: string): void {
    this.counters.activityAfterJudged++;
    this.#warnOnce("after-judged", `online evaluation: session ${sessionId} had activity after it was judged (it had been quiet for sessionQuietMs = ${this.options.sessionQuietMs} ms); not judged again (counted in diagnostics().onlineEvaluation.activityAfterJudged)`);
  }

  #warnOnce(key: string, message: string): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    this.host.logger.warn(message);
  }

  #enqueue(job: Job): void {
    this.#queue.push(job);
    this.#pump();
  }

  /** Schedules the start of the next evaluation on a later turn (never on the span's end: the request path). */
  #pump(): void {
    if (this.#scheduled || this.#running >= this.options.concurrency || this.#queue.length === 0) return;
    this.#scheduled = true;
    runtime.soon(() => {
      this.#scheduled = false;
      this.#startNext();
      this.#pump(); // the next one on another turn: a burst of subjects never runs in one turn
    });
  }

  #startNext(): void {
    const job = this.#queue.shift(); // capacity was checked when the turn was scheduled; only #finished changed it since
    if (job === undefined) return; // stopped meanwhile
    this.#running++;
    void this.#run(job).catch(noteInternalError).finally(() => this.#finished());
  }

  /** Subjects queued, being judged, or whose scores are being written. */
  #busy(): number {
    return this.#queue.length + this.#running + this.#writing;
  }

  #finished(): void {
    this.#running--;
    this.#pump();
    if (this.#busy() === 0) for (const done of [...this.#idle]) done();
  }

  /** Writes a subject's scores in the background (its evaluation slot is free meanwhile); counts how it went. */
  #write(subject: OnlineEvaluationSubject, metrics: Record<string, unknown>): void {
    this.#writing++;
    void this.host.write(subject, metrics)
      .then((written) => void (written ? this.counters.written++ : this.counters.writeFailures++), () => void this.counters.writeFailures++)
      .finally(() => {
        this.#writing--;
        if (this.#busy() === 0) for (const done of [...this.#idle]) done();
      });
  }

  #accepts(subject: OnlineEvaluationSubject): boolean {
    const filter = this.options.filter;
    if (filter === undefined) return true;
    try {
      if (filter(subject) === true) return true;
    } catch (error) {
      this.counters.filterErrors++;
      this.host.logger.debug(`online evaluation: the filter threw (${String(error)}); subject skipped`);
    }
    this.counters.filteredOut++;
    return false;
  }

  /** The evaluators the budget allows now; warns once per limit when it is exhausted. */
  #allowed(): ResolvedEvaluator[] {
    const allowed: ResolvedEvaluator[] = [];
    for (const evaluator of this.options.evaluators) {
      const limit = this.#budget.take();
      if (limit === undefined) {
        allowed.push(evaluator);
        continue;
      }
      this.counters.budgetSkipped++;
      this.#warnOnce(limit, `online evaluation: budget ${limit} exhausted; judging stops until it renews (counted in diagnostics().onlineEvaluation.budgetSkipped)`);
    }
    return allowed;
  }

  async #run(job: Job): Promise<void> {
    if ("span" in job && this.host.spanDropped(job.span)) {
      this.counters.notExported++; // checked when its turn comes: the span went to export at its end, before this
      return;
    }
    const subject = "session" in job ? sessionSubject(job.session) : subjectOf(job.span, job.sessionId, this.options.target);
    if (!this.#accepts(subject)) return;
    const evaluators = this.#allowed();
    if (evaluators.length === 0) return;
    // evaluate()'s argument shape: the outputs as the function's return value, the inputs, the ground truth, and the
    // session's trace (a session subject's, from the spans kept while it was watched; a span subject's is empty)
    const context = await evaluatorContext(subject.sessionId, "session" in job ? job.session : undefined);
    const args = { outputs: evaluatorOutputs(subject.outputs), inputs: subject.inputs, groundTruth: subject.groundTruth, context };
    const outcome = await this.host.inSession(subject.sessionId, () => runEvaluators(evaluators, args, NO_SPANS, { timeoutMs: this.options.timeoutMs }));
    this.counters.evaluated++;
    const errors = Object.keys(outcome.errors);
    this.counters.evaluatorErrors += errors.length;
    if (errors.length > 0) this.host.logger.debug(`online evaluation: ${errors.length} evaluator(s) failed: ${errors.join(", ")}`);
    if (Object.keys(outcome.metrics).length > 0) this.#write(subject, outcome.metrics);
  }
}
