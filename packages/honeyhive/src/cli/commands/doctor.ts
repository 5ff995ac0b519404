/**
 * `honeyhive doctor`: loads the application's setup module(s) (`--import`), runs `diagnose()` and prints each
 * finding with its fix. Exit codes: 0 no problem, 1 a problem was found, 2 a usage error.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { diagnose } from "../../diagnose";
import type { Diagnosis, DiagnosisCheck, DiagnosisCheckId } from "../../diagnose";
import { colorEnabled, createPalette, type Palette } from "../colors";
import { UsageError, formatUsageError } from "@honeyhive/core/cli/usage-error";
import { parseArgsMessage } from "@honeyhive/core/cli/parse-args-message";

const COMMAND = "honeyhive doctor";

const DOCTOR_USAGE = `Usage: honeyhive doctor [options]

Checks the tracing setup and prints every problem with its fix: AsyncLocalStorage on this
runtime, a working OpenTelemetry context manager, a global provider without HoneyHiveSpanProcessor,
mismatched @opentelemetry/api copies or majors, instrumentations that patched nothing (library
loaded before them, or never loaded), supported version ranges that miss the installed library, a
second unpatched copy of an instrumented package, minified parameter names, and the backend
(reachable, API key accepted). Then the spans each instrumentation scope produced since start.

Options:
  --import <module>   Load your setup module first, as your app does (./instrumentation.mjs);
                      repeatable. Without it: only the runtime, the API copies and the backend.
  --server-url <url>  Server to check (default: HH_API_URL, then HoneyHive's API)
  --no-backend        Skip the backend check (no request is made)
  --timeout <ms>      Backend request timeout (default: 5000)
  --json              Print the diagnosis as JSON
  -h, --help          Show this help

The API key is read from HH_API_KEY (never from the command line) and is never printed.
Exit codes: 0 no problem found, 1 a problem was found, 2 a usage error or a setup module
that failed to load.`;

const OPTIONS = {
  import: { type: "string", multiple: true },
  "server-url": { type: "string" },
  "no-backend": { type: "boolean" },
  timeout: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Checks that report on the application's setup: meaningless when no setup module was loaded. */
const SETUP_CHECKS: readonly DiagnosisCheckId[] = [
  "context-manager", "global-provider", "instrumentations", "version-ranges", "module-copies", "client-helpers", "ai-sdk-telemetry", "parameter-names", "prompts", "prices",
];

function parse(args: string[]): ReturnType<typeof parseArgs<{ args: string[]; strict: true; options: typeof OPTIONS }>>["values"] {
  try {
    return parseArgs({ args, strict: true, options: OPTIONS }).values;
  } catch (error) {
    throw new UsageError(parseArgsMessage(error, OPTIONS));
  }
}

function parseTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new UsageError(`--timeout must be a positive number of milliseconds, got "${text}"`);
  return Number(text);
}

async function importSetup(spec: string): Promise<void> {
  const url = spec.startsWith(".") || spec.startsWith("/") ? pathToFileURL(resolve(spec)).href : spec;
  try {
    await import(url);
  } catch (error) {
    throw new UsageError(`--import ${spec} failed to load: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const MARK = { ok: "ok  ", problem: "FAIL", skipped: "skip" } as const;

function formatCheck(check: DiagnosisCheck, palette: Palette): string {
  const color = check.status === "ok" ? palette.green : check.status === "problem" ? palette.red : palette.dim;
  const lines = [`${color(MARK[check.status])} ${palette.bold(check.id)}: ${check.summary}`];
  if (check.fix) lines.push(`     fix: ${check.fix}`);
  return lines.join("\n");
}

function formatSpans(diagnosis: Diagnosis, palette: Palette): string[] {
  const scopes = Object.entries(diagnosis.spansByScope);
  if (scopes.length === 0) return [palette.dim("Spans by instrumentation scope since start: none yet.")];
  const lines = scopes.map(([scope, count]) => `     ${scope}: ${count.started}${count.routed === count.started ? "" : ` (${count.routed} routed to a tracer)`}`);
  return ["Spans by instrumentation scope since start:", ...lines];
}

function formatDiagnosis(diagnosis: Diagnosis, palette: Palette): string {
  const verdict = diagnosis.ok ? palette.green("No problem found.") : palette.red(`${diagnosis.problems} problem(s) found.`);
  return [...diagnosis.checks.map((check) => formatCheck(check, palette)), "", ...formatSpans(diagnosis, palette), "", verdict].join("\n");
}

/** Runs `honeyhive doctor`; resolves with the exit code. */
export async function runDoctorCommand(args: string[]): Promise<number> {
  try {
    const values = parse(args);
    if (values.help) {
      console.log(DOCTOR_USAGE);
      return 0;
    }
    const timeoutMs = parseTimeout(values.timeout);
    const imports = values.import ?? [];
    for (const spec of imports) await importSetup(spec);
    const diagnosis = await diagnose({ serverUrl: values["server-url"], backend: values["no-backend"] !== true, timeoutMs });
    if (imports.length === 0) {
      for (const check of diagnosis.checks) {
        if (!SETUP_CHECKS.includes(check.id)) continue;
        Object.assign(check, { status: "skipped", summary: "Not checked: no setup module was loaded (pass --import <your setup module>)." });
        delete check.fix;
      }
      diagnosis.problems = diagnosis.checks.filter((check) => check.status === "problem").length;
      diagnosis.ok = diagnosis.problems === 0;
    }
    console.log(values.json ? JSON.stringify(diagnosis, null, 2) : formatDiagnosis(diagnosis, createPalette(colorEnabled(process.stdout, process.env))));
    return diagnosis.ok ? 0 : 1;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(formatUsageError(COMMAND, error.message));
    return 2;
  }
}
