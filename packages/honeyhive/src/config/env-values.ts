/**
 * Numeric and boolean environment variables, read with a note for every value that is not valid: an invalid
 * value is ignored (the option or default applies), and the tracer says so once, naming the variable, the value
 * and what is used instead — a typo in `HH_API_TIMEOUT` must not pass silently.
 */
import { type HoneyHiveEnv, parseEnvInteger } from "../internal/env";

/** A variable whose value was ignored. */
interface InvalidEnvValue {
  readonly name: keyof HoneyHiveEnv;
  readonly value: string;
  readonly expected: string;
}

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
    if (n === undefined) this.#note(name, value, "a positive integer");
    return n;
  }

  /** `1/true/yes/on` or `0/false/no/off` (any case); undefined when unset or anything else (noted). */
  boolean(name: keyof HoneyHiveEnv): boolean | undefined {
    const value = this.env[name];
    if (value === undefined) return undefined;
    if (TRUE.test(value)) return true;
    if (FALSE.test(value)) return false;
    this.#note(name, value, "true or false (1/0, yes/no, on/off)");
    return undefined;
  }

  #note(name: keyof HoneyHiveEnv, value: string, expected: string): void {
    if (!this.invalid.some((v) => v.name === name)) this.invalid.push({ name, value, expected });
  }
}

/** The warning for an ignored value; `used` says what applies instead (e.g. `timeoutMs = 10000`). */
export function invalidEnvMessage(invalid: InvalidEnvValue, used: string): string {
  const shown = invalid.value.length > 40 ? `${invalid.value.slice(0, 40)}…` : invalid.value;
  return `environment variable ${invalid.name}=${JSON.stringify(shown)} is not ${invalid.expected}: ignored, using ${used}`;
}
