/**
 * Where an evaluation file's syntax error is. The command reports a load error by its name and message, and Node.js
 * keeps a syntax error's location out of its message: for CommonJS (and ES modules on newer Node.js) it puts the file,
 * line, source line and caret in front of the stack; for an ES module on Node.js 20 (`.mjs`, or `.js` under `"type":
 * "module"`) it gives no location at all, so the user read `SyntaxError: Unexpected token ';'` and had to guess. The
 * location is added to the message: taken from the stack when it is there, else from Node's own syntax check
 * (`node --check <file>`, run once, only on this error path). When the file itself parses, the error is in a module it
 * imports, which is said instead.
 */
import { spawnSync } from "node:child_process";
import { basename } from "node:path";

/** Longest the syntax check may take, ms (it parses one file; a stuck check leaves the error as it was). */
const CHECK_TIMEOUT_MS = 10_000;

/** The location Node.js writes in front of a syntax error's report: the lines before the blank line that precedes the error's name. */
function locationOf(report: string): string | undefined {
  const end = report.search(/\n\s*\n\s*SyntaxError\b/);
  if (end <= 0) return undefined;
  const location = report.slice(0, end).replace(/\s+$/, "");
  return location === "" ? undefined : location;
}

/** The location from `node --check file`, or a note that the file parses (the error is in an import), or undefined. */
function checkedLocation(file: string): string | undefined {
  const check = spawnSync(process.execPath, ["--check", file], { encoding: "utf8", timeout: CHECK_TIMEOUT_MS, windowsHide: true });
  if (check.error !== undefined || check.signal !== null) return undefined;
  if (check.status === 0) return `(in a module ${basename(file)} imports: Node.js ${process.version} does not say which; \`node --check <file>\` on each names the line)`;
  return locationOf(check.stderr);
}

/**
 * `error` with the location of a syntax error added to its message (see the module's comment); any other error, or
 * one that cannot be placed, is returned as it was. Never throws.
 */
export function withSyntaxErrorLocation(error: unknown, file: string): unknown {
  if (!(error instanceof SyntaxError)) return error;
  try {
    const location = locationOf(error.stack ?? "") ?? checkedLocation(file);
    if (location !== undefined && !error.message.includes(location)) error.message += `\n${location}`;
  } catch {
    // no location: the error is reported as Node.js gave it
  }
  return error;
}
