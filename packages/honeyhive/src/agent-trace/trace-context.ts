/**
 * The evaluators' fourth argument (`EvaluatorContext`) over a session's kept spans: the trace is built on first read
 * and then shared by every evaluator of the subject. Model calls that report tokens and no cost are priced by the dev
 * server's price table when `@honeyhive/dev-server` is installed (loaded once per process, for a session that has a
 * model span or on the first trace read; `processing/dev-server-prices.ts`). The first trace read has the run read its
 * sessions' spans ahead, as they end, from then on (`processing/session-spans.ts`, decision record 0082).
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_EVENT_TYPE } from "@honeyhive/core/semconv/attributes";
import type { AgentTrace } from "@honeyhive/core/agent-trace/trace-types";
import type { EvaluatorContext } from "../config/evaluator-types";
import { devServerPrices } from "../processing/dev-server-prices";
import { buildAgentTrace, type TraceSource } from "./build-trace";
import { type CallPricer, spanTraceEventReadAhead } from "./span-trace-event";

const NO_SPANS: TraceSource = { spans: [], dropped: 0 };

/** True when one of the first `upTo` spans is a model call. */
function hasModelSpan(spans: readonly ReadableSpan[], upTo: number): boolean {
  for (let i = 0; i < upTo; i++) if (spans[i]!.attributes[ATTR_EVENT_TYPE] === "model") return true;
  return false;
}

/** The dev server's pricer (undefined when it is not installed). Never rejects. */
async function devServerPricer(): Promise<CallPricer | undefined> {
  const cost = (await devServerPrices())?.modelCallCost;
  return cost === undefined ? undefined : (call) => cost(call);
}

/**
 * Has `source`'s run read its sessions' spans ahead from now on (an evaluator of the run read a trace: the next ones
 * will too), priced as {@link devServerPricer} prices them. Never rejects.
 */
async function readAheadFrom(source: TraceSource): Promise<void> {
  if (source.readAhead === undefined) return;
  const pricer = await devServerPricer();
  source.readAhead((span) => spanTraceEventReadAhead(span, pricer));
}

/** The context over the first `upTo` spans of `from`, its trace built on first read. */
function contextOver(sessionId: string, from: TraceSource, upTo: number, pricer: CallPricer | undefined): EvaluatorContext {
  let trace: AgentTrace | undefined;
  return {
    get trace(): AgentTrace {
      if (trace === undefined) {
        trace = buildAgentTrace(sessionId, from, { upTo, pricer });
        readAheadFrom(from).catch(() => undefined);
      }
      return trace;
    },
  };
}

/**
 * The evaluator context of session `sessionId`, over the spans `source` holds now (spans ending later, such as the
 * evaluators' own, are not part of it). Without a model span among them (no pricer to load), given at once: evaluate()
 * reads one per datapoint, and a promise and a turn each would be work for nothing. Never throws or rejects.
 */
export function traceContext(sessionId: string, source: TraceSource | undefined): EvaluatorContext | Promise<EvaluatorContext> {
  const from = source ?? NO_SPANS;
  const upTo = from.spans.length;
  if (!hasModelSpan(from.spans, upTo)) return contextOver(sessionId, from, upTo, undefined);
  return devServerPricer().catch(() => undefined).then((pricer) => contextOver(sessionId, from, upTo, pricer));
}

/** A context whose trace is empty (a subject no span was kept for). */
export function emptyTraceContext(sessionId: string): EvaluatorContext {
  let trace: AgentTrace | undefined;
  return {
    get trace(): AgentTrace {
      return (trace ??= buildAgentTrace(sessionId, NO_SPANS));
    },
  };
}
