import { utf8Length } from "../otlp/proto-writer";
import type { AttributeValue } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { exportedParentOf, isSessionRoot } from "../otlp/session-root";
import { DEFAULT_MAX_VALUE_BYTES } from "../normalize/budget";
import { boundedName, truncateUtf8 } from "../normalize/strings";

/** Byte budgets applied to every span before it is encoded for export. */
export interface SpanBudget {
  /** Most UTF-8 bytes of one attribute value (strings, or the elements of an array together). */
  readonly maxAttributeBytes: number;
  /** Most UTF-8 bytes of all attribute keys and values of a span (its events' attributes included). */
  readonly maxSpanBytes: number;
}

/** Defaults: 128 KiB per attribute, 1 MiB per span. */
export const DEFAULT_SPAN_BUDGET: SpanBudget = Object.freeze({ maxAttributeBytes: DEFAULT_MAX_VALUE_BYTES, maxSpanBytes: 1024 * 1024 });

type MutableAttributes = Record<string, AttributeValue | undefined>;
function valueBytes(value: AttributeValue | undefined): number {
  if (typeof value === "string") return utf8Length(value);
  if (Array.isArray(value)) {
    let total = 0;
    for (const item of value) total += typeof item === "string" ? utf8Length(item) : 8;
    return total;
  }
  return 8;
}

/** Cuts an array value to `maxBytes`: strings are truncated with the marker, later elements dropped. */
function truncateArray(value: readonly unknown[], maxBytes: number): AttributeValue {
  const out: unknown[] = [];
  let used = 0;
  for (const item of value) {
    const size = typeof item === "string" ? utf8Length(item) : 8;
    if (used + size <= maxBytes) {
      out.push(item);
      used += size;
      continue;
    }
    if (typeof item === "string") out.push(truncateUtf8(item, Math.max(0, maxBytes - used), size));
    break;
  }
  return out as AttributeValue;
}

/** Upper bound of the UTF-8 size of a value, cheap (no encoding): 3 bytes per UTF-16 unit. */
function upperBound(value: AttributeValue | undefined): number {
  if (typeof value === "string") return value.length * 3;
  if (Array.isArray(value)) {
    let total = 0;
    for (const item of value) total += typeof item === "string" ? item.length * 3 : 8;
    return total;
  }
  return 8;
}

/** Applies the per-attribute budget to one attribute map; returns how many values were cut. */
function capAttributes(attributes: MutableAttributes, maxAttributeBytes: number, cut: Set<string>): { truncated: number; bound: number } {
  let truncated = 0;
  let bound = 0;
  for (const key in attributes) {
    const value = attributes[key];
    let upper = upperBound(value);
    if (upper > maxAttributeBytes) {
      const size = valueBytes(value);
      if (size > maxAttributeBytes) {
        attributes[key] = typeof value === "string" ? truncateUtf8(value, maxAttributeBytes, size) : truncateArray(value as unknown[], maxAttributeBytes);
        truncated++;
        cut.add(key);
        upper = maxAttributeBytes * 3;
      }
    }
    bound += key.length * 3 + upper;
  }
  return { truncated, bound };
}

/** Shrinks the largest string values of the span until keys and values fit `maxSpanBytes`. */
function capSpan(maps: MutableAttributes[], maxSpanBytes: number, cut: Set<string>[]): number {
  const strings: { map: MutableAttributes; key: string; size: number; seen: Set<string> }[] = [];
  let total = 0;
  for (const [index, map] of maps.entries()) {
    for (const key in map) {
      const value = map[key];
      const size = valueBytes(value);
      total += utf8Length(key) + size;
      if (typeof value === "string") strings.push({ map, key, size, seen: cut[index] as Set<string> });
    }
  }
  if (total <= maxSpanBytes) return 0;
  strings.sort((a, b) => b.size - a.size);
  let excess = total - maxSpanBytes;
  let truncated = 0;
  for (const entry of strings) {
    if (excess <= 0) break;
    const target = Math.max(64, entry.size - excess);
    if (target >= entry.size) continue;
    const cut = truncateUtf8(entry.map[entry.key] as string, target, entry.size);
    excess -= entry.size - utf8Length(cut);
    entry.map[entry.key] = cut;
    if (!entry.seen.has(entry.key)) truncated++; // a value is counted once, however often it is cut
  }
  return truncated;
}

/** Cheap upper bound of a map's UTF-8 size, or -1 when one value may exceed `maxAttributeBytes`. */
function quickBound(attributes: MutableAttributes, maxAttributeBytes: number): number {
  let total = 0;
  for (const key in attributes) {
    const value = attributes[key];
    const upper = typeof value === "string" ? value.length * 3 : typeof value === "object" && value !== null ? upperBound(value) : 8;
    if (upper > maxAttributeBytes) return -1;
    total += key.length * 3 + upper;
  }
  return total;
}

/** A span within its budget, and how many of its values were cut. */
interface BudgetedSpan {
  /** The span itself when nothing was cut; else a copy of its fields with cut copies of its attribute maps. */
  readonly span: ReadableSpan;
  readonly truncated: number;
}

/**
 * Applies `budget` to an ended span (its attributes and its events' attributes): values over
 * `maxAttributeBytes`, and the span's and its events' names, are cut with the marker `…[truncated N bytes]`, then, if the span is still over
 * `maxSpanBytes`, its largest strings are cut the same way. The span is never modified (other processors
 * may share it): when something must be cut, the result is a plain copy of its `ReadableSpan` fields
 * with cut copies of its attribute maps. The common case (small spans) is one pass over the attributes
 * that neither encodes nor allocates.
 */
export function enforceSpanBudget(span: ReadableSpan, budget: SpanBudget): BudgetedSpan {
  const names = boundedNames(span, budget.maxAttributeBytes);
  if (names === undefined && fitsQuickly(span, budget)) return { span, truncated: 0 };
  const attributesCopy: MutableAttributes = { ...span.attributes };
  const eventsCopy = (span.events ?? []).map((event, i) => {
    const name = names?.events?.[i] ?? event.name;
    return event.attributes || name !== event.name ? { ...event, name, ...(event.attributes ? { attributes: { ...event.attributes } } : {}) } : event;
  });
  const truncated = enforceOnCopies(attributesCopy, eventsCopy, budget) + (names?.cut ?? 0);
  if (truncated === 0) return { span, truncated };
  return { span: viewOf(span, attributesCopy, eventsCopy, names?.span), truncated };
}

/** True when a cheap bound shows the span's attributes (its events' included) within the budget. */
function fitsQuickly(span: ReadableSpan, budget: SpanBudget): boolean {
  let bound = quickBound(span.attributes as MutableAttributes, budget.maxAttributeBytes);
  const events = span.events ?? [];
  for (let i = 0; i < events.length && bound >= 0; i++) {
    const eventAttributes = events[i]?.attributes;
    if (eventAttributes === undefined) continue;
    const eventBound = quickBound(eventAttributes as MutableAttributes, budget.maxAttributeBytes);
    bound = eventBound < 0 ? -1 : bound + eventBound;
  }
  return bound >= 0 && bound <= budget.maxSpanBytes;
}

/**
 * The span's name and its events' names within `maxBytes` each (the attribute rule), or undefined when all fit (the
 * common case, which allocates nothing). `events` holds every event's name when one was cut.
 */
function boundedNames(span: ReadableSpan, maxBytes: number): { span: string; events: string[] | undefined; cut: number } | undefined {
  const name = boundedName(span.name, maxBytes);
  let cut = name === span.name ? 0 : 1;
  let events: string[] | undefined;
  const list = span.events ?? [];
  for (let i = 0; i < list.length; i++) {
    const own = (list[i] as ReadableSpan["events"][number]).name;
    const bounded = boundedName(own, maxBytes);
    if (bounded === own) continue;
    (events ??= list.map((event) => event.name))[i] = bounded;
    cut++;
  }
  return cut === 0 ? undefined : { span: name, events, cut };
}

/**
 * A plain ReadableSpan with the span's fields and the given attribute maps (spans may keep private state). Its
 * parent is the one HoneyHive receives (none for a root of its session, otlp/session-root.ts).
 */
function viewOf(span: ReadableSpan, attributes: MutableAttributes, events: ReadableSpan["events"], name = span.name): ReadableSpan {
  const context = span.spanContext();
  return {
    name,
    kind: span.kind,
    spanContext: () => context,
    parentSpanContext: exportedParentOf(span),
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: attributes as ReadableSpan["attributes"],
    links: span.links,
    events,
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/**
 * The span as HoneyHive receives it, as a `ReadableSpan`: a root of its session (otlp/session-root.ts) as a plain
 * copy without its parent, any other span itself. For the `exporter` option, which stands in for the OTLP export.
 */
export function exportedSpan(span: ReadableSpan): ReadableSpan {
  return isSessionRoot(span) ? viewOf(span, span.attributes as MutableAttributes, span.events) : span;
}

function enforceOnCopies(attributes: MutableAttributes, events: ReadableSpan["events"], budget: SpanBudget): number {
  const maps: MutableAttributes[] = [attributes];
  for (const event of events) if (event.attributes) maps.push(event.attributes as MutableAttributes);
  let truncated = 0;
  let bound = 0;
  const cut = maps.map(() => new Set<string>());
  for (const [index, map] of maps.entries()) {
    const result = capAttributes(map, budget.maxAttributeBytes, cut[index] as Set<string>);
    truncated += result.truncated;
    bound += result.bound;
  }
  if (bound > budget.maxSpanBytes) truncated += capSpan(maps, budget.maxSpanBytes, cut);
  return truncated;
}
