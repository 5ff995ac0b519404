/**
 * The one rule of a span's error message, used by the dev server's ingest (the event's `error`) and by the SDK's agent
 * trace (a tool or model call's `error`): the SDK's explicit `honeyhive_error`, else, for a span whose status is ERROR,
 * the status message, else its `exception` event's type and message, else `"error"`. Undefined for a span that did
 * not fail. Pure.
 */
import { ATTR_ERROR } from "./attributes";

/** A span as the rule reads it (a live span or a decoded OTLP span). */
export interface ErrorSpanLike {
  /** The status code: 2 is ERROR. */
  readonly statusCode: number | undefined;
  readonly statusMessage?: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly events?: readonly { readonly name: string; readonly attributes?: Readonly<Record<string, unknown>> }[];
}

function text(source: Readonly<Record<string, unknown>> | undefined, key: string): string | undefined {
  const value = source !== undefined && Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The span's error message (see the module comment). */
export function spanErrorMessage(span: ErrorSpanLike): string | undefined {
  const explicit = text(span.attributes, ATTR_ERROR);
  if (explicit !== undefined) return explicit;
  if (span.statusCode !== 2) return undefined;
  if (span.statusMessage) return span.statusMessage;
  for (const event of span.events ?? []) {
    if (event.name !== "exception") continue;
    const type = text(event.attributes, "exception.type");
    const message = text(event.attributes, "exception.message");
    if (type || message) return [type, message].filter(Boolean).join(": ");
  }
  return "error";
}
