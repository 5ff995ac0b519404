import { formatScore } from "@honeyhive/core/text/format-score";

/**
 * A duration as every printed line of an evaluation shows it, defined once for the progress line (`done in 0.149 s`)
 * and the result summary (`· 0.149 s`), so the two never disagree: under a minute the seconds to the millisecond
 * (`formatScore`: `0.149 s`, `12 s`), then `2m05s`, then `1h03m`. "?" for no finite duration. Pure.
 */
export function durationText(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const rounded = Math.round(seconds * 1000) / 1000;
  if (rounded < 60) return `${formatScore(rounded)} s`;
  const minutes = Math.floor(rounded / 60);
  if (minutes < 60) return `${minutes}m${String(Math.floor(rounded % 60)).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
