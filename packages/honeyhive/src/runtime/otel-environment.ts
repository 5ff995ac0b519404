/**
 * The environment reads of the bundled OpenTelemetry SDK pieces (`OTEL_*`: span limits, the sampler), as their Node
 * platform reads them, through `globalThis.process` where there is one (Node, Bun, Deno) and nothing elsewhere (Workers,
 * Edge, browsers: their browser platform reads nothing). The build puts this file in place of their Node platform's
 * environment module, which imports `node:util` for one warning's text, so the one copy of the code runs everywhere.
 */
import { diag } from "@opentelemetry/api";

function raw(key: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.[key];
}

/** A number from the environment; undefined when empty, unset or not a number (warned). */
export function getNumberFromEnv(key: string): number | undefined {
  const text = raw(key);
  if (text === undefined || text.trim() === "") return undefined;
  const value = Number(text);
  if (Number.isNaN(value)) {
    diag.warn(`Unknown value ${JSON.stringify(text)} for ${key}, expected a number, using defaults`);
    return undefined;
  }
  return value;
}

/** A string from the environment; undefined when empty or unset. */
export function getStringFromEnv(key: string): string | undefined {
  const text = raw(key);
  return text === undefined || text.trim() === "" ? undefined : text;
}

/** A boolean from the environment: `true` / `false` (any case, trimmed); false when empty, unset or anything else (warned). */
export function getBooleanFromEnv(key: string): boolean {
  const text = raw(key)?.trim().toLowerCase();
  if (text === undefined || text === "" || text === "false") return false;
  if (text === "true") return true;
  diag.warn(`Unknown value ${JSON.stringify(text)} for ${key}, expected 'true' or 'false', falling back to 'false' (default)`);
  return false;
}

/** A comma-separated list from the environment, entries trimmed, empty ones left out; undefined when empty or unset. */
export function getStringListFromEnv(key: string): string[] | undefined {
  return getStringFromEnv(key)?.split(",").map((v) => v.trim()).filter((v) => v !== "");
}
