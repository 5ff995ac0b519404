#!/usr/bin/env node
/** `honeyhive-dev-server` executable: the dev server's own command line (same options as `honeyhive serve`). */
import { runServeCommand } from "./cli";

runServeCommand(process.argv.slice(2), "honeyhive-dev-server").then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
