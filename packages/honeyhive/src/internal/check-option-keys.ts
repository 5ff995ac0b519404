import { closestWord } from "./levenshtein";

/**
 * Throws a `TypeError` naming the closest known key when `options` has a key that is not in `known`
 * (`where` names the function, e.g. "exactMatch"). `undefined`/`null` options pass. Non-objects are errors.
 */
export function checkOptionKeys(options: unknown, known: readonly string[], where: string): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object" || Array.isArray(options)) throw new TypeError(`${where}: options must be an object, got ${Array.isArray(options) ? "an array" : typeof options}`);
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const closest = closestWord(key, known);
    throw new TypeError(`${where}: unknown option "${key}"${closest === undefined ? "" : ` (did you mean "${closest}"?)`}; known options: ${known.join(", ")}`);
  }
}
