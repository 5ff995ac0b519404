/**
 * The one-line message of a `node:util` `parseArgs` error, the same in every command: an unknown option names the
 * closest known one (`unknown option --prot (did you mean --port?)`) by the one closest-key rule.
 */
import { closestKey } from "../text/closest-key";

/** `unknown option --jsn (did you mean --json?)`, or `unknown option -x` when no option is close. */
export function unknownOptionMessage(option: string, optionNames: readonly string[]): string {
  const closest = option.startsWith("--") ? closestKey(option.slice(2).split("=")[0] ?? "", optionNames) : undefined;
  return `unknown option ${option}${closest !== undefined ? ` (did you mean --${closest}?)` : ""}`;
}

/** The message of an error thrown by `parseArgs` over `options`: its first line, or the unknown-option message. */
export function parseArgsMessage(error: unknown, options: Readonly<Record<string, unknown>>): string {
  const message = error instanceof Error ? error.message : String(error);
  if ((error as { code?: string } | null)?.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    return unknownOptionMessage(/'([^']+)'/.exec(message)?.[1] ?? message, Object.keys(options));
  }
  return message.split("\n")[0] ?? message;
}
