import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { Logger } from "../internal/logger";
import { runtime } from "../runtime/platform";
import { noteInternalError } from "../internal/guard";
import { runEvaluators } from "../evaluation/run-evaluators";
import type { EvaluationTracer } from "../evaluation/tracer-contract";
import type { ResolvedEvaluator } from "../config/evaluator";
import { OnlineBudget, type BudgetLimit } from "./budget";
import type { OnlineEvaluationSubject, ResolvedOnlineEvaluation } from "../config/online-evaluation-option";
import { SampleDecisions } from "./sample-decisions";
import { isEvaluationWork, isSessionRootSpan, spanCostUsd, spanSessionId, subjectOf, type SubjectSource } from "./subject";
import { emptyTraceContext } from "../agent-trace/trace-context";

/** Counters of online evaluation, in `diagnostics().onlineEvaluation`. */
export interface OnlineEvaluationCounters {
  /** Subjects sampled (and queued or dropped). */
  sampled: number;
  /** Subjects dropped because `maxPending` were waiting. */
  dropped: number;
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
  /** Subjects waiting or being evaluated now. */
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
}

/** Evaluators run without spans of their own; a judge's model calls are still marked as evaluation work. */
const NO_SPANS: EvaluationTracer = {
  sessionId: "",
  startSpan: (_name, fn) => fn(undefined),
  enrichSpan: () => false,
  enrichSession: () => Promise.resolve(false),
  whenSessionStarted: () => Promise.resolve(false),
  flush: () => Promise.resolve(true),
  shutdown: () => Promise.resolve(),
};

/** A queued subject: only what its evaluation reads (the span's name and attributes), not the whole span. */
interface Job {
  readonly source: SubjectSource;
  readonly sessionId: string;
}

/**
 * A tracer's online evaluation: at a span's end it decides (synchronously, cheaply) whether the span or session is
 * sampled and queues it; evaluators run later in the background, `concurrency` subjects at a time, within the budget,
 * and their scores are written on the event. Evaluations start one per turn of the event loop, after pending I/O,
 * never in the turn where a span ended. Never throws into the application.
 */
export class OnlineEvaluator {
  readonly #queue: Job[] = [];
  #running = 0;
  #stopped = false;
  /** Whether a turn to start the next evaluation is scheduled. */
  #scheduled = false;
  readonly #decisions: SampleDecisions;
  readonly #budget: OnlineBudget;
  readonly #warned = new Set<BudgetLimit>();
  readonly #idle = new Set<() => void>();
  readonly counters: Omit<OnlineEvaluationCounters, "pending" | "costTodayUsd"> = {
    sampled: 0, dropped: 0, filteredOut: 0, filterErrors: 0, evaluated: 0, evaluatorErrors: 0, budgetSkipped: 0, written: 0, writeFailures: 0,
  };

  constructor(readonly options: ResolvedOnlineEvaluation, private readonly host: OnlineEvaluationHost, now?: () => number) {
    this.#budget = new OnlineBudget(options.callsPerMinute, options.costPerDayUsd, now);
    this.#decisions = new SampleDecisions(options.sampleRate);
  }

  /** Whether an ending span will be evaluated (its own event then needs a known id): sampled, not evaluation work. */
  wants(span: ReadableSpan): string | undefined {
    if (isEvaluationWork(span)) return undefined;
    const sessionId = spanSessionId(span);
    if (sessionId === undefined) return undefined;
    if (this.options.target === "session" && !isSessionRootSpan(span)) return undefined;
    return this.#decisions.sampled(sessionId) ? sessionId : undefined;
  }

  /** Called at each span's end: counts a judge's cost, queues a sampled subject (or drops it when full). */
  spanEnded(span: ReadableSpan): void {
    if (isEvaluationWork(span)) return this.#budget.addCost(spanCostUsd(span));
    const sessionId = this.wants(span);
    if (sessionId === undefined || this.#stopped) return;
    this.counters.sampled++;
    if (this.#queue.length + this.#running >= this.options.maxPending) {
      this.counters.dropped++;
      return;
    }
    this.#queue.push({ source: { name: span.name, attributes: span.attributes }, sessionId });
    this.#pump();
  }

  /** Stops for good (the tracer shut down): subjects still queued are dropped and counted; none is queued later. */
  stop(): void {
    this.#stopped = true;
    this.counters.dropped += this.#queue.length;
    this.#queue.length = 0;
    if (this.#running === 0) for (const done of [...this.#idle]) done();
  }

  /** The counters, with what is pending now. */
  snapshot(): OnlineEvaluationCounters {
    return { ...this.counters, pending: this.#queue.length + this.#running, costTodayUsd: this.#budget.costToday };
  }

  /** Resolves true when nothing is pending, or false after `timeoutMs`. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.#queue.length + this.#running === 0) return Promise.resolve(true);
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

  #finished(): void {
    this.#running--;
    this.#pump();
    if (this.#queue.length + this.#running === 0) for (const done of [...this.#idle]) done();
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
      if (!this.#warned.has(limit)) {
        this.#warned.add(limit);
        this.host.logger.warn(`online evaluation: budget ${limit} exhausted; judging stops until it renews (counted in diagnostics().onlineEvaluation.budgetSkipped)`);
      }
    }
    return allowed;
  }

  async #run(job: Job): Promise<void> {
    const subject = subjectOf(job.source, job.sessionId, this.options.target);
    if (!this.#accepts(subject)) return;
    const evaluators = this.#allowed();
    if (evaluators.length === 0) return;
    const args = { outputs: subject.outputs, inputs: subject.inputs, groundTruth: undefined, context: emptyTraceContext(job.sessionId) };
    const outcome = await this.host.inSession(job.sessionId, () => runEvaluators(evaluators, args, NO_SPANS, { timeoutMs: this.options.timeoutMs }));
    this.counters.evaluated++;
    const errors = Object.keys(outcome.errors);
    this.counters.evaluatorErrors += errors.length;
    if (errors.length > 0) this.host.logger.debug(`online evaluation: ${errors.length} evaluator(s) failed: ${errors.join(", ")}`);
    if (Object.keys(outcome.metrics).length === 0) return;
    if (await this.host.write(subject, outcome.metrics)) this.counters.written++;
    else this.counters.writeFailures++;
  }
}
