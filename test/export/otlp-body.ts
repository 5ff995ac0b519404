/**
 * A minimal well-formed OTLP/protobuf `ExportTraceServiceRequest` with `spans` spans, for disk spool tests: each span
 * is only a trace id, the resource is `pad` filler bytes, and the body's last byte is `marker` (to tell bodies apart).
 */
function varint(value: number): number[] {
  const out: number[] = [];
  while (value > 127) {
    out.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
}

function field(tag: number, content: number[]): number[] {
  return [tag, ...varint(content.length), ...content];
}

export function otlpBody(spans: number, marker: number, pad = 0): Uint8Array {
  const span = field(0x0a, Array.from({ length: 16 }, () => marker)); // trace_id
  const scope: number[] = [];
  for (let i = 0; i < spans; i++) scope.push(...field(0x12, span)); // ScopeSpans.spans (2)
  const resourceSpans = [...(pad > 0 ? field(0x0a, Array.from({ length: pad }, () => 0)) : []), ...field(0x12, scope)]; // resource (1), scope_spans (2)
  return Uint8Array.from(field(0x0a, resourceSpans)); // ExportTraceServiceRequest.resource_spans (1)
}

/** The marker of a body made by {@link otlpBody}. */
export function markerOf(body: Uint8Array): number {
  return body[body.length - 1]!;
}
