/**
 * The one rule for every options object of the SDK (the tracer and each of its nested objects, `trace()`,
 * `withSession()`, `evaluate()`, `getPrompt()`, `feedback()`, the dataset functions, the ready evaluators, the LLM
 * cache, the `HoneyHive` client): a key that is not an option names the closest key of its own level; how strictly it
 * is taken is the call site's {@link OptionStrictness}. Most options warn once and the key is ignored, or throw in
 * strict mode (a tracer's `resilience: "strict"` for what that tracer decides, else `HH_RESILIENCE=strict`); options
 * that decide a verdict or a permission always throw (decision record 0052 and its amendment).
 */
import { unknownKeyMessage, unknownKeys } from "@honeyhive/core/text/closest-key";
import { type HoneyHiveEnv, readEnv } from "../internal/env";
import { guard } from "../internal/guard";
import { type Logger, sdkLogger, warnOncePerProcess } from "../internal/logger";
import { HoneyHiveConfigError } from "./config-error";

/**
 * The messages for the unknown keys of one options object: `where` (when given) then the key and the closest key of
 * `keys` (`getPrompt(): unknown option "ttl" (did you mean "ttlMs"?)`). `raw` is read defensively: a Proxy or a
 * throwing `ownKeys` trap gives no message, never an exception. Not an object: no message.
 */
export function unknownOptionMessages(raw: unknown, keys: readonly string[], where?: string): string[] {
  if (typeof raw !== "object" || raw === null) return [];
  const unknown = guard(() => (Array.isArray(raw) ? [] : unknownKeys(raw, keys)), [] as string[]);
  return unknown.map((key) => (where === undefined ? unknownKeyMessage(key, keys) : `${where}: ${unknownKeyMessage(key, keys)}`));
}

/** Whether `HH_RESILIENCE` asks for strict option checks (any case; any other value: not strict). */
export function strictFromEnv(env: HoneyHiveEnv = readEnv()): boolean {
  return guard(() => env.HH_RESILIENCE?.trim().toLowerCase() === "strict", false);
}

/**
 * Whether unknown option keys are strict where `tracer` decides: its `resilience: "strict"`; with no tracer,
 * `HH_RESILIENCE=strict` ({@link strictFromEnv}). The one rule for every call site a tracer governs (`trace()`'s
 * options, `feedback()`, a tracer's `getPrompt()`).
 */
export function strictOptionsOf(tracer: { readonly settings: { readonly resilience: string } } | undefined): boolean {
  return tracer === undefined ? strictFromEnv() : tracer.settings.resilience === "strict";
}

/**
 * How strictly one call site takes an unknown key:
 * - `"decisive"`: the options decide a verdict or a permission (`evaluate()`, `evaluator()`, the ready evaluators,
 *   `feedbackToken()`, `createFeedbackHandler()`): always an error, whatever the resilience mode, since an ignored
 *   typo would pass a gate or widen a permission in silence;
 * - `"resilient"`: a warning and the key is ignored; strict mode throws (the request path and settings);
 * - `"lenient"`: a warning, even in strict mode (calls that must never throw: `withSession()`, `startSpan()`).
 */
export type OptionStrictness = "decisive" | "resilient" | "lenient";

/** How one call site applies the rule. */
export interface UnknownOptionsPolicy {
  /** How strictly an unknown key is taken. @defaultValue `"resilient"` */
  readonly strictness?: OptionStrictness;
  /** Whether strict mode is on, for `"resilient"` (e.g. a tracer's `resilience`). @defaultValue `HH_RESILIENCE=strict` */
  readonly strict?: boolean;
  /** Where the warnings go (once per process each). @defaultValue the SDK's logger */
  readonly logger?: Logger;
  /** The error thrown. @defaultValue a {@link HoneyHiveConfigError} */
  readonly fail?: (messages: readonly string[]) => Error;
}

/** The policy of options that decide a verdict or a permission: an unknown key is a {@link HoneyHiveConfigError}. */
export const DECISIVE_OPTIONS: UnknownOptionsPolicy = Object.freeze({ strictness: "decisive" });

/** Whether `policy` makes an unknown key an error. */
function throwsFor(policy: UnknownOptionsPolicy): boolean {
  switch (policy.strictness ?? "resilient") {
    case "decisive":
      return true;
    case "lenient":
      return false;
    default:
      return policy.strict ?? strictFromEnv();
  }
}

/**
 * Applies the rule to `messages` (from {@link unknownOptionMessages}): when the policy makes them errors, it throws
 * one error listing them all; otherwise each is warned once per process with `; ignored` appended. Nothing to say:
 * nothing happens.
 */
export function reportUnknownOptions(messages: readonly string[], policy: UnknownOptionsPolicy = {}): void {
  if (messages.length === 0) return;
  if (throwsFor(policy)) throw (policy.fail ?? ((m) => new HoneyHiveConfigError(m)))(messages);
  const logger = policy.logger ?? sdkLogger();
  for (const message of messages) warnOncePerProcess(logger, `${message}; ignored`);
}

/** {@link unknownOptionMessages} then {@link reportUnknownOptions}: the check of one options object. */
export function checkUnknownOptions(raw: unknown, keys: readonly string[], where: string | undefined, policy: UnknownOptionsPolicy = {}): void {
  reportUnknownOptions(unknownOptionMessages(raw, keys, where), policy);
}

/**
 * The check of a factory's options object (the ready evaluators, the LLM cache): `undefined`/`null` pass, anything
 * but an object is a `TypeError`, unknown keys follow the rule with `policy` (`where` names the function, e.g.
 * "exactMatch").
 */
export function checkOptionKeys(options: unknown, known: readonly string[], where: string, policy: UnknownOptionsPolicy = {}): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object" || guard(() => Array.isArray(options), false)) throw new TypeError(`${where}: options must be an object, got ${Array.isArray(options) ? "an array" : typeof options}`);
  checkUnknownOptions(options, known, where, policy);
}
