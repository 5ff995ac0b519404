import { optionKeys, readPlainOptions } from "../config/options-snapshot";
import { checkUnknownOptions } from "../config/unknown-options";
import type { Logger } from "../internal/logger";

/** Options of {@link HoneyHiveTracer.withSession}. */
export interface WithSessionOptions {
  sessionName?: string;
  /** A UUID; a new one is generated when absent or invalid. */
  sessionId?: string;
  inputs?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

const WITH_SESSION_KEYS = optionKeys<WithSessionOptions>()({ sessionName: true, sessionId: true, inputs: true, metadata: true });

/**
 * The options of one `withSession()` call as a plain object, key by key (a Proxy or a throwing getter costs that key).
 * An unknown key is ignored with a warning naming the closest option, once per process
 * (`withSession: unknown option "sesionName" (did you mean "sessionName"?); ignored`). It never throws, even for a
 * `strict` tracer: `withSession()` runs on the request path, and a typo there must not fail requests.
 */
export function readWithSessionOptions(raw: unknown, logger: Logger): WithSessionOptions {
  if (typeof raw !== "object" || raw === null) return {};
  checkUnknownOptions(raw, WITH_SESSION_KEYS, "withSession", { strictness: "lenient", logger });
  return readPlainOptions(raw, WITH_SESSION_KEYS) as WithSessionOptions;
}
