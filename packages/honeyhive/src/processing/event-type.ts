import type { Attributes } from "@opentelemetry/api";
import { ATTR_EVENT_TYPE } from "@honeyhive/core/semconv/attributes";

export { inferEventType } from "@honeyhive/core/semconv/event-type";

/** True when the span already carries an explicit event type. */
export function hasEventType(attributes: Attributes): boolean {
  return typeof attributes[ATTR_EVENT_TYPE] === "string";
}
