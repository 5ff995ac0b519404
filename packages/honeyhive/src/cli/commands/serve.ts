/**
 * `honeyhive serve`: delegates to the `@honeyhive/dev-server` package when it is installed. The SDK itself never
 * depends on the dev server (it is a separate, opt-in package with a native SQLite fallback).
 */

/** Package that provides the local dev server and viewer. */
export const DEV_SERVER_PACKAGE = "@honeyhive/dev-server";

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
    console.error(`honeyhive serve needs the dev server package: npm install --save-dev ${DEV_SERVER_PACKAGE}`);
    return 1;
  }
  return cli.runServeCommand(args);
}
