import { runtime } from "../runtime/platform";
import { pythonJsonDumps } from "./python-json";

/** Prefix the backend uses to recognise external (not stored) datasets and datapoints. */
export const EXT_PREFIX = "EXT-";

function sha256Hex16(text: string): string {
  return runtime.sha256Hex(text).slice(0, 16);
}

/** `EXT-` + the first 16 hex digits of sha256 over `text` (already in Python's `json.dumps` form). */
export function externalIdOfText(text: string): string {
  return `${EXT_PREFIX}${sha256Hex16(text)}`;
}

/** A custom id with the `EXT-` prefix (kept when it already has it). */
export function withExtPrefix(custom: string): string {
  return custom.startsWith(EXT_PREFIX) ? custom : `${EXT_PREFIX}${custom}`;
}

/**
 * The Python SDK's external dataset id: `EXT-` + the first 16 hex digits of sha256 over
 * `json.dumps(datapoints, sort_keys=True)`; a custom id just gets the `EXT-` prefix.
 */
export function externalDatasetId(datapoints: readonly unknown[], customId?: string): string {
  if (customId) return withExtPrefix(customId);
  return `${EXT_PREFIX}${sha256Hex16(pythonJsonDumps(datapoints))}`;
}

/**
 * The Python SDK's external datapoint id: `EXT-` + the first 16 hex digits of sha256 over
 * `json.dumps(datapoint, sort_keys=True) + str(index)`; a custom id (the item's `id` or `datapoint_id`)
 * just gets the `EXT-` prefix.
 */
export function externalDatapointId(datapoint: unknown, index: number, customId?: string): string {
  if (customId) return withExtPrefix(customId);
  return `${EXT_PREFIX}${sha256Hex16(`${pythonJsonDumps(datapoint)}${index}`)}`;
}
