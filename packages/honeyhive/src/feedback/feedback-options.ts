/**
 * The unknown-option rule (`config/unknown-options.ts`) for the feedback functions. In `feedback()`'s fields and
 * options a typo (`idempotency_key`) warns once through the tracer's logger naming the closest key, and is ignored;
 * strict (the tracer's `resilience: "strict"`, with no tracer `HH_RESILIENCE=strict`) it throws a
 * `HoneyHiveConfigError`. `feedbackToken()`'s and `createFeedbackHandler()`'s options decide a permission (which
 * feedback a browser may send), so a typo there always throws: an ignored `nmes` would sign a token for any name.
 */
import { type OptionStrictness, reportUnknownOptions, strictOptionsOf, unknownOptionMessages } from "../config/unknown-options";
import type { TracerHandle } from "../context/tracer-handle";

/** The keys of `feedback()`'s fields, options, and of the other functions' options. */
export const FEEDBACK_FIELD_KEYS = ["name", "value", "comment"];
export const FEEDBACK_OPTION_KEYS = ["idempotencyKey", "tracer"];
export const FEEDBACK_TOKEN_OPTION_KEYS = ["ttlMs", "names", "secret", "apiKey", "tracer"];
export const FEEDBACK_HANDLER_OPTION_KEYS = ["apiKey", "serverUrl", "secret", "fetch", "timeoutMs", "logger"];

/**
 * Applies the rule to each `[object, keys, where]` level with `strictness`, the tracer (when one was found) deciding
 * strict mode and receiving the warnings.
 */
export function checkFeedbackOptions(
  levels: readonly (readonly [unknown, readonly string[], string])[],
  tracer: TracerHandle | undefined,
  strictness: OptionStrictness = "resilient",
): void {
  const messages = levels.flatMap(([raw, keys, where]) => unknownOptionMessages(raw, keys, where));
  reportUnknownOptions(messages, { strictness, strict: strictOptionsOf(tracer), logger: tracer?.logger });
}
