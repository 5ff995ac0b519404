/**
 * Counts the spans of an encoded OTLP `ExportTraceServiceRequest` (protobuf or JSON) without decoding them: what
 * the disk spool counts when it sends a file back, instead of trusting the file's name. Undefined when the body
 * is not a well-formed request. Pure; never throws.
 */

/** Reads a varint at `pos`; undefined when truncated or longer than 10 bytes. */
function readVarint(bytes: Uint8Array, pos: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos + i >= bytes.length) return undefined;
    const byte = bytes[pos + i]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: pos + i + 1 };
    scale *= 128;
  }
  return undefined;
}

/**
 * Walks the fields of one message in `bytes[start, end)`, calling `onField(field, start, end)` for each
 * length-delimited field. False when the message is malformed.
 */
function walk(bytes: Uint8Array, start: number, end: number, onField: (field: number, from: number, to: number) => boolean): boolean {
  let pos = start;
  while (pos < end) {
    const key = readVarint(bytes, pos);
    if (!key) return false;
    pos = key.next;
    const wire = key.value % 8;
    const field = Math.floor(key.value / 8);
    if (wire === 0) {
      const skipped = readVarint(bytes, pos);
      if (!skipped) return false;
      pos = skipped.next;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const length = readVarint(bytes, pos);
      if (!length || length.next + length.value > end) return false;
      if (!onField(field, length.next, length.next + length.value)) return false;
      pos = length.next + length.value;
    } else return false;
  }
  return pos === end;
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
