/**
 * Online evaluation as the tracer knows it (`seam/tracer-feature.ts`): a tracer made with the `onlineEvaluation` option
 * imports its evaluator at once (`online-evaluation-part.ts`), in the background; the spans that end before it is
 * loaded are shown to it once it is (at most the tracer's `maxQueueSize`; with `target: "span"` they wait for it, as
 * it gives a sampled span its event id before export; with `target: "session"` they go to export at once), and what
 * it heard meanwhile (span starts, session starts and updates, at most as many) is told to it first, in order, and the
 * end of its sessions at shutdown after those spans. A tracer without the option loads nothing.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_EVALUATOR, ATTR_SESSION_ID } from "@honeyhive/core/semconv/attributes";
import type { ResolvedOnlineEvaluation } from "../config/online-evaluation-option";
import { isSessionSampled } from "./sample";
import { DeferredSink } from "../seam/deferred-sink";
import { onDemand } from "../seam/on-demand";
import type { FeatureHost, TracerFeature, TracerPart } from "../seam/tracer-feature";
import type { OnlineEvaluationCounters, OnlineEvaluator } from "./online-evaluator";
import type * as OnlinePartModule from "./online-evaluation-part";

/** The evaluator's module, imported once (a failed import is tried again by the next tracer that needs it). */
const loadOnlinePart = onDemand(() => import("./online-evaluation-part"));

/** The counters before the evaluator is loaded. */
const NOTHING_YET: OnlineEvaluationCounters = Object.freeze({
  sampled: 0, dropped: 0, notExported: 0, filteredOut: 0, filterErrors: 0, evaluated: 0, evaluatorErrors: 0, budgetSkipped: 0, written: 0, writeFailures: 0,
  activityAfterJudged: 0, waiting: 0, pending: 0, costTodayUsd: 0,
});

/**
 * Whether the evaluator, once loaded, does anything with a span: evaluation work (its cost is counted) or a span of a
 * sampled session (the evaluator's own rule, `OnlineEvaluator.wants`). What it would ignore is not kept while it loads.
 */
function concernsEvaluator(span: Pick<ReadableSpan, "attributes">, rate: number): boolean {
  if (span.attributes[ATTR_EVALUATOR] !== undefined) return true;
  const sessionId = span.attributes[ATTR_SESSION_ID];
  return typeof sessionId === "string" && sessionId !== "" && isSessionSampled(sessionId, rate);
}

/** The online evaluation part of the tracer behind `host`. */
function onlinePart(options: ResolvedOnlineEvaluation, host: FeatureHost): TracerPart {
  let part: OnlinePartModule.OnlineEvaluationPart | undefined;
  let stopped = false;
  /** Shutdown began before the evaluator was loaded: it ends once the spans that waited went through it. */
  let ending = false;
  let deferred: DeferredSink | undefined;
  // what the evaluator hears before it is loaded, told to it in order once it is (bounded: the oldest calls are kept)
  let early: ((evaluator: OnlineEvaluator) => void)[] | undefined = [];
  const tell = (call: (evaluator: OnlineEvaluator) => void, concerns?: () => boolean): void => {
    if (part !== undefined) call(part.evaluator);
    else if (early !== undefined && early.length < host.config.maxQueueSize && concerns?.() !== false) early.push(call);
  };
  const sampled = (sessionId: string) => (): boolean => isSessionSampled(sessionId, options.sampleRate);
  const wrapper = loadOnlinePart().then((module) => {
    const loaded = module.createOnlineEvaluationPart(options, host);
    for (const call of early ?? []) call(loaded.evaluator);
    early = undefined;
    part = loaded;
    if (stopped) loaded.evaluator.stop(); // the tracer shut down while it loaded
    return loaded.wrap;
  });
  tell((evaluator) => evaluator.sessionStarted(host.config.sessionId, host.config.inputs));
  return {
    spanStarted: (span) => tell((evaluator) => evaluator.spanStarted(span), () => concernsEvaluator(span, options.sampleRate)),
    sessionStarted: (sessionId, inputs) => tell((evaluator) => evaluator.sessionStarted(sessionId, inputs), sampled(sessionId)),
    sessionUpdated: (sessionId, update) => tell((evaluator) => evaluator.sessionUpdated(sessionId, update), sampled(sessionId)),
    worksAtShutdown: true,
    end() {
      if (part !== undefined) part.evaluator.end();
      else ending = true;
    },
    wrapSink(sink) {
      // a session subject changes no span: its spans go to export while the evaluator loads (a span subject's get an event id first)
      deferred = new DeferredSink(sink, wrapper, {
        maxQueued: host.config.maxQueueSize, seesAfterExport: options.target === "session", shows: (span) => concernsEvaluator(span, options.sampleRate),
      });
      void deferred.ready().then(() => {
        if (ending) part?.evaluator.end();
      });
      return deferred;
    },
    ready: () => deferred?.ready() ?? Promise.resolve(),
    async flush(deadline) {
      await deferred?.ready();
      return part === undefined ? true : part.evaluator.whenIdle(Math.max(1, deadline - Date.now()));
    },
    stop() {
      stopped = true;
      return part?.evaluator.stop() ?? 0;
    },
    diagnostics() {
      const counters = part?.evaluator.snapshot() ?? { ...NOTHING_YET };
      return deferred !== undefined && deferred.passedUnwrapped > 0 ? { ...counters, dropped: counters.dropped + deferred.passedUnwrapped } : counters;
    },
  };
}

/** The online evaluation feature (see the module comment). */
export const onlineEvaluationFeature: TracerFeature = {
  name: "onlineEvaluation",
  tracerPart(host) {
    const options = host.config.onlineEvaluation;
    return options === undefined ? undefined : onlinePart(options, host);
  },
};
