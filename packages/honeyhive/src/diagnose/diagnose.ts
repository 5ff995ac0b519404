/**
 * `diagnose()`: checks the setup the SDK depends on and returns each finding with its fix. The checks
 * (run-diagnosis.ts) are imported on the first call, so `import "honeyhive"` does not compile them (decision record 0041).
 */
import { holdProcessUntilSettled } from "../internal/hold-process";
import { describeError } from "../internal/safe-invoke";
import { DIAGNOSIS_CHECK_IDS, type Diagnosis } from "./diagnosis";
import type { DiagnoseOptions } from "./run-diagnosis";

export type { DiagnoseOptions } from "./run-diagnosis";

/**
 * Checks this process's tracing setup by what it observes: tracers a configuration error made no-ops, AsyncLocalStorage on this runtime, a working context
 * manager, a global OpenTelemetry provider without HoneyHiveSpanProcessor, mismatched @opentelemetry/api copies or
 * majors, the spans each instrumentation scope produced and whether each instrumentation patched what is loaded
 * (ESM import order, a library never loaded), supported version ranges that miss the installed library, a second
 * unpatched copy of an instrumented package, Vercel AI SDK 7 calls with no telemetry integration, minified parameter names of traced functions, and the backend (reachable, key accepted). Call it where your app
 * has set up and loaded its libraries (after creating your tracer; after a first call, the span counts tell more).
 * Resolves with every finding and `spansByScope`; never rejects. The backend request is bounded by `timeoutMs` even
 * through a `fetch` that ignores its signal, and an awaited diagnose() keeps the process alive until it resolves.
 */
export function diagnose(options: DiagnoseOptions = {}): Promise<Diagnosis> {
  return holdProcessUntilSettled(import("./run-diagnosis").then((checks) => checks.runDiagnosis(options), notLoaded));
}

/** The diagnosis when the checks could not be imported (a file of the package gone): each check skipped, and why. */
function notLoaded(error: unknown): Diagnosis {
  const summary = `This check could not run here: diagnose()'s checks could not be loaded (${describeError(error)}).`;
  return { ok: true, problems: 0, checks: DIAGNOSIS_CHECK_IDS.filter((id) => id !== "options").map((id) => ({ id, status: "skipped", summary })), spansByScope: {} };
}
