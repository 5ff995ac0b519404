/**
 * The one way an integration gives an instrumentation's open model span the time to its first token: the span's
 * `time_to_first_token` (ms) and `streamed`, set only where the span has no time of its own yet (the first measure
 * wins; a second observer of the same call adds nothing). What LangChain's tracers and LlamaIndex under OpenLLMetry
 * both do.
 */
import { type Span } from "@opentelemetry/api";
import { ATTR_STREAMED, ATTR_TIME_TO_FIRST_TOKEN } from "@honeyhive/core/semconv/stream-facts";

/** Marks `span` (recording, with no time to first token yet) as streamed with its first token after `ms`. */
export function markFirstToken(span: Span, ms: number): void {
  const attributes = (span as unknown as { attributes?: Record<string, unknown> }).attributes ?? {};
  if (span.isRecording() && attributes[ATTR_TIME_TO_FIRST_TOKEN] === undefined) span.setAttributes({ [ATTR_TIME_TO_FIRST_TOKEN]: ms, [ATTR_STREAMED]: true });
}
