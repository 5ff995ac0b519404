/**
 * Shared checks of the routing tests: every unit of work tags its prompts with `unit-<i>/`, so any span can be
 * traced back to the unit that caused it from its own content, independently of how it was routed. A span
 * is misrouted when it carries another unit's session or was delivered through another unit's pipeline; a
 * unit lost spans when fewer than expected arrived (duplicates are counted separately).
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { DecodedSpan } from "../../packages/dev-server/src/otlp/decoded-span";

/** A span kind by name. */
export type SpanKindName = "internal" | "server" | "client" | "producer" | "consumer";

/** Names by OpenTelemetry API `SpanKind` value (OTLP's values are these plus one). */
const KIND_NAMES: readonly SpanKindName[] = ["internal", "server", "client", "producer", "consumer"];

/** The parts of a span the checks need, whatever way it was received. */
export interface SpanView {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  scope: string;
  kind: SpanKindName;
  attributes: Record<string, unknown>;
  /** The unit whose tracer delivered the span (its exporter, or its API key on the wire). */
  deliveredTo: number;
}

/** A span read from an in-memory exporter of unit `deliveredTo`. */
export function viewOfReadable(span: ReadableSpan, deliveredTo: number): SpanView {
  return {
    name: span.name,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    scope: span.instrumentationScope.name,
    kind: KIND_NAMES[span.kind] ?? "internal",
    attributes: { ...span.attributes },
    deliveredTo,
  };
}

/** A span decoded from an OTLP request sent by unit `deliveredTo`. */
export function viewOfDecoded(span: DecodedSpan, deliveredTo: number): SpanView {
  return {
    name: span.name, traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId, scope: span.scope.name,
    kind: KIND_NAMES[span.kind - 1] ?? "internal", attributes: span.attributes as Record<string, unknown>, deliveredTo,
  };
}

const UNIT_MARK = /\bunit-(\d+)\//;

/** The prompt marker of unit `i` (put it in every prompt a unit sends). */
export function unitMark(i: number): string {
  return `unit-${i}/`;
}

/** The unit named by the span's content (first `unit-<i>/` in any string attribute), if any. */
export function unitOfContent(span: SpanView): number | undefined {
  for (const value of Object.values(span.attributes)) {
    if (typeof value !== "string") continue;
    const match = UNIT_MARK.exec(value);
    if (match) return Number(match[1]);
  }
  return undefined;
}

/** What {@link checkRouting} measured. */
export interface RoutingReport {
  /** Spans selected as the ones to count (e.g. LLM spans). */
  counted: number;
  /** Counted spans in a wrong session or delivered by a wrong unit's tracer (or naming no unit). */
  misrouted: number;
  /** Expected spans that never arrived. */
  lost: number;
  /** Spans beyond the expected count of their unit. */
  duplicated: number;
  /** Up to 10 descriptions of problems, for failure messages. */
  problems: string[];
}

/** Options of {@link checkRouting}. */
export interface RoutingExpectation {
  units: number;
  /** The session each unit's spans must carry. */
  sessionOf(unit: number): string;
  /** Which spans to count (e.g. LLM spans of one scope). */
  select(span: SpanView): boolean;
  /** How many selected spans each unit must produce. */
  perUnit: number;
}

/** Counts misrouted, lost and duplicated spans among `spans`. */
export function checkRouting(spans: readonly SpanView[], expectation: RoutingExpectation): RoutingReport {
  const report: RoutingReport = { counted: 0, misrouted: 0, lost: 0, duplicated: 0, problems: [] };
  const note = (text: string): void => {
    if (report.problems.length < 10) report.problems.push(text);
  };
  const perUnit = new Array<number>(expectation.units).fill(0);
  for (const span of spans) {
    if (!expectation.select(span)) continue;
    report.counted++;
    const unit = unitOfContent(span);
    if (unit === undefined || unit >= expectation.units) {
      report.misrouted++;
      note(`span ${span.name} names no known unit`);
      continue;
    }
    const session = span.attributes["honeyhive.session_id"];
    if (session !== expectation.sessionOf(unit) || span.deliveredTo !== unit) {
      report.misrouted++;
      note(`span ${span.name} of unit ${unit} has session ${String(session)} and was delivered by unit ${span.deliveredTo}`);
      continue;
    }
    perUnit[unit]!++;
  }
  perUnit.forEach((count, unit) => {
    if (count < expectation.perUnit) {
      report.lost += expectation.perUnit - count;
      note(`unit ${unit}: ${count} of ${expectation.perUnit} spans`);
    } else if (count > expectation.perUnit) {
      report.duplicated += count - expectation.perUnit;
      note(`unit ${unit}: ${count} spans, ${expectation.perUnit} expected`);
    }
  });
  return report;
}

/**
 * Spans in a trace that belongs to another unit: each trace is owned by the unit named in the content of its
 * spans, and every span of it (content or not) must be delivered by that unit with that unit's session.
 */
export function spansInForeignTraces(spans: readonly SpanView[], sessionOf: (unit: number) => string): number {
  const owner = new Map<string, number>();
  for (const span of spans) {
    const unit = unitOfContent(span);
    if (unit !== undefined && !owner.has(span.traceId)) owner.set(span.traceId, unit);
  }
  let foreign = 0;
  for (const span of spans) {
    const unit = owner.get(span.traceId);
    if (unit === undefined) continue;
    if (unit !== span.deliveredTo || span.attributes["honeyhive.session_id"] !== sessionOf(unit)) foreign++;
  }
  return foreign;
}

/** Spans whose parent is among `spans` but belongs to another unit or trace (parents not exported are ignored). */
export function crossUnitParents(spans: readonly SpanView[]): number {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  let crossing = 0;
  for (const span of spans) {
    const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
    if (parent && (parent.deliveredTo !== span.deliveredTo || parent.traceId !== span.traceId)) crossing++;
  }
  return crossing;
}

/** A sleep of 0..maxMs (deterministic per call site when given a seed-derived value). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
