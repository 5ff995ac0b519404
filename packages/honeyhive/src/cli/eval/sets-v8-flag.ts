/**
 * Whether Node flags set a V8 flag: the one rule `honeyhive eval` uses to leave a heap setting the user chose as it is
 * (`young-generation.ts`, `heap-growth.ts`).
 */

/**
 * True when `flags` (Node's command-line flags joined by spaces, or `NODE_OPTIONS`) set the V8 flag `name` (given with
 * dashes, as `max-semi-space-size`), spelt with dashes or underscores, its value after `=` or as the next word.
 */
export function setsV8Flag(flags: string, name: string): boolean {
  const spelling = name.split("-").join("[-_]");
  return new RegExp(`(^|\\s)--${spelling}(=|\\s|$)`).test(flags);
}
