/**
 * The decoded form of an OTLP span, shared by the protobuf and JSON decoders. Ids are lowercase hex,
 * timestamps are nanoseconds since the epoch as `bigint`, attribute values are plain JS values.
 */

/**
 * One decoded attribute value: int64 becomes a number when it is a safe integer and a decimal string
 * otherwise; `kvlistValue` becomes an object; `arrayValue` an array; `bytesValue` a base64 string;
 * an empty AnyValue becomes `null`.
 */
export type DecodedValue = string | number | boolean | null | DecodedValue[] | { [key: string]: DecodedValue };

/** Decoded attributes (own enumerable properties; duplicate keys: the last one wins). */
export type DecodedAttributes = Record<string, DecodedValue>;

/** A decoded span event. */
export interface DecodedEvent {
  name: string;
  timeUnixNano: bigint;
  attributes: DecodedAttributes;
  droppedAttributesCount: number;
}

/** A decoded span link. */
export interface DecodedLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: DecodedAttributes;
  droppedAttributesCount: number;
  /** OTLP `flags` (W3C trace flags in bits 0-7, is-remote bits 8-9); 0 when absent. */
  flags: number;
}

/** The instrumentation scope a span was reported under. */
export interface DecodedScope {
  name: string;
  version?: string;
  /** `ScopeSpans.schema_url`, when present. */
  schemaUrl?: string;
}

/** One decoded OTLP span, with its scope and resource attached. */
export interface DecodedSpan {
  /** Lowercase hex (32 characters for a valid id; empty when absent). */
  traceId: string;
  /** Lowercase hex (16 characters for a valid id; empty when absent). */
  spanId: string;
  /** Lowercase hex; absent on root spans (missing, null or empty in the body). */
  parentSpanId?: string;
  /** W3C tracestate header value, when non-empty. */
  traceState?: string;
  name: string;
  /** OTLP span kind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer (API kind + 1). */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: DecodedAttributes;
  droppedAttributesCount: number;
  events: DecodedEvent[];
  droppedEventsCount: number;
  links: DecodedLink[];
  droppedLinksCount: number;
  /** OTLP status: code 0 unset, 1 ok, 2 error; `message` only when non-empty. */
  status: { code: number; message?: string };
  /** OTLP `flags` (W3C trace flags in bits 0-7, is-remote bits 8-9); 0 when absent. */
  flags: number;
  scope: DecodedScope;
  /**
   * Resource attributes of the enclosing ResourceSpans. The same object is shared by every span of that
   * ResourceSpans: treat it as read-only.
   */
  resource: DecodedAttributes;
}

/** Maximum nesting depth of AnyValue (arrays / kvlists) the decoders accept. */
export const MAX_VALUE_DEPTH = 64;

/** Sets `key` on a decoded attribute object safely (a `__proto__` key becomes an own property). */
export function setDecodedAttribute(target: DecodedAttributes, key: string, value: DecodedValue): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
