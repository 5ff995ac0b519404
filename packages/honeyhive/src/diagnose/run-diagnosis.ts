/**
 * The checks behind `diagnose()` (diagnose.ts), imported on its first call: each finding with its fix. Never throws;
 * a check that cannot run is reported as `skipped`. `honeyhive doctor` prints the same report.
 */
import { readPlainOptions } from "../config/options-snapshot";
import { unknownKeyMessage } from "@honeyhive/core/text/closest-key";
import type { FetchLike } from "../runtime/fetch-like";
import { discoverTracerHandle } from "../context/discover";
import type { HoneyHiveTracerBase } from "../tracer/honeyhive-tracer";
import { checkAiSdkTelemetry } from "./check-ai-sdk";
import { checkBackend } from "./check-backend";
import { checkAsyncLocalStorage, checkContextManager } from "./check-context";
import { checkInstrumentations } from "./check-instrumentations";
import { checkModuleCopies } from "./check-module-copies";
import { checkClientHelpers } from "./check-client-helpers";
import { checkVersionRanges } from "./check-version-ranges";
import { type SetupObservation, observeSetup } from "./observe-setup";
import { checkOpenTelemetryApi } from "./check-otel-api";
import { checkParameterNames } from "./check-parameter-names";
import { checkPrompts } from "./check-prompts";
import { checkPrices } from "./check-prices";
import { checkGlobalProvider } from "./check-provider";
import { checkTracers } from "./check-tracers";
import { checkUntraced } from "./check-untraced";
import { type CheckFinding, DIAGNOSIS_CHECK_IDS, type Diagnosis, type DiagnosisCheck, type DiagnosisCheckId, skipped } from "./diagnosis";

/** Options of {@link diagnose}. */
export interface DiagnoseOptions {
  /**
   * The key to check with the backend.
   * @defaultValue the key of `tracer` (else the tracer active here, else the default tracer), then HH_API_KEY
   */
  apiKey?: string;
  /**
   * The ingestion key to check with the backend instead (what spans go with when set).
   * @defaultValue the ingestion key of `tracer` (as for `apiKey`), then HH_INGESTION_API_KEY
   */
  ingestionApiKey?: string;
  /** The server to check. @defaultValue the server of that tracer, then HH_API_URL, then HoneyHive's API */
  serverUrl?: string;
  /** The tracer whose key and server the backend check uses. @defaultValue the tracer active here, else the default tracer */
  tracer?: HoneyHiveTracerBase;
  /** Set `false` to skip the backend check (no request is made). @defaultValue true */
  backend?: boolean;
  /** Timeout of the backend request in ms. @defaultValue 5000 */
  timeoutMs?: number;
  /** Transport seam for the backend request. @defaultValue globalThis.fetch */
  fetch?: FetchLike;
}

const OPTION_KEYS = ["apiKey", "ingestionApiKey", "serverUrl", "tracer", "backend", "timeoutMs", "fetch"] as const;

type LocalCheck = (observation: SetupObservation) => CheckFinding | Promise<CheckFinding>;

/** Each check that needs no backend, by id; they run in the order of {@link DIAGNOSIS_CHECK_IDS}. */
const LOCAL_CHECK_BY_ID: Readonly<Partial<Record<DiagnosisCheckId, LocalCheck>>> = {
  tracers: checkTracers,
  "async-local-storage": checkAsyncLocalStorage,
  "context-manager": checkContextManager,
  "global-provider": checkGlobalProvider,
  "opentelemetry-api": checkOpenTelemetryApi,
  instrumentations: checkInstrumentations,
  "version-ranges": checkVersionRanges,
  "module-copies": checkModuleCopies,
  "client-helpers": checkClientHelpers,
  "ai-sdk-telemetry": checkAiSdkTelemetry,
  untraced: checkUntraced,
  "parameter-names": checkParameterNames,
  prompts: checkPrompts,
  prices: checkPrices,
};

const LOCAL_CHECKS = DIAGNOSIS_CHECK_IDS.flatMap((id) => {
  const check = LOCAL_CHECK_BY_ID[id];
  return check === undefined ? [] : [[id, check] as const];
});

const NOTHING_OBSERVED: SetupObservation = { spansByScope: {}, instrumentations: [], loaded: undefined };

async function observe(): Promise<SetupObservation> {
  try {
    return await observeSetup();
  } catch {
    return NOTHING_OBSERVED; // the checks that need it then report what they can
  }
}

async function run(id: DiagnosisCheckId, check: () => CheckFinding | Promise<CheckFinding>): Promise<DiagnosisCheck> {
  try {
    return { id, ...(await check()) };
  } catch (error) {
    return { id, ...skipped(`This check could not run here (${error instanceof Error ? error.message : String(error)}).`) };
  }
}

/**
 * The key and server the backend check uses, field by field: the option, else the tracer's (`tracer`, else the one a
 * free function would use here), else `HH_*` (resolved by the check).
 */
function backendTarget(read: DiagnoseOptions): { apiKey?: string; ingestionApiKey?: string; serverUrl?: string; keyOfTracer: boolean } {
  const connection = discoverTracerHandle(read.tracer).tracer?.connection;
  const given = read.apiKey !== undefined || read.ingestionApiKey !== undefined;
  const apiKey = given ? read.apiKey : connection?.apiKey;
  const ingestionApiKey = given ? read.ingestionApiKey : connection?.ingestionApiKey;
  const target = { apiKey, serverUrl: read.serverUrl ?? connection?.serverUrl, keyOfTracer: !given && (apiKey ?? ingestionApiKey) !== undefined };
  return ingestionApiKey === undefined ? target : { ...target, ingestionApiKey };
}

function unknownKeys(raw: unknown): string[] {
  if (typeof raw !== "object" || raw === null) return [];
  try {
    return Object.keys(raw).filter((key) => !(OPTION_KEYS as readonly string[]).includes(key));
  } catch {
    return [];
  }
}

/** The checks of {@link diagnose}, run once this module is loaded: every finding, never a rejection. */
export async function runDiagnosis(options: DiagnoseOptions): Promise<Diagnosis> {
  const read = readPlainOptions(options, OPTION_KEYS) as DiagnoseOptions;
  const observation = await observe();
  const checks: DiagnosisCheck[] = [];
  for (const [id, check] of LOCAL_CHECKS) checks.push(await run(id, () => check(observation)));
  if (read.backend === false) checks.push({ id: "backend", ...skipped("Backend check skipped (backend: false).") });
  else {
    const timeoutMs = typeof read.timeoutMs === "number" && read.timeoutMs > 0 ? read.timeoutMs : 5_000;
    checks.push(await run("backend", () => checkBackend({ ...backendTarget(read), fetch: read.fetch, timeoutMs })));
  }
  const unknown = unknownKeys(options);
  if (unknown.length > 0) {
    const messages = unknown.map((key) => unknownKeyMessage(key, OPTION_KEYS));
    checks.unshift({ id: "options", status: "problem", summary: `diagnose(): ${messages.join("; ")}.`, fix: `The options are: ${OPTION_KEYS.join(", ")}.` });
  }
  const problems = checks.filter((check) => check.status === "problem").length;
  return { ok: problems === 0, problems, checks, spansByScope: observation.spansByScope };
}
