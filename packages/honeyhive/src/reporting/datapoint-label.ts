import { cutText } from "./cut-text";

/**
 * A short human label for a datapoint: its first input value (strings as they are, a bigint as its digits, other
 * values as JSON), whitespace collapsed and cut to `max` characters with "…". Falls back to the datapoint id. Pure.
 */
export function datapointLabel(inputs: unknown, fallback: string, max = 60): string {
  let text = "";
  if (inputs && typeof inputs === "object" && !Array.isArray(inputs)) {
    const first = Object.values(inputs as Record<string, unknown>)[0];
    if (typeof first === "string") text = first;
    else if (typeof first === "bigint") text = first.toString();
    else if (first !== undefined) {
      try {
        text = JSON.stringify(first) ?? "";
      } catch {
        text = "";
      }
    }
  }
  text = text.replace(/\s+/g, " ").trim();
  if (text === "") return fallback;
  return cutText(text, max);
}
