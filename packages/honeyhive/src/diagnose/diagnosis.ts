/** The result types of `diagnose()` and `honeyhive doctor`. */

/** What one check found: `ok`, a `problem` (with its fix), or `skipped` (could not be checked here, and why). */
export type DiagnosisStatus = "ok" | "problem" | "skipped";

/**
 * The checks, in the order they run and are printed (`options` only appears when an option key is unknown): the one
 * list both the checks (run-diagnosis.ts) and the diagnosis of a failed load (diagnose.ts) follow.
 */
export const DIAGNOSIS_CHECK_IDS = [
  "options",
  "tracers",
  "async-local-storage",
  "context-manager",
  "global-provider",
  "opentelemetry-api",
  "instrumentations",
  "version-ranges",
  "module-copies",
  "client-helpers",
  "ai-sdk-telemetry",
  "untraced",
  "parameter-names",
  "prompts",
  "prices",
  "backend",
] as const;

/** The checks, in the order they run and are printed. */
export type DiagnosisCheckId = (typeof DIAGNOSIS_CHECK_IDS)[number];

/** One check's finding. */
export interface DiagnosisCheck {
  id: DiagnosisCheckId;
  status: DiagnosisStatus;
  /** What was found, in one sentence. */
  summary: string;
  /** What to do about it (problems only). */
  fix?: string;
}

/** What `diagnose()` returns. */
export interface Diagnosis {
  /** True when no check found a problem. */
  ok: boolean;
  /** The number of checks with status `problem`. */
  problems: number;
  checks: DiagnosisCheck[];
  /**
   * Spans each instrumentation scope produced since start, as HoneyHiveSpanProcessor saw them: `started`, and of
   * those `routed` to a HoneyHive tracer (the others had no tracer in context and no default tracer).
   */
  spansByScope: Record<string, { started: number; routed: number }>;
}

/** A check result without its id (the runner adds it). */
export type CheckFinding = Omit<DiagnosisCheck, "id">;

export const ok = (summary: string): CheckFinding => ({ status: "ok", summary });
export const problem = (summary: string, fix: string): CheckFinding => ({ status: "problem", summary, fix });
export const skipped = (summary: string): CheckFinding => ({ status: "skipped", summary });
