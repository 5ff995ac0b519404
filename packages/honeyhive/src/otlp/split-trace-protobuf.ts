/**
 * Halves of an encoded protobuf `ExportTraceServiceRequest`, for a server that answered 413 (too large): the body is
 * split as it is, so the export path does not keep a batch's span objects alive while its request is in flight (the
 * spans would survive young-generation collections and be copied into the old one: decision record 0092).
 *
 * Each half keeps its spans' resource and scope (and schema URLs) and their order; no field is decoded beyond the
 * framing. Fields are read as they come: ResourceSpans (1) → ScopeSpans (2) → Span (2).
 */
import { WIRE_LEN, walkFields } from "./proto-fields";

/** One half: the encoded request and how many spans it carries. */
export interface TraceRequestPart {
  readonly body: Uint8Array;
  readonly spans: number;
}

/** A message's fields other than its repeated children, and those children (each from its tag to its end, and its payload's start). */
interface Framed {
  readonly others: Uint8Array[];
  readonly children: { start: number; valueStart: number; end: number }[];
}

/** Splits the message in `buf[start, end)` into its length-delimited fields numbered `child` and all the others. */
function frame(buf: Uint8Array, start: number, end: number, child: number): Framed | undefined {
  const others: Uint8Array[] = [];
  const children: { start: number; valueStart: number; end: number }[] = [];
  const ok = walkFields(buf, start, end, (f) => {
    if (f.wire === WIRE_LEN && f.field === child) children.push(f);
    else others.push(buf.subarray(f.start, f.end));
    return true;
  });
  return ok ? { others, children } : undefined;
}

function varintBytes(value: number): number[] {
  const out: number[] = [];
  while (value > 0x7f) {
    out.push((value % 128) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
}

/** `parts` one after another, after `head`. */
function concat(head: readonly number[], parts: readonly Uint8Array[]): Uint8Array {
  let length = head.length;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  out.set(head, 0);
  let pos = head.length;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}

/** A length-delimited field with tag byte `tag` around `parts`. */
function message(tag: number, parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  return concat([tag, ...varintBytes(length)], parts);
}

/** One span, with where it belongs: its ResourceSpans' other fields and its ScopeSpans' other fields. */
interface PlacedSpan {
  readonly resource: Uint8Array[];
  readonly scope: Uint8Array[];
  readonly bytes: Uint8Array;
}

/** Every span of the request in order, with its resource and scope fields; undefined when the framing is broken. */
function placedSpans(buf: Uint8Array): PlacedSpan[] | undefined {
  const request = frame(buf, 0, buf.length, 1);
  if (request === undefined) return undefined;
  const spans: PlacedSpan[] = [];
  for (const rs of request.children) {
    const resourceSpans = frame(buf, rs.valueStart, rs.end, 2);
    if (resourceSpans === undefined) return undefined;
    for (const ss of resourceSpans.children) {
      const scopeSpans = frame(buf, ss.valueStart, ss.end, 2);
      if (scopeSpans === undefined) return undefined;
      for (const span of scopeSpans.children) spans.push({ resource: resourceSpans.others, scope: scopeSpans.others, bytes: buf.subarray(span.start, span.end) });
    }
  }
  return spans;
}

/** The request carrying `spans` (consecutive spans of one scope share one ScopeSpans, of one resource one ResourceSpans). */
function requestOf(spans: readonly PlacedSpan[]): Uint8Array {
  const resources: Uint8Array[] = [];
  let i = 0;
  while (i < spans.length) {
    const resource = spans[i]!.resource;
    const scopes: Uint8Array[] = [];
    while (i < spans.length && spans[i]!.resource === resource) {
      const scope = spans[i]!.scope;
      const members: Uint8Array[] = [...scope];
      while (i < spans.length && spans[i]!.scope === scope) members.push(spans[i++]!.bytes);
      scopes.push(message(0x12, members));
    }
    resources.push(message(0x0a, [...resource, ...scopes]));
  }
  return concat([], resources);
}

/**
 * The two halves (by span count, the first one the larger) of an encoded protobuf ExportTraceServiceRequest, or
 * undefined when it carries fewer than two spans or is not such a request.
 */
export function splitTraceRequestProtobuf(body: Uint8Array): [TraceRequestPart, TraceRequestPart] | undefined {
  const spans = placedSpans(body);
  if (spans === undefined || spans.length < 2) return undefined;
  const middle = Math.ceil(spans.length / 2);
  const first = spans.slice(0, middle);
  const second = spans.slice(middle);
  return [{ body: requestOf(first), spans: first.length }, { body: requestOf(second), spans: second.length }];
}

/** Sends the halves of `body` one after the other with `send` and gives both answers; undefined when it cannot be split. */
export async function sendInHalves<T>(body: Uint8Array, send: (part: TraceRequestPart) => Promise<T>): Promise<[T, T] | undefined> {
  const halves = splitTraceRequestProtobuf(body);
  if (halves === undefined) return undefined;
  const first = await send(halves[0]);
  return [first, await send(halves[1])];
}
