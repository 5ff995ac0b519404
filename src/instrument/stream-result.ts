import type { Span } from "@opentelemetry/api";

/** Result of {@link wrapStreamResult}: `wrapped` is false when the value is not a stream. */
export type StreamWrapResult = { wrapped: true; value: unknown } | { wrapped: false };

/**
 * Keeps the span open over a returned stream (async iterator, async generator, Node Readable, web
 * ReadableStream) until it is consumed, fails or is abandoned.
 */
export function wrapStreamResult(_value: unknown, _span: Span, _startedAt: number, _captureOutputs: boolean): StreamWrapResult {
  return { wrapped: false };
}
