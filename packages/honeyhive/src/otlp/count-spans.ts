/**
 * Counts the spans of an encoded OTLP `ExportTraceServiceRequest` (protobuf or JSON) without decoding them: what
 * the disk spool counts when it sends a file back, instead of trusting the file's name. Undefined when the body
 * is not a well-formed request. Pure; never throws.
 */
import { WIRE_LEN, walkFields } from "./proto-fields";

/**
 * Walks the length-delimited fields of one message in `bytes[start, end)`, calling `onField(field, start, end)` for
 * each. False when the message is malformed.
 */
function walk(bytes: Uint8Array, start: number, end: number, onField: (field: number, from: number, to: number) => boolean): boolean {
  return walkFields(bytes, start, end, (f) => f.wire !== WIRE_LEN || onField(f.field, f.valueStart, f.end));
}

/** Spans in an OTLP/protobuf request: request.resource_spans(1).scope_spans(2).spans(2). */
export function countProtobufSpans(bytes: Uint8Array): number | undefined {
  let spans = 0;
  const ok = walk(bytes, 0, bytes.length, (field, from, to) =>
    field !== 1 || walk(bytes, from, to, (f2, a, b) => f2 !== 2 || walk(bytes, a, b, (f3) => (f3 === 2 ? ++spans > 0 : true))),
  );
  return ok ? spans : undefined;
}

/** Spans in an OTLP/JSON request: `resourceSpans[].scopeSpans[].spans[]`. */
export function countJsonSpans(text: string): number | undefined {
  try {
    const request = JSON.parse(text) as { resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[] };
    if (typeof request !== "object" || request === null || !Array.isArray(request.resourceSpans)) return undefined;
    let spans = 0;
    for (const resource of request.resourceSpans) {
      for (const scope of Array.isArray(resource?.scopeSpans) ? resource.scopeSpans : []) spans += Array.isArray(scope?.spans) ? scope.spans.length : 0;
    }
    return spans;
  } catch {
    return undefined;
  }
}
