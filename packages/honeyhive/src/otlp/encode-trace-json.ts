import type { Attributes, HrTime, Link } from "@opentelemetry/api";
import type { InstrumentationScope } from "@opentelemetry/core";
import type { ReadableSpan, TimedEvent } from "@opentelemetry/sdk-trace-base";
import { isInt64 } from "./is-int64";
import { groupByScope } from "./group-by-scope";
import { registerModuleCache } from "../internal/process-state";
import { exportedParentOf } from "./session-root";

const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;
const MAX_CACHED_KEYS = 4096;
/** Longer KeyValues are not cached (the cache must not keep large values alive). */
const MAX_CACHED_JSON_LENGTH = 512;

/**
 * Per attribute key: the `{"key":<escaped key>,"value":` prefix, and the whole encoded KeyValue of the
 * last value seen under that key (values such as session ids repeat on every span).
 */
interface KeyEntry {
  readonly prefix: string;
  lastValue: unknown;
  lastJson: string | undefined;
}

let keyEntries = new Map<string, KeyEntry>();
let resourceCache = new WeakMap<Attributes, string>();
let scopeCache = new WeakMap<InstrumentationScope, string>();
let cachedObjects = 0;
registerModuleCache("otlp/json-encoder", {
  clear: () => {
    keyEntries = new Map();
    resourceCache = new WeakMap();
    scopeCache = new WeakMap();
    cachedObjects = 0;
  },
  size: () => keyEntries.size + cachedObjects,
});

function keyEntry(key: string): KeyEntry {
  let entry = keyEntries.get(key);
  if (entry === undefined) {
    entry = { prefix: `{"key":${JSON.stringify(key)},"value":`, lastValue: undefined, lastJson: undefined };
    if (keyEntries.size >= MAX_CACHED_KEYS) keyEntries = new Map();
    keyEntries.set(key, entry);
  }
  return entry;
}

/** One attribute as an OTLP/JSON KeyValue, or undefined when the value is not encodable. */
function keyValueJson(key: string, value: unknown): string | undefined {
  const entry = keyEntry(key);
  if (entry.lastValue === value && entry.lastJson !== undefined && typeof value !== "object") return entry.lastJson;
  const encoded = anyValueJson(value);
  if (encoded === undefined) return undefined;
  const json = `${entry.prefix}${encoded}}`;
  const small = json.length <= MAX_CACHED_JSON_LENGTH;
  entry.lastValue = small ? value : undefined;
  entry.lastJson = small ? json : undefined;
  return json;
}

/** An HrTime as a decimal string of nanoseconds (exact: digits are concatenated, not multiplied). */
function nanos(time: HrTime): string {
  const [seconds, ns] = time;
  if (seconds === 0) return String(ns);
  return `${seconds}${String(ns).padStart(9, "0")}`;
}

function doubleJson(value: number): string {
  if (Number.isFinite(value)) return String(value);
  return Number.isNaN(value) ? '"NaN"' : value > 0 ? '"Infinity"' : '"-Infinity"';
}

/** OTLP/JSON AnyValue for an attribute value, or undefined when the value is not encodable. */
function anyValueJson(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return `{"stringValue":${JSON.stringify(value)}}`;
    case "number":
      if (Number.isSafeInteger(value)) return `{"intValue":"${value === 0 ? 0 : value}"}`;
      return isInt64(value) ? `{"intValue":"${BigInt(value)}"}` : `{"doubleValue":${doubleJson(value)}}`;
    case "boolean":
      return value ? '{"boolValue":true}' : '{"boolValue":false}';
    case "object": {
      if (!Array.isArray(value)) return undefined;
      let out = '{"arrayValue":{"values":[';
      for (let i = 0; i < value.length; i++) {
        if (i > 0) out += ",";
        out += anyValueJson(value[i]) ?? "{}";
      }
      return `${out}]}}`;
    }
    default:
      return undefined;
  }
}

function attributesJson(attributes: Attributes | undefined): string {
  let out = "[";
  let first = true;
  if (attributes !== undefined) {
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined || value === null) continue;
      const json = keyValueJson(key, value);
      if (json === undefined) continue;
      out += first ? json : `,${json}`;
      first = false;
    }
  }
  return `${out}]`;
}

function resourceJson(resource: Attributes): string {
  let json = resourceCache.get(resource);
  if (json === undefined) {
    json = `{"attributes":${attributesJson(resource)}}`;
    resourceCache.set(resource, json);
    cachedObjects++;
  }
  return json;
}

function scopeJson(scope: InstrumentationScope): string {
  let json = scopeCache.get(scope);
  if (json === undefined) {
    json = `{"name":${JSON.stringify(scope.name ?? "")}`;
    if (scope.version) json += `,"version":${JSON.stringify(scope.version)}`;
    json += "}";
    scopeCache.set(scope, json);
    cachedObjects++;
  }
  return json;
}

function eventJson(event: TimedEvent): string {
  return `{"timeUnixNano":"${nanos(event.time)}","name":${JSON.stringify(event.name)},"attributes":${attributesJson(event.attributes)},` +
    `"droppedAttributesCount":${event.droppedAttributesCount ?? 0}}`;
}

function linkJson(link: Link): string {
  const ctx = link.context;
  const traceState = ctx.traceState?.serialize();
  const flags = (ctx.traceFlags & 0xff) | HAS_IS_REMOTE | (ctx.isRemote ? IS_REMOTE : 0);
  return `{"traceId":"${ctx.traceId.toLowerCase()}","spanId":"${ctx.spanId.toLowerCase()}",` +
    (traceState ? `"traceState":${JSON.stringify(traceState)},` : "") +
    `"attributes":${attributesJson(link.attributes)},"droppedAttributesCount":${link.droppedAttributesCount ?? 0},"flags":${flags}}`;
}

function spanJson(span: ReadableSpan): string {
  const ctx = span.spanContext();
  const parent = exportedParentOf(span);
  const traceState = ctx.traceState?.serialize();
  const flags = (ctx.traceFlags & 0xff) | HAS_IS_REMOTE | (parent?.isRemote ? IS_REMOTE : 0);
  let out = `{"traceId":"${ctx.traceId.toLowerCase()}","spanId":"${ctx.spanId.toLowerCase()}",`;
  if (traceState) out += `"traceState":${JSON.stringify(traceState)},`;
  if (parent !== undefined && parent.spanId) out += `"parentSpanId":"${parent.spanId.toLowerCase()}",`;
  out += `"flags":${flags},"name":${JSON.stringify(span.name)},"kind":${span.kind + 1},` +
    `"startTimeUnixNano":"${nanos(span.startTime)}","endTimeUnixNano":"${nanos(span.endTime)}",` +
    `"attributes":${attributesJson(span.attributes)},"droppedAttributesCount":${span.droppedAttributesCount ?? 0},"events":[`;
  for (let i = 0; i < span.events.length; i++) out += (i > 0 ? "," : "") + eventJson(span.events[i]!);
  out += `],"droppedEventsCount":${span.droppedEventsCount ?? 0},"links":[`;
  for (let i = 0; i < span.links.length; i++) out += (i > 0 ? "," : "") + linkJson(span.links[i]!);
  out += `],"droppedLinksCount":${span.droppedLinksCount ?? 0},"status":{"code":${span.status.code}`;
  if (span.status.message) out += `,"message":${JSON.stringify(span.status.message)}`;
  return `${out}}}`;
}

/**
 * Encodes spans as an OTLP/JSON `ExportTraceServiceRequest` (the OTLP/JSON spec form: lowercase hex ids,
 * int64 and uint64 as decimal strings, enums as integers, non-finite doubles as "NaN"/"Infinity"). One
 * ResourceSpans carries `resource` (the pipeline's attributes, not `span.resource`); spans keep their order,
 * one ScopeSpans per run of one instrumentation scope (see groupByScope). `decodeTraceRequest` round-trips the result.
 *
 * The encoded form of `resource` and of each scope is cached per object: do not mutate them afterwards.
 */
export function encodeTraceRequestJson(spans: readonly ReadableSpan[], resource: Attributes): string {
  if (spans.length === 0) return '{"resourceSpans":[]}';
  let out = `{"resourceSpans":[{"resource":${resourceJson(resource)},"scopeSpans":[`;
  const groups = groupByScope(spans);
  for (let g = 0; g < groups.length; g++) {
    const { scope, spans: list } = groups[g]!;
    out += `${g > 0 ? "," : ""}{"scope":${scopeJson(scope)},"spans":[`;
    for (let i = 0; i < list.length; i++) out += (i > 0 ? "," : "") + spanJson(list[i]!);
    out += "]";
    if (scope.schemaUrl) out += `,"schemaUrl":${JSON.stringify(scope.schemaUrl)}`;
    out += "}";
  }
  return `${out}]}]}`;
}
