import {
  type Attributes, type AttributeValue, type Exception, type HrTime, type Link, type Span, type SpanAttributes, type SpanContext,
  SpanKind, type SpanStatus, SpanStatusCode, type TimeInput, TraceFlags,
} from "@opentelemetry/api";
import { hrTimeDuration, isAttributeValue, isTimeInput, sanitizeAttributes } from "@opentelemetry/core";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableSpan, Span as SdkSpan, TimedEvent } from "@opentelemetry/sdk-trace-base";
import type { SpanSink } from "../context/tracer-handle";
import { DEFAULT_NORMALIZE_BUDGET, type NormalizeBudget, flattenInto } from "../normalize";
import { afterStart, explicitTime, wallStart } from "./span-clock";
import { newSpanId, newTraceId } from "./span-ids";
import { SPAN_LIMITS } from "./span-limits";

/** What a {@link HoneyHiveSpan} needs from the tracer that owns it. */
export interface SpanOwner {
  readonly resource: Resource;
  readonly instrumentationScope: ReadableSpan["instrumentationScope"];
  /** Where the span goes when it ends (the same hooks a routed SDK span gets). */
  readonly sink: SpanSink;
  /** How values written by the SDK become attributes (the tracer's `maxAttributeBytes`, cuts counted). */
  readonly attributeBudget: Readonly<NormalizeBudget>;
}

const EMPTY: readonly never[] = Object.freeze([]);
/** Shared, frozen start values (replaced, never mutated): two arrays and one object fewer per span. */
const NOT_ENDED = Object.freeze([0, 0]) as unknown as HrTime;
const UNSET_STATUS: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const ATTRIBUTE_LIMIT = SPAN_LIMITS.attributeCountLimit;
const EVENT_LIMIT = SPAN_LIMITS.eventCountLimit;
const LINK_LIMIT = SPAN_LIMITS.linkCountLimit;
const hasOwn = Object.prototype.hasOwnProperty;
/**
 * The SDK's own work between a span's start and the user's code that moves the start (see `startsNow`): the whole
 * milliseconds of a start cannot place it closer, and a normal call's set-up (microseconds) never reaches it.
 */
const RESTART_AFTER_MS = 1;
/** Most attributes one `flattenInto` call writes (its leaf budget plus the `_truncated` count). */
const MAX_FLATTENED = DEFAULT_NORMALIZE_BUDGET.maxAttributes + 1;

/** A reading of both clocks a span starts from (see span-clock.ts): `Date.now()` and `performance.now()`. */
export interface SpanClockReading {
  readonly epochMs: number;
  readonly monotonicMs: number;
}

/**
 * The span the SDK creates for its own wrappers (`trace()`, `tracer.startSpan()`): a complete OpenTelemetry
 * `Span` and `ReadableSpan`, but without the general SDK's per-span machinery (sampler, processor chain,
 * limit bookkeeping per call), because these spans are always recorded and always routed to the tracer
 * that created them. Spans of other libraries still go through the official SDK provider.
 */
export class HoneyHiveSpan implements Span, ReadableSpan {
  readonly kind: SpanKind = SpanKind.INTERNAL;
  /** Read at construction; moved once by {@link startsNow} when the SDK's set-up before the user's code took long. */
  startTime: HrTime;
  endTime: HrTime = NOT_ENDED;
  status: SpanStatus = UNSET_STATUS;
  readonly attributes: Attributes;
  events: TimedEvent[] = EMPTY as unknown as TimedEvent[];
  links: Link[] = EMPTY as unknown as Link[];
  ended = false;
  droppedAttributesCount = 0;
  droppedEventsCount = 0;
  droppedLinksCount = 0;
  /** `performance.now()` at start: later times are the start time plus the monotonic time elapsed since. */
  startedAt: number;
  readonly #context: SpanContext;
  readonly #owner: SpanOwner;
  #name: string;
  /** Number of attribute keys, or an upper bound of it after {@link flattenAttributes} (made exact when it matters). */
  #attributeCount: number;

  /**
   * @param attributes - the initial attributes (the owner's core stamp first); the span takes ownership.
   * @param attributeCount - how many keys `attributes` holds.
   * @param spanContext - the span's own context when it was already decided (a span the application's sampler
   *   did not record); new random ids, sampled, otherwise.
   * @param clock - the clocks' readings to start at (a clock seam for tests); read now otherwise.
   */
  constructor(owner: SpanOwner, name: string, parent: SpanContext | undefined, attributes: Attributes, attributeCount: number, spanContext?: SpanContext, clock?: SpanClockReading) {
    this.#owner = owner;
    this.#name = name;
    this.parentSpanContext = parent;
    this.#context = spanContext ?? { traceId: parent ? parent.traceId : newTraceId(), spanId: newSpanId(), traceFlags: TraceFlags.SAMPLED, traceState: parent?.traceState };
    this.attributes = attributes;
    this.#attributeCount = attributeCount;
    // the wall clock first, then the monotonic one, as the SDK span reads them (one Date.now() per span)
    this.startTime = wallStart(clock === undefined ? Date.now() : clock.epochMs);
    this.startedAt = clock === undefined ? performance.now() : clock.monotonicMs;
  }

  readonly parentSpanContext: SpanContext | undefined;

  get name(): string {
    return this.#name;
  }

  /** End time minus start time (`[-1, -1]` until the span ends, as in the SDK); computed when read, since exporters rarely do. */
  get duration(): HrTime {
    return this.ended ? hrTimeDuration(this.startTime, this.endTime) : [-1, -1];
  }

  get resource(): Resource {
    return this.#owner.resource;
  }

  get instrumentationScope(): ReadableSpan["instrumentationScope"] {
    return this.#owner.instrumentationScope;
  }

  /** How the SDK writes values into this span's attributes (its tracer's `maxAttributeBytes`, cuts counted). */
  get attributeBudget(): Readonly<NormalizeBudget> {
    return this.#owner.attributeBudget;
  }

  spanContext(): SpanContext {
    return this.#context;
  }

  setAttribute(key: string, value: SpanAttributes[string]): this {
    if (value === undefined || value === null || this.ended || key.length === 0 || !isAttributeValue(value)) return this;
    if (!hasOwn.call(this.attributes, key)) {
      if (this.#attributeCount >= ATTRIBUTE_LIMIT && (this.#attributeCount = Object.keys(this.attributes).length) >= ATTRIBUTE_LIMIT) {
        this.droppedAttributesCount++;
        return this;
      }
      this.#attributeCount++;
    }
    this.attributes[key] = Array.isArray(value) ? (value.slice() as AttributeValue) : (value as AttributeValue); // a copy, as in the SDK
    return this;
  }

  setAttributes(attributes: SpanAttributes): this {
    for (const key in attributes) if (hasOwn.call(attributes, key)) this.setAttribute(key, attributes[key]);
    return this;
  }

  /**
   * Same as `setAttributes` of the attributes `flattenInto(prefix, value)` produces, but written straight
   * into the span (no intermediate object) when the attribute limit cannot be reached: flattened values are
   * always valid attribute values, so only the count needs care, and it is kept as an upper bound.
   */
  flattenAttributes(prefix: string, value: unknown): void {
    if (this.ended) return;
    const budget = this.#owner.attributeBudget;
    if (this.#attributeCount + MAX_FLATTENED <= ATTRIBUTE_LIMIT) {
      this.#attributeCount += flattenInto(this.attributes, prefix, value, budget);
      return;
    }
    const attributes: Attributes = {};
    flattenInto(attributes, prefix, value, budget);
    this.setAttributes(attributes);
  }

  addEvent(name: string, attributesOrTime?: SpanAttributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    if (this.events.length >= EVENT_LIMIT) {
      this.droppedEventsCount++;
      this.events.shift(); // the SDK keeps the newest events
    }
    let at = time;
    let attributes = attributesOrTime as Attributes | undefined;
    if (isTimeInput(attributesOrTime)) {
      if (!isTimeInput(at)) at = attributesOrTime;
      attributes = undefined;
    }
    const [kept, dropped] = limitAttributes(attributes, SPAN_LIMITS.attributePerEventCountLimit);
    const event: TimedEvent = { name, attributes: kept, time: this.#timeOf(at), droppedAttributesCount: dropped };
    if (this.events === (EMPTY as unknown)) this.events = [];
    this.events.push(event);
    return this;
  }

  addLink(link: Link): this {
    if (this.ended) return this;
    if (this.links.length >= LINK_LIMIT) {
      this.droppedLinksCount++;
      this.links.shift(); // the SDK keeps the newest links
    }
    const [attributes, dropped] = limitAttributes(link.attributes, SPAN_LIMITS.attributePerLinkCountLimit);
    const kept: Link = { context: link.context };
    if (Object.keys(attributes).length > 0) kept.attributes = attributes;
    if (dropped > 0) kept.droppedAttributesCount = dropped;
    if (this.links === (EMPTY as unknown)) this.links = [];
    this.links.push(kept);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.ended || status.code === SpanStatusCode.UNSET || this.status.code === SpanStatusCode.OK) return this;
    this.status = status.code === SpanStatusCode.ERROR && typeof status.message === "string" ? { code: status.code, message: status.message } : { code: status.code };
    return this;
  }

  updateName(name: string): this {
    if (!this.ended) this.#name = name;
    return this;
  }

  isRecording(): boolean {
    return !this.ended;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === "string") attributes["exception.message"] = exception;
    else if (exception) {
      const e = exception as { code?: unknown; name?: string; message?: string; stack?: string };
      if (e.code) attributes["exception.type"] = String(e.code);
      else if (e.name) attributes["exception.type"] = e.name;
      if (e.message) attributes["exception.message"] = e.message;
      if (e.stack) attributes["exception.stacktrace"] = e.stack;
    }
    if (attributes["exception.type"] || attributes["exception.message"]) this.addEvent("exception", attributes, time);
  }

  /**
   * Called by the SDK's wrappers with `now`, the `performance.now()` reading taken just before the user's code runs
   * (the start of `honeyhive_duration_ms`). When the SDK's own work since the span's construction (attributes, inputs,
   * and on a process's first call the lazy set-up of its code paths) took {@link RESTART_AFTER_MS} or more, the span
   * starts again now, both clocks read anew as at construction: its start, end and duration then describe the user's
   * code, not the SDK's set-up. Returns the `performance.now()` reading the span's times now count from.
   */
  startsNow(now: number): number {
    if (now - this.startedAt < RESTART_AFTER_MS || this.ended || this.events.length > 0) return now;
    this.startTime = wallStart(Date.now());
    this.startedAt = performance.now();
    return this.startedAt;
  }

  /** Ends the span (once): the owner finishes it (event type, masking), then it is frozen and exported. */
  end(endTime?: TimeInput): void {
    if (this.ended) return;
    this.#finish(this.#timeOf(endTime));
  }

  /**
   * Ends the span at `now`, a `performance.now()` reading the caller already took (for the duration
   * attribute): one clock read fewer per traced call.
   */
  endAt(now: number): void {
    if (!this.ended) this.#finish(afterStart(this.startTime, now - this.startedAt));
  }

  /** The time of an end or event: now on the span's clock, or the explicit `time` (see span-clock.ts). */
  #timeOf(time: TimeInput | undefined): HrTime {
    return time === undefined ? afterStart(this.startTime, performance.now() - this.startedAt) : explicitTime(time, this.startTime, this.startedAt);
  }

  #finish(endTime: HrTime): void {
    // an end before the start ends at the start, as in the SDK
    this.endTime = endTime[0] < this.startTime[0] || (endTime[0] === this.startTime[0] && endTime[1] < this.startTime[1]) ? this.startTime.slice() as HrTime : endTime;
    const { sink } = this.#owner;
    try {
      sink.onSpanEnding(this as unknown as SdkSpan);
    } catch {
      // a failing finishing step (e.g. a mask) must not keep the span from ending and being exported
    }
    this.ended = true;
    sink.onSpanEnd(this);
  }
}

/** Valid attributes of an event or link (a copy), at most `limit`, and how many were dropped. */
function limitAttributes(attributes: Attributes | undefined, limit: number): [Attributes, number] {
  const valid = sanitizeAttributes(attributes);
  const kept: Attributes = {};
  let count = 0;
  let dropped = 0;
  for (const key in valid) {
    if (count >= limit) dropped++;
    else {
      kept[key] = valid[key];
      count++;
    }
  }
  return [kept, dropped];
}
