import { type ResolvedAttachments, resolveAttachmentsOption } from "./attachments-option";
import { DEFAULT_SERVER_URL, checkServerUrl } from "./server-url";
import { runtime } from "../runtime/platform";
import { nodeOnlyMessage } from "../runtime/runtime";
import { type HoneyHiveEnv, readEnv } from "../internal/env";
import { EnvValues } from "./env-values";
import { envProxyApplies } from "./env-proxy";
import { resolveTypedKey } from "./api-keys";
import { normalizeUuid } from "@honeyhive/core/ids/uuid";
import { type ResolvedOnlineEvaluation, resolveOnlineEvaluation } from "./online-evaluation-option";
import { TRACER_OPTION_KEYS } from "./options-snapshot";
import { unknownOptionMessages } from "./unknown-options";
import { oneOf, optionalBoolean, optionalRecord, optionalString, positiveInteger } from "./option-values";
import type { Compression, HoneyHiveTracerOptions, OtlpProtocol, Resilience } from "./tracer-options";
import { DEFAULT_TIMEOUT_MS } from "./request-timeout";

export { DEFAULT_SERVER_URL };

/** Platform the process runs on, as detected from the environment. */
export type DetectedEnvironment = "lambda" | "kubernetes" | "standard";

/**
 * Every tracer setting after option > env > default resolution; frozen. Read it by field name: the configuration of
 * a run's datapoint tracer inherits the run's fields (`withSessionFields`), so a spread or `Object.keys` misses them.
 */
export interface ResolvedTracerConfig {
  /** The `onlineEvaluation` option, validated (undefined: off). */
  readonly onlineEvaluation: ResolvedOnlineEvaluation | undefined;
  readonly apiKey: string | undefined;
  /** The ingestion key (`hh_ingst_...`): what the tracer sends with when set (`sendingKey`). */
  readonly ingestionApiKey: string | undefined;
  readonly serverUrl: string;
  readonly otlpEndpoint: string;
  readonly project: string | undefined;
  readonly source: string;
  readonly sessionName: string;
  readonly sessionId: string;
  readonly inputs: Record<string, unknown> | undefined;
  readonly metadata: Record<string, unknown> | undefined;
  readonly userProperties: Record<string, unknown> | undefined;
  readonly disableBatch: boolean;
  readonly verbose: boolean;
  readonly testMode: boolean;
  readonly otlpProtocol: OtlpProtocol;
  readonly compression: Compression;
  /** Session starts and updates pipelined by the SDK's own client (Node), else through the ordinary pool. */
  readonly httpPipelining: boolean;
  readonly skipSessionStart: boolean;
  readonly runId: string | undefined;
  readonly datasetId: string | undefined;
  readonly datapointId: string | undefined;
  readonly isEvaluation: boolean;
  readonly resilience: Resilience;
  readonly httpTracing: boolean;
  readonly trustIncomingSession: boolean;
  readonly propagateSessionId: boolean;
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  readonly scheduledDelayMs: number;
  readonly timeoutMs: number;
  readonly maxAttributeBytes: number | undefined;
  readonly maxSpanBytes: number | undefined;
  readonly maxRequestBytes: number | undefined;
  readonly spool: { readonly dir: string; readonly maxBytes?: number } | undefined;
  /** The `attachments` option, resolved (`attachments-option.ts`). */
  readonly attachments: ResolvedAttachments;
  readonly environment: DetectedEnvironment;
  readonly serviceName: string;
  readonly serviceVersion: string | undefined;
}

/** Result of {@link resolveTracerConfig}: the config plus what was wrong with the input. */
interface ConfigResolution {
  readonly config: ResolvedTracerConfig;
  /** Problems that make the tracer a no-op (or throw in strict mode). */
  readonly errors: readonly string[];
  /** Problems that were corrected (e.g. an invalid session id replaced). */
  readonly warnings: readonly string[];
  /** Environment variables whose values were ignored (said once per process: the environment is the process's). */
  readonly envWarnings: readonly string[];
}

const PROTOCOLS: readonly OtlpProtocol[] = ["http/protobuf", "http/json"];
const RESILIENCE: readonly Resilience[] = ["strict", "balanced", "resilient"];
const COMPRESSIONS: readonly Compression[] = ["gzip", "none"];

/** The entry script's file name without extension, or "unknown". */
function defaultSessionName(scriptPath: string | undefined = runtime.scriptPath()): string {
  if (typeof scriptPath !== "string" || !scriptPath) return "unknown";
  const base = scriptPath.slice(Math.max(scriptPath.lastIndexOf("/"), scriptPath.lastIndexOf("\\")) + 1);
  const dot = base.lastIndexOf(".");
  const name = dot > 0 ? base.slice(0, dot) : base;
  return name || "unknown";
}




function detectEnvironment(env: HoneyHiveEnv): DetectedEnvironment {
  if (env.AWS_LAMBDA_FUNCTION_NAME) return "lambda";
  if (env.KUBERNETES_SERVICE_HOST) return "kubernetes";
  return "standard";
}

function timeoutFromEnv(vars: EnvValues): number | undefined {
  const n = vars.integer("HH_API_TIMEOUT");
  if (n === undefined) return undefined;
  return n <= 300 ? n * 1000 : n; // small numbers are seconds (Python's HH_API_TIMEOUT), larger ones ms
}


function resolveSessionId(raw: unknown, warnings: string[]): string {
  if (raw === undefined || raw === null) return runtime.randomUUID();
  const normalized = normalizeUuid(raw);
  if (normalized) return normalized;
  warnings.push("sessionId is not a valid UUID; a new session id was generated");
  return runtime.randomUUID();
}

/** Where spans go and who they belong to: server, project, session, eval ids (errors pushed in option order). */
function resolveIdentity(o: HoneyHiveTracerOptions, env: HoneyHiveEnv, errors: string[], warnings: string[]) {
  const fromOption = optionalString(o.serverUrl, "serverUrl", errors);
  const checked = checkServerUrl(fromOption ?? env.HH_API_URL ?? DEFAULT_SERVER_URL, fromOption !== undefined ? "serverUrl" : "HH_API_URL");
  errors.push(...checked.errors);
  const serverUrl = checked.url;
  const project = optionalString(o.project, "project", errors) ?? env.HH_PROJECT;
  const sessionName = optionalString(o.sessionName, "sessionName", errors) ?? env.HH_SESSION_NAME ?? defaultSessionName();
  const sessionId = resolveSessionId(o.sessionId, warnings);
  const runId = optionalString(o.runId, "runId", errors);
  const datasetId = optionalString(o.datasetId, "datasetId", errors);
  const datapointId = optionalString(o.datapointId, "datapointId", errors);
  return { serverUrl, otlpEndpoint: `${serverUrl}/opentelemetry/v1/traces`, project, sessionName, sessionId, runId, datasetId, datapointId };
}

/** Said for `HH_OTLP_PROTOCOL=grpc`, the common OpenTelemetry value this SDK does not speak. */
function protocolHint(value: string): string | undefined {
  return /^grpc$/i.test(value) ? "OTLP over gRPC is not supported (spans are exported over HTTP)" : undefined;
}

/**
 * The wire format: OTLP encoding and body compression (option > env > default). A bad option is an error (see
 * `resilience`); a bad variable is ignored with a warning (any case is accepted).
 */
function resolveWire(o: HoneyHiveTracerOptions, vars: EnvValues, errors: string[]) {
  const protocol = o.otlpProtocol ?? undefined;
  const compression = o.compression ?? undefined;
  return {
    otlpProtocol: protocol !== undefined ? oneOf<OtlpProtocol>(protocol, PROTOCOLS, "http/protobuf", "otlpProtocol", errors) : vars.choice("HH_OTLP_PROTOCOL", PROTOCOLS, protocolHint) ?? "http/protobuf",
    compression: compression !== undefined ? oneOf<Compression>(compression, COMPRESSIONS, "gzip", "compression", errors) : vars.choice("HH_COMPRESSION", COMPRESSIONS) ?? "gzip",
  };
}

/** Booleans: option > env > default. */
function resolveFlags(o: HoneyHiveTracerOptions, env: HoneyHiveEnv, vars: EnvValues, environment: DetectedEnvironment, errors: string[]) {
  return {
    disableBatch: optionalBoolean(o.disableBatch, "disableBatch", errors) ?? vars.boolean("HH_DISABLE_BATCH") ?? environment === "lambda",
    verbose: optionalBoolean(o.verbose, "verbose", errors) ?? vars.boolean("HH_VERBOSE") ?? false,
    testMode: optionalBoolean(o.testMode, "testMode", errors) ?? vars.boolean("HH_TEST_MODE") ?? false,
    skipSessionStart: optionalBoolean(o.skipSessionStart, "skipSessionStart", errors) ?? false,
    trustIncomingSession: optionalBoolean(o.trustIncomingSession, "trustIncomingSession", errors) ?? false,
    propagateSessionId: optionalBoolean(o.propagateSessionId, "propagateSessionId", errors) ?? false,
    // a proxy Node reads from the environment wins: the pipelining client would bypass it
    httpPipelining: (optionalBoolean(o.httpPipelining, "httpPipelining", errors) ?? vars.boolean("HH_HTTP_PIPELINING") ?? true) && !envProxyApplies(env),
  };
}

/** Queue, batch and timeout settings (unknown keys of `spool` and `attachments` go to `unknown`). */
function resolveLimits(o: HoneyHiveTracerOptions, env: HoneyHiveEnv, vars: EnvValues, environment: DetectedEnvironment, errors: string[], unknown: string[]) {
  const maxQueueSize = positiveInteger(o.maxQueueSize, "maxQueueSize", errors) ?? vars.integer("HH_MAX_QUEUE_SIZE") ?? vars.integer("OTEL_BSP_MAX_QUEUE_SIZE") ?? 2048;
  return {
    maxQueueSize,
    maxExportBatchSize: Math.min(maxQueueSize, vars.integer("OTEL_BSP_MAX_EXPORT_BATCH_SIZE") ?? 512),
    scheduledDelayMs: vars.integer("OTEL_BSP_SCHEDULE_DELAY") ?? 1000,
    timeoutMs: positiveInteger(o.timeoutMs, "timeoutMs", errors) ?? timeoutFromEnv(vars) ?? (environment === "lambda" ? 3000 : DEFAULT_TIMEOUT_MS),
    maxAttributeBytes: positiveInteger(o.maxAttributeBytes, "maxAttributeBytes", errors) ?? vars.integer("HH_MAX_ATTRIBUTE_BYTES"),
    maxSpanBytes: positiveInteger(o.maxSpanBytes, "maxSpanBytes", errors) ?? vars.integer("HH_MAX_SPAN_BYTES"),
    maxRequestBytes: positiveInteger(o.maxRequestBytes, "maxRequestBytes", errors) ?? vars.integer("HH_MAX_REQUEST_BYTES"),
    spool: spoolOption(o.spool, errors, unknown) ?? (env.HH_SPOOL_DIR ? { dir: env.HH_SPOOL_DIR } : undefined),
    attachments: resolveAttachmentsOption(o.attachments, errors, unknown),
  };
}

/** What applies instead of an ignored variable: the resolved setting it feeds. */
const ENV_SETTING: Partial<Record<keyof HoneyHiveEnv, keyof ResolvedTracerConfig>> = {
  HH_MAX_QUEUE_SIZE: "maxQueueSize", OTEL_BSP_MAX_QUEUE_SIZE: "maxQueueSize", OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "maxExportBatchSize",
  OTEL_BSP_SCHEDULE_DELAY: "scheduledDelayMs", HH_API_TIMEOUT: "timeoutMs", HH_MAX_ATTRIBUTE_BYTES: "maxAttributeBytes",
  HH_MAX_SPAN_BYTES: "maxSpanBytes", HH_MAX_REQUEST_BYTES: "maxRequestBytes", HH_DISABLE_BATCH: "disableBatch", HH_VERBOSE: "verbose",
  HH_TEST_MODE: "testMode", HH_OTLP_PROTOCOL: "otlpProtocol", HH_COMPRESSION: "compression", HH_RESILIENCE: "resilience",
  HH_HTTP_PIPELINING: "httpPipelining",
};

/**
 * The `HH_*` variable that sets a tracer option (`maxAttributeBytes` → `HH_MAX_ATTRIBUTE_BYTES`), for messages about
 * its value; undefined for an option no variable sets.
 */
export function envVariableOf(option: string): string | undefined {
  const names = Object.keys(ENV_SETTING) as (keyof HoneyHiveEnv)[];
  return names.find((name) => name.startsWith("HH_") && ENV_SETTING[name] === option) ?? names.find((name) => ENV_SETTING[name] === option);
}

function envWarnings(vars: EnvValues, config: ResolvedTracerConfig): string[] {
  return vars.warnings((name) => {
    const setting = ENV_SETTING[name];
    return setting === undefined ? undefined : [setting, config[setting]];
  });
}

/** The keys the tracer sends with: the project key (option > `HH_API_KEY`) and the ingestion key (`config/api-keys.ts`). */
function resolveKeys(o: HoneyHiveTracerOptions, env: HoneyHiveEnv, errors: string[]): { apiKey: string | undefined; ingestionApiKey: string | undefined } {
  const apiKey = optionalString(o.apiKey, "apiKey", errors) ?? env.HH_API_KEY;
  const ingestion = resolveTypedKey("ingestion", o.ingestionApiKey, env);
  if (ingestion.problem) errors.push(ingestion.problem.message);
  return { apiKey, ingestionApiKey: ingestion.key };
}

/**
 * Resolves tracer options once: option > `HH_*` environment variable > default. Never throws; problems are
 * returned so the caller can warn (or throw in strict mode).
 */
export function resolveTracerConfig(options: HoneyHiveTracerOptions = {}, env: HoneyHiveEnv = readEnv()): ConfigResolution {
  const errors: string[] = [];
  const warnings: string[] = [];
  /** Unknown keys at any level: warnings (ignored), errors in strict mode. */
  const unknown = unknownOptionMessages(options, TRACER_OPTION_KEYS);
  const o = (options ?? {}) as HoneyHiveTracerOptions;
  const environment = detectEnvironment(env);
  const vars = new EnvValues(env);
  const resilience = o.resilience !== undefined ? oneOf<Resilience>(o.resilience, RESILIENCE, "balanced", "resilience", errors) : vars.choice("HH_RESILIENCE", RESILIENCE) ?? "balanced";
  const { otlpProtocol, compression } = resolveWire(o, vars, errors);
  const id = resolveIdentity(o, env, errors, warnings);
  const httpTracing = optionalBoolean(o.httpTracing, "httpTracing", errors) ?? o.disableHttpTracing === false;
  const limits = resolveLimits(o, env, vars, environment, errors, unknown);
  const keys = resolveKeys(o, env, errors);
  const source = optionalString(o.source, "source", errors) ?? env.HH_SOURCE ?? "dev";
  const inputs = optionalRecord(o.inputs, "inputs", warnings);
  const metadata = optionalRecord(o.metadata, "metadata", warnings);
  const userProperties = optionalRecord(o.userProperties, "userProperties", warnings);
  const flags = resolveFlags(o, env, vars, environment, errors);
  if (limits.spool && !runtime.node) {
    warnings.push(`option "spool" ignored: ${nodeOnlyMessage("the disk spool", runtime.host)}`);
    limits.spool = undefined;
  }
  const config: ResolvedTracerConfig = Object.freeze({
    ...id,
    ...keys,
    source,
    inputs,
    metadata,
    userProperties,
    ...flags,
    otlpProtocol,
    compression,
    isEvaluation: evaluationFlag(o, id, errors),
    resilience,
    httpTracing,
    ...limits,
    environment,
    serviceName: env.OTEL_SERVICE_NAME ?? id.project ?? id.sessionName,
    serviceVersion: env.OTEL_SERVICE_VERSION,
    onlineEvaluation: resolveOnlineEvaluation(o.onlineEvaluation, errors, unknown),
  });
  if (resilience === "strict") errors.push(...unknown);
  else warnings.push(...unknown.map((message) => `${message}; ignored`));
  return { config, errors, warnings, envWarnings: envWarnings(vars, config) };
}

/** `isEvaluation`: the option, else true when the run, dataset and datapoint ids are all set. */
function evaluationFlag(o: HoneyHiveTracerOptions, ids: Pick<ResolvedTracerConfig, "runId" | "datasetId" | "datapointId">, errors: string[]): boolean {
  return optionalBoolean(o.isEvaluation, "isEvaluation", errors) ?? Boolean(ids.runId && ids.datasetId && ids.datapointId);
}

/**
 * The options that differ between the tracers of one evaluate() run (a session each: its id, inputs, metadata and
 * datapoint); every other option is the same for all of them.
 */
export const SESSION_OPTION_KEYS: ReadonlySet<string> = new Set<keyof HoneyHiveTracerOptions>(["sessionId", "inputs", "metadata", "datapointId"]);

/** The fields of a resolved configuration that differ between the tracers of one evaluate() run (their sessions). */
const SESSION_FIELD_NAMES = ["sessionId", "datapointId", "inputs", "metadata", "isEvaluation"] as const satisfies readonly (keyof ResolvedTracerConfig)[];
type SessionField = (typeof SESSION_FIELD_NAMES)[number];

/** A run's resolved configuration without its session fields: the part every tracer of the run shares. */
export type RunConfig = Readonly<Omit<ResolvedTracerConfig, SessionField>>;

const SESSION_FIELDS: ReadonlySet<string> = new Set<SessionField>(SESSION_FIELD_NAMES);

/** The run part of `config` (every field but the session fields), frozen: built once per run (see {@link withSessionFields}). */
export function runConfigOf(config: ResolvedTracerConfig): RunConfig {
  const run: Record<string, unknown> = {};
  for (const key of Object.keys(config)) if (!SESSION_FIELDS.has(key)) run[key] = (config as unknown as Record<string, unknown>)[key];
  return Object.freeze(run) as unknown as RunConfig;
}

/**
 * What {@link resolveTracerConfig} gives for `options` when they differ from the options `run` was resolved from in
 * {@link SESSION_OPTION_KEYS} only, and that resolution had no problem: the session fields resolved anew (by the same
 * rules), on a frozen object whose prototype is `run` (decision record 0099): the run's fields are shared, not copied
 * per tracer, so such a configuration is read by field name, never spread or enumerated. Undefined when a session
 * field has a problem: the caller then resolves `options` in full, for the messages.
 */
export function withSessionFields(run: RunConfig, options: HoneyHiveTracerOptions): ResolvedTracerConfig | undefined {
  const problems: string[] = [];
  const sessionId = resolveSessionId(options.sessionId, problems);
  const datapointId = optionalString(options.datapointId, "datapointId", problems);
  const inputs = optionalRecord(options.inputs, "inputs", problems);
  const metadata = optionalRecord(options.metadata, "metadata", problems);
  const isEvaluation = evaluationFlag(options, { runId: run.runId, datasetId: run.datasetId, datapointId }, problems);
  if (problems.length > 0) return undefined;
  const config = Object.create(run) as { -readonly [K in SessionField]: ResolvedTracerConfig[K] };
  config.sessionId = sessionId;
  config.datapointId = datapointId;
  config.inputs = inputs;
  config.metadata = metadata;
  config.isEvaluation = isEvaluation;
  return Object.freeze(config) as ResolvedTracerConfig;
}

const SPOOL_KEYS = ["dir", "maxBytes"];

function spoolOption(value: unknown, errors: string[], unknown: string[]): { dir: string; maxBytes?: number } | undefined {
  if (value === undefined || value === null) return undefined;
  const spool = value as { dir?: unknown; maxBytes?: unknown };
  unknown.push(...unknownOptionMessages(value, SPOOL_KEYS, 'option "spool"'));
  if (typeof value !== "object" || typeof spool.dir !== "string" || spool.dir.trim() === "") {
    errors.push('option "spool" must be { dir: string, maxBytes?: number }');
    return undefined;
  }
  const maxBytes = positiveInteger(spool.maxBytes, "spool.maxBytes", errors);
  return Object.freeze(maxBytes === undefined ? { dir: spool.dir } : { dir: spool.dir, maxBytes });
}

