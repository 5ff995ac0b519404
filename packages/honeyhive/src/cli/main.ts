#!/usr/bin/env node
/**
 * `honeyhive` command-line entry: dispatches to one command module per sub-command.
 * This directory is the only place in src/ allowed to print or call process.exit.
 */
import { formatUsageError } from "@honeyhive/core/cli/usage-error";
import { versionText } from "./version";
import { restartWithEvalYoungGeneration } from "./eval/young-generation";
import { limitEvalHeapGrowth } from "./eval/heap-growth";

const USAGE = `Usage: honeyhive <command> [options]

Commands:
  serve     Run a local HoneyHive-compatible server (OTLP ingest, sessions, runs, datasets, viewer)
  eval      Run evaluation files (evaluate() experiments) and report results
  doctor    Check the tracing setup (context, provider, instrumentations, backend) and print fixes
  datasets  Push, pull and diff a dataset file against a HoneyHive dataset (datasets as code)
  prompts   Keep prompts in the repository as files (pull, push, diff)

Options:
  -v, --version   Print the version
  -h, --help      Show this help

Run "honeyhive <command> --help" for the options of a command.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "serve": {
      const { runServeCommand } = await import("./commands/serve");
      return runServeCommand(rest);
    }
    case "eval": {
      restartWithEvalYoungGeneration(); // Node 22+: in place, with Node 20's young generation (young-generation.ts)
      limitEvalHeapGrowth(); // old space up to twice the live heap between full collections (heap-growth.ts)
      const { runEvalCommand } = await import("./commands/eval");
      return runEvalCommand(rest);
    }
    case "doctor": {
      const { runDoctorCommand } = await import("./commands/doctor");
      return runDoctorCommand(rest);
    }
    case "datasets": {
      const { runDatasetsCommand } = await import("./commands/datasets");
      return runDatasetsCommand(rest);
    }
    case "prompts": {
      const { runPromptsCommand } = await import("./commands/prompts");
      return runPromptsCommand(rest);
    }
    case "-v":
    case "--version":
    case "version":
      console.log(versionText());
      return 0;
    case undefined:
    case "-h":
    case "--help":
    case "help":
      console.log(USAGE);
      return 0;
    default:
      if (command.startsWith("-")) {
        console.error(formatUsageError("honeyhive", `unknown option "${command}" (options: --version, --help; or a command: serve, eval, doctor, datasets, prompts)`));
        return 2;
      }
      console.error(formatUsageError("honeyhive", `unknown command "${command}" (commands: serve, eval, doctor, datasets, prompts)`));
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
