/**
 * The one rule for environment variables: a value that cannot be used is ignored (the option or default applies),
 * and it is said once, naming the variable, the value, the accepted spellings and what is used instead — a typo in
 * `HH_API_TIMEOUT` or `HH_OTLP_PROTOCOL` must not pass silently, nor turn tracing off. The tracer and evaluate()
 * read their variables through {@link EnvValues} and word their warnings with {@link EnvValues.warnings}.
 */
import { closestKey } from "@honeyhive/core/text/closest-key";
import { type HoneyHiveEnv, misnamedEnvVariables, parseEnvInteger } from "../internal/env";

/** A variable whose value was ignored. */
interface InvalidEnvValue {
  readonly name: keyof HoneyHiveEnv;
  readonly value: string;
  /** The accepted spellings (`a positive integer`, `one of gzip, none (any case)`). */
  readonly expected: string;
  /** Said after what is used instead (`did you mean "gzip"?`). */
  readonly hint?: string;
}

/** The setting an ignored variable feeds and the value that applies instead (undefined: the default). */
export type UsedInstead = readonly [setting: string, value: unknown];

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;

/** Reads variables of one environment snapshot, collecting the invalid ones. */
export class EnvValues {
  /** The variables whose values were ignored, in reading order (each once). */
  readonly invalid: InvalidEnvValue[] = [];

  /** @param env - the snapshot (see `readEnv`). */
  constructor(private readonly env: HoneyHiveEnv) {}

  /** A positive integer, or undefined when unset or invalid (noted). */
  integer(name: keyof HoneyHiveEnv): number | undefined {
    const value = this.env[name];
    if (value === undefined) return undefined;
    const n = parseEnvInteger(value);
    if (n === undefined) this.#note({ name, value, expected: "a positive integer" });
    return n;
  }

  /** `1/true/yes/on` or `0/false/no/off` (any case); undefined when unset or anything else (noted). */
  boolean(name: keyof HoneyHiveEnv): boolean | undefined {
    const value = this.env[name];
    if (value === undefined) return undefined;
    if (TRUE.test(value)) return true;
    if (FALSE.test(value)) return false;
    this.#note({ name, value, expected: "true or false (1/0, yes/no, on/off)" });
    return undefined;
  }

  /**
   * One of `allowed` (lower-case values), in any case; undefined when unset or anything else (noted, with `hint(value)`
   * when it says something, else the closest allowed value).
   */
  choice<T extends string>(name: keyof HoneyHiveEnv, allowed: readonly T[], hint?: (value: string) => string | undefined): T | undefined {
    const value = this.env[name];
    if (value === undefined) return undefined;
    const found = allowed.find((a) => a === value.toLowerCase());
    if (found !== undefined) return found;
    const closest = closestKey(value, allowed);
    const said = hint?.(value) ?? (closest !== undefined ? `did you mean "${closest}"?` : undefined);
    this.#note({ name, value, expected: `one of ${allowed.join(", ")} (any case)`, ...(said !== undefined ? { hint: said } : {}) });
    return undefined;
  }

  /** One warning per ignored variable; `used(name)` gives the setting it feeds and the value used instead. */
  warnings(used: (name: keyof HoneyHiveEnv) => UsedInstead | undefined): string[] {
    return this.invalid.map((invalid) => invalidEnvMessage(invalid, used(invalid.name)));
  }

  #note(invalid: InvalidEnvValue): void {
    if (!this.invalid.some((v) => v.name === invalid.name)) this.invalid.push(invalid);
  }
}

/** The warning for an ignored value, e.g. `… HH_API_TIMEOUT="30s" is not a positive integer: ignored, using timeoutMs = 10000`. */
function invalidEnvMessage(invalid: InvalidEnvValue, used: UsedInstead | undefined): string {
  const shown = invalid.value.length > 40 ? `${invalid.value.slice(0, 40)}…` : invalid.value;
  const instead = used === undefined ? "the default" : `${used[0]} = ${used[1] === undefined ? "the default" : String(used[1])}`;
  const hint = invalid.hint !== undefined ? `; ${invalid.hint}` : "";
  return `environment variable ${invalid.name}=${JSON.stringify(shown)} is not ${invalid.expected}: ignored, using ${instead}${hint}`;
}

/**
 * The variable of `unset` that `name` likely stands for: `HONEYHIVE_X` for `HH_X`; else the closest name (ignoring
 * case and `_`: `HH_APIKEY`, `hh_api_key`, `HH_PROJECT_NAME`); else, for a name ending in `_URL` (`HH_SERVER_URL`,
 * `HH_BASE_URL`), `HH_API_URL`, the one URL variable.
 */
function meantVariable(name: string, unset: readonly (keyof HoneyHiveEnv)[]): keyof HoneyHiveEnv | undefined {
  const upper = name.toUpperCase();
  const renamed = unset.find((key) => `HONEYHIVE_${key.slice("HH_".length)}` === upper);
  if (renamed !== undefined) return renamed;
  const closest = closestKey(name, unset) as keyof HoneyHiveEnv | undefined;
  if (closest !== undefined) return closest;
  return upper.endsWith("_URL") && unset.includes("HH_API_URL") ? "HH_API_URL" : undefined;
}

/**
 * One warning per set variable that the SDK does not read but that looks like a misspelling of one it reads and that
 * is unset (`HH_APIKEY` without `HH_API_KEY`: nothing would be sent; `HH_SERVER_URL` without `HH_API_URL`: spans
 * would go to the default server), naming the variable to set. Values are never read or shown.
 */
export function misnamedEnvWarnings(source?: Record<string, string | undefined>): string[] {
  return misnamedEnvVariables(meantVariable, source).map(
    ([set, meant]) => `environment variable ${set} is not read by honeyhive (did you mean ${meant}?): it is ignored and ${meant} is unset`,
  );
}

/**
 * What `HH_TEST_MODE` does when a key is set, said by the tracer (a warning) and by `honeyhive doctor` (a problem): a
 * variable left set where the app runs would otherwise stop every export in silence, `flush()` answering true.
 */
export const TEST_MODE_FROM_ENV = "HH_TEST_MODE is on: tracers are in test mode and send nothing, although an API key is set";
