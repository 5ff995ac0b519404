/**
 * A negative number given as the separate value of an option (`--max-failures -1`): Node's `parseArgs` refuses it as
 * "ambiguous" (it might be an option), which hides what is wrong. Joined into one argument (`--max-failures=-1`), the
 * value reaches the option's own check, whose message names the option and the accepted values.
 */

/** `-1`, `-0.5`, `-.5`: an argument that is a negative number, never an option name. */
const NEGATIVE_NUMBER = /^-\.?\d/;

/**
 * `args` with each `--name <negative number>` of a string option of `options` joined into `--name=<negative number>`;
 * everything else as it was, and nothing after `--`.
 */
export function joinNegativeValues(args: readonly string[], options: Readonly<Record<string, { readonly type: string }>>): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--") return [...joined, ...args.slice(i)];
    const next = args[i + 1];
    const takesValue = arg.startsWith("--") && !arg.includes("=") && options[arg.slice(2)]?.type === "string";
    if (takesValue && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}
