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

function hasModelSpan(spans: readonly ReadableSpan[]): boolean {
  for (const span of spans) if (span.attributes[ATTR_EVENT_TYPE] === "model") return true;
  return false;
}

/** The dev server's pricer, loaded when the spans hold a model call (undefined: not installed, or not needed). */
async function pricerFor(spans: readonly ReadableSpan[]): Promise<CallPricer | undefined> {
  if (!hasModelSpan(spans)) return undefined;
  const cost = (await devServerPrices())?.modelCallCost;
  return cost === undefined ? undefined : (call) => cost(call);
}

/**
 * Has `source`'s run read its sessions' spans ahead from now on (an evaluator of the run read a trace: the next ones
 * will too), priced as {@link pricerFor} prices them. Never rejects.
 */
async function readAheadFrom(source: TraceSource): Promise<void> {
  if (source.readAhead === undefined) return;
  const cost = (await devServerPrices())?.modelCallCost;
  const pricer: CallPricer | undefined = cost === undefined ? undefined : (call) => cost(call);
  source.readAhead((span) => spanTraceEventReadAhead(span, pricer));
}

/**
 * The evaluator context of session `sessionId`, over the spans `source` holds now (spans ending later, such as the
 * evaluators' own, are not part of it). Never rejects.
 */
export async function traceContext(sessionId: string, source: TraceSource | undefined): Promise<EvaluatorContext> {
  const from = source ?? NO_SPANS;
  const upTo = from.spans.length;
  const pricer = await pricerFor(from.spans.slice(0, upTo)).catch(() => undefined);
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

/** A context whose trace is empty (a subject no span was kept for). */
export function emptyTraceContext(sessionId: string): EvaluatorContext {
  let trace: AgentTrace | undefined;
  return {
    get trace(): AgentTrace {
      return (trace ??= buildAgentTrace(sessionId, NO_SPANS));
    },
  };
}
