/** Usage errors: one line saying what is wrong, one line saying where help is. Never the whole help. */

/** Thrown by argument parsers for a command line the user must fix (exit code 2). */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The two lines printed for a usage error of `command` (e.g. "honeyhive eval"). */
export function formatUsageError(command: string, message: string): string {
  const oneLine = message.replace(/\s*\n\s*/g, " ").trim();
  return `${command}: ${oneLine}\nRun "${command} --help" for usage.`;
}
