import { closestKey } from "@honeyhive/core/text/closest-key";
import { guard } from "../internal/guard";
import { type Logger, warnOncePerProcess } from "../internal/logger";

/** Longer keys cannot be within the typo distance of any field name (the longest, `userProperties`, has 14 characters). */
const MAX_CHECKED_KEY_LENGTH = 32;
/** Extra keys whose closest field is remembered (an app passes the same few keys on every call); beyond, computed each time. */
const MAX_REMEMBERED_KEYS = 512;
/** The closest field of each extra key seen, per entry point (`null`: none close enough). Pure: never reset. */
const closestFields = new Map<string, string | null>();

/** The field `key` is a near miss of, computed once per entry point and key (edit distance per call was repeated work). */
function closestField(key: string, fields: readonly string[], where: string): string | undefined {
  const id = `${where}\u0000${key}`;
  const known = closestFields.get(id);
  if (known !== undefined) return known ?? undefined;
  const closest = closestKey(key, fields, { containment: false });
  if (closestFields.size < MAX_REMEMBERED_KEYS) closestFields.set(id, closest ?? null);
  return closest;
}

/**
 * Extra keys of an enrichment are metadata (documented), so they are recorded as before; one that is a near miss of a
 * field (`metdata`, `metric`, `session_id`) gets a warning naming that field, once per process for each key
 * (`enrichSession: "metdata" is not a field and is recorded as metadata.metdata (did you mean "metadata"?)`).
 * Edit distance only: a key containing a field name (`model_config`) is ordinary metadata. Never throws.
 */
export function warnNearMissKeys(params: object, fields: readonly string[], reserved: ReadonlySet<string>, where: string, logger: Logger): void {
  for (const key of guard(() => Object.keys(params), [] as string[])) {
    if (reserved.has(key) || key.length > MAX_CHECKED_KEY_LENGTH) continue;
    const closest = closestField(key, fields, where);
    if (closest === undefined) continue;
    const printable = JSON.stringify(key);
    warnOncePerProcess(logger, `${where}: ${printable} is not a field and is recorded as metadata.${key} (did you mean "${closest}"?)`);
  }
}
