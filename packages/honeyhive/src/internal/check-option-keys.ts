import { unknownKeyMessage, unknownKeys } from "@honeyhive/core/text/closest-key";

/**
 * Throws a `TypeError` naming the closest known key when `options` has a key that is not in `known`
 * (`where` names the function, e.g. "exactMatch"). `undefined`/`null` options pass; non-objects are errors.
 */
export function checkOptionKeys(options: unknown, known: readonly string[], where: string): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object" || Array.isArray(options)) throw new TypeError(`${where}: options must be an object, got ${Array.isArray(options) ? "an array" : typeof options}`);
  const [unknown] = unknownKeys(options, known);
  if (unknown !== undefined) throw new TypeError(`${where}: ${unknownKeyMessage(unknown, known)}`);
}
