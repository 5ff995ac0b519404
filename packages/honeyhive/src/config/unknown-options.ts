/**
 * The one rule for every options object of the SDK (the tracer and each of its nested objects, `trace()`,
 * `withSession()`, `evaluate()`, `getPrompt()`, `feedback()`, the dataset functions, the ready evaluators, the LLM
 * cache, the `HoneyHive` client): a key that is not an option warns once, naming the closest key of its own level, and
 * is ignored; in strict mode it throws instead. Strict mode is a tracer's `resilience: "strict"` for what that tracer
 * decides, else `HH_RESILIENCE=strict` (decision record 0052).
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

/** How one call site applies the rule. */
export interface UnknownOptionsPolicy {
  /** Throw instead of warning. @defaultValue `HH_RESILIENCE=strict` */
  readonly strict?: boolean;
  /** Where the warnings go (once per process each). @defaultValue the SDK's logger */
  readonly logger?: Logger;
  /** The error thrown in strict mode. @defaultValue a {@link HoneyHiveConfigError} */
  readonly fail?: (messages: readonly string[]) => Error;
}

/**
 * Applies the rule to `messages` (from {@link unknownOptionMessages}): strict, it throws one error listing them all;
 * otherwise each is warned once per process with `; ignored` appended. Nothing to say: nothing happens.
 */
export function reportUnknownOptions(messages: readonly string[], policy: UnknownOptionsPolicy = {}): void {
  if (messages.length === 0) return;
  if (policy.strict ?? strictFromEnv()) throw (policy.fail ?? ((m) => new HoneyHiveConfigError(m)))(messages);
  const logger = policy.logger ?? sdkLogger();
  for (const message of messages) warnOncePerProcess(logger, `${message}; ignored`);
}

/** {@link unknownOptionMessages} then {@link reportUnknownOptions}: the check of one options object. */
export function checkUnknownOptions(raw: unknown, keys: readonly string[], where: string | undefined, policy: UnknownOptionsPolicy = {}): void {
  reportUnknownOptions(unknownOptionMessages(raw, keys, where), policy);
}

/**
 * The check of a factory's options object (the ready evaluators, the LLM cache): `undefined`/`null` pass, anything
 * but an object is a `TypeError`, unknown keys follow the rule (`where` names the function, e.g. "exactMatch").
 */
export function checkOptionKeys(options: unknown, known: readonly string[], where: string): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object" || guard(() => Array.isArray(options), false)) throw new TypeError(`${where}: options must be an object, got ${Array.isArray(options) ? "an array" : typeof options}`);
  checkUnknownOptions(options, known, where);
}
