/**
 * Online evaluation as the tracer knows it (`seam/tracer-feature.ts`): a tracer made with the `onlineEvaluation` option
 * imports its evaluator at once (`online-evaluation-part.ts`), in the background; the spans that end before it is
 * loaded wait for it (at most the tracer's `maxQueueSize`), then go through it to export. A tracer without the option
 * loads nothing.
 */
import type { ResolvedOnlineEvaluation } from "../config/online-evaluation-option";
import { DeferredSink } from "../seam/deferred-sink";
import { onDemand } from "../seam/on-demand";
import type { FeatureHost, TracerFeature, TracerPart } from "../seam/tracer-feature";
import type { OnlineEvaluationCounters } from "./online-evaluator";
import type * as OnlinePartModule from "./online-evaluation-part";

/** The evaluator's module, imported once (a failed import is tried again by the next tracer that needs it). */
const loadOnlinePart = onDemand(() => import("./online-evaluation-part"));

/** The counters before the evaluator is loaded. */
const NOTHING_YET: OnlineEvaluationCounters = Object.freeze({
  sampled: 0, dropped: 0, filteredOut: 0, filterErrors: 0, evaluated: 0, evaluatorErrors: 0, budgetSkipped: 0, written: 0, writeFailures: 0, pending: 0, costTodayUsd: 0,
});

/** The online evaluation part of the tracer behind `host`. */
function onlinePart(options: ResolvedOnlineEvaluation, host: FeatureHost): TracerPart {
  let part: OnlinePartModule.OnlineEvaluationPart | undefined;
  let stopped = false;
  let deferred: DeferredSink | undefined;
  const wrapper = loadOnlinePart().then((module) => {
    part = module.createOnlineEvaluationPart(options, host);
    if (stopped) part.evaluator.stop(); // the tracer shut down while it loaded
    return part.wrap;
  });
  return {
    wrapSink(sink) {
      deferred = new DeferredSink(sink, wrapper, host.config.maxQueueSize);
      return deferred;
    },
    ready: () => deferred?.ready() ?? Promise.resolve(),
    async flush(deadline) {
      await deferred?.ready();
      return part === undefined ? true : part.evaluator.whenIdle(Math.max(1, deadline - Date.now()));
    },
    stop() {
      stopped = true;
      part?.evaluator.stop();
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
