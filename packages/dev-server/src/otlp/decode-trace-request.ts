import { decodeTraceJson } from "./decode-trace-json";
import { decodeTraceProtobuf } from "./decode-trace-protobuf";
import type { DecodedSpan } from "./decoded-span";
import { OtlpDecodeError } from "./otlp-decode-error";

/** The body formats {@link decodeTraceRequest} understands, from a `Content-Type` header. */
type OtlpBodyFormat = "protobuf" | "json";

/**
 * Maps a `Content-Type` header value to a body format (parameters such as `charset` and case are ignored):
 * `application/x-protobuf` and `application/protobuf` → protobuf; `application/json` → json; anything
 * else → undefined.
 */
export function otlpBodyFormat(contentType: string | undefined | null): OtlpBodyFormat | undefined {
  if (typeof contentType !== "string") return undefined;
  const semi = contentType.indexOf(";");
  const mime = (semi >= 0 ? contentType.slice(0, semi) : contentType).trim().toLowerCase();
  if (mime === "application/x-protobuf" || mime === "application/protobuf") return "protobuf";
  if (mime === "application/json") return "json";
  return undefined;
}

/**
 * Decodes an OTLP `ExportTraceServiceRequest` body (already un-gzipped) sent as protobuf or JSON,
 * according to `contentType`. Throws {@link OtlpDecodeError} — and never anything else — when the
 * content type is unsupported or the body is malformed in any way.
 */
export function decodeTraceRequest(body: Uint8Array, contentType: string): DecodedSpan[] {
  if (!(body instanceof Uint8Array)) throw new OtlpDecodeError("body must be a Uint8Array");
  const format = otlpBodyFormat(contentType);
  if (format === undefined) {
    throw new OtlpDecodeError(`unsupported content type ${JSON.stringify(String(contentType).slice(0, 100))}`);
  }
  try {
    return format === "protobuf" ? decodeTraceProtobuf(body) : decodeTraceJson(body);
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : "unknown error";
    throw new OtlpDecodeError(`malformed ${format} body (${detail.slice(0, 200)})`);
  }
}
