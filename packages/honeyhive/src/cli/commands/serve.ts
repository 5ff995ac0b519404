/**
 * `honeyhive serve`: delegates to the `@honeyhive/dev-server` package when it is installed. The SDK itself never
 * depends on the dev server (it is a separate, opt-in package with a native SQLite fallback).
 */

/** Package that provides the local dev server and viewer. */
const DEV_SERVER_PACKAGE = "@honeyhive/dev-server";

/**
 * The command that installs the dev server from npm, word for word as the README's "Install" section gives it
 * (test/cli/serve-install-message.test.ts compares the two).
 */
export const DEV_SERVER_INSTALL_COMMAND = `npm install --save-dev ${DEV_SERVER_PACKAGE}@^2.0.0-alpha`;

/** The one line `honeyhive serve` prints when the dev server package is not installed. */
export const DEV_SERVER_MISSING_MESSAGE =
  `honeyhive serve needs the dev server package: ${DEV_SERVER_INSTALL_COMMAND} ` +
  `(or, from a checkout of the SDK's repository, its packed tarball: see "Install" in the README)`;

interface DevServerCli {
  runServeCommand(args: string[]): Promise<number>;
}

function isMissingPackage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}

/** Runs `honeyhive serve`; resolves with the exit code once the server has stopped (1 when it is not installed). */
export async function runServeCommand(args: string[]): Promise<number> {
  let cli: DevServerCli;
  try {
    cli = (await import(`${DEV_SERVER_PACKAGE}/cli`)) as DevServerCli;
  } catch (error) {
    if (!isMissingPackage(error)) throw error;
    console.error(DEV_SERVER_MISSING_MESSAGE);
    return 1;
  }
  return cli.runServeCommand(args);
}
