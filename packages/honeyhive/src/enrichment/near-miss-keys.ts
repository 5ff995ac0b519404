import { closestKey } from "@honeyhive/core/text/closest-key";
import { guard } from "../internal/guard";
import { type Logger, warnOncePerProcess } from "../internal/logger";

/** Longer keys cannot be within the typo distance of any field name (the longest, `userProperties`, has 14 characters). */
const MAX_CHECKED_KEY_LENGTH = 32;

/**
 * Extra keys of an enrichment are metadata (documented), so they are recorded as before; one that is a near miss of a
 * field (`metdata`, `metric`, `session_id`) gets a warning naming that field, once per process for each key
 * (`enrichSession: "metdata" is not a field and is recorded as metadata.metdata (did you mean "metadata"?)`).
 * Edit distance only: a key containing a field name (`model_config`) is ordinary metadata. Never throws.
 */
export function warnNearMissKeys(params: object, fields: readonly string[], reserved: ReadonlySet<string>, where: string, logger: Logger): void {
  for (const key of guard(() => Object.keys(params), [] as string[])) {
    if (reserved.has(key) || key.length > MAX_CHECKED_KEY_LENGTH) continue;
    const closest = closestKey(key, fields, { containment: false });
    if (closest === undefined) continue;
    const printable = JSON.stringify(key);
    warnOncePerProcess(logger, `${where}: ${printable} is not a field and is recorded as metadata.${key} (did you mean "${closest}"?)`);
  }
}
