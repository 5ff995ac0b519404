/**
 * Span limits of the SDK's own provider and of the light span (one definition, so both behave alike): the
 * Python SDK's attribute, event and link counts, and the OpenTelemetry defaults per event and per link.
 */
export const SPAN_LIMITS = Object.freeze({
  attributeCountLimit: 1024,
  eventCountLimit: 1024,
  linkCountLimit: 128,
  attributePerEventCountLimit: 128,
  attributePerLinkCountLimit: 128,
});
