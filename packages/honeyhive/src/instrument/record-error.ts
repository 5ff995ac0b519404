import { type Span, SpanStatusCode } from "@opentelemetry/api";
import { ATTR_ERROR, ATTR_ERROR_TYPE } from "@honeyhive/core/semconv/attributes";
import { noteInternalError } from "../internal/guard";

const MAX_ERROR_LENGTH = 4096;

function errorParts(error: unknown): { type: string; message: string; exception: Error | string } {
  try {
    if (error instanceof Error) return { type: error.name || "Error", message: String(error.message), exception: error };
    const text = typeof error === "string" ? error : JSON.stringify(error) ?? String(error);
    return { type: typeof error, message: text, exception: text };
  } catch {
    return { type: "unknown", message: "unserialisable error", exception: "unserialisable error" };
  }
}

/** Records a thrown value on `span` itself: exception event, ERROR status, `honeyhive_error`. Never throws. */
export function recordError(span: Span, error: unknown): void {
  try {
    const { type, message, exception } = errorParts(error);
    const text = message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message;
    span.recordException(exception);
    span.setStatus({ code: SpanStatusCode.ERROR, message: `${type}: ${text}` });
    span.setAttribute(ATTR_ERROR, text);
    span.setAttribute(ATTR_ERROR_TYPE, type);
  } catch (error) {
    noteInternalError(error); // recording must never replace the user's error
  }
}
