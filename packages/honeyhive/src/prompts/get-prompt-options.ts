/**
 * The options of `getPrompt()`, checked once per call: wrong types are a TypeError naming the fix; an unknown key warns
 * naming the closest key and is ignored (strict mode: thrown).
 */
import { type UnknownOptionsPolicy, checkUnknownOptions } from "../config/unknown-options";
import { templateProblem, type PromptMessage, type PromptTemplate } from "./compile-template";
import { PromptTemplateError } from "./prompt-errors";
import type { PromptData } from "./prompt-data";

/** The environments a prompt is deployed to. */
export const PROMPT_ENVS = ["dev", "staging", "prod"] as const;

/** What a fallback may be: a template, or a prompt's fields (`template` required). */
export type PromptFallback = PromptTemplate | (Partial<Omit<PromptData, "name" | "env" | "version" | "template">> & { template: PromptTemplate });

/** Options of `getPrompt(name, options)`. */
export interface GetPromptOptions {
  /** The environment. @defaultValue "prod" */
  env?: (typeof PROMPT_ENVS)[number];
  /** Only this exact content version (see the Prompts guide). */
  version?: string;
  /** How long a fetched prompt is fresh; a stale one is returned at once and refreshed in the background. @defaultValue 60000 */
  ttlMs?: number;
  /** Returned (`source: "fallback"`, version `"fallback"`) when the prompt is missing or cannot be fetched; a function is called only then. */
  fallback?: PromptFallback | (() => PromptFallback | Promise<PromptFallback>);
  /** `compile()` throws one `PromptVariablesError` for missing and unused variables. @defaultValue false */
  strict?: boolean;
  /** Longest wait for the API when nothing is cached. @defaultValue 5000 */
  timeoutMs?: number;
  /** Aborts the wait (the call rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** {@link GetPromptOptions} with defaults applied. */
export interface ResolvedPromptOptions {
  env: string;
  version: string | undefined;
  ttlMs: number;
  fallback: GetPromptOptions["fallback"];
  strict: boolean;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

const KEYS = ["env", "version", "ttlMs", "fallback", "strict", "timeoutMs", "signal"];
const DEFAULT_TTL_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 5_000;

function nonNegative(value: unknown, key: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new TypeError(`getPrompt(): ${key} must be a number ≥ 0`);
  return value;
}

/** Reads and checks `getPrompt()`'s name and options; `unknown` says how unknown keys are reported. */
export function resolvePromptOptions(name: unknown, options: GetPromptOptions | undefined, unknown: UnknownOptionsPolicy = {}): ResolvedPromptOptions {
  if (typeof name !== "string" || name === "") throw new TypeError("getPrompt(): the prompt name must be a non-empty string");
  const o: Record<string, unknown> = options === undefined ? {} : { ...(options as Record<string, unknown>) };
  checkUnknownOptions(o, KEYS, "getPrompt()", unknown);
  const env = o.env ?? "prod";
  if (!(PROMPT_ENVS as readonly unknown[]).includes(env)) throw new TypeError(`getPrompt(): env must be one of ${PROMPT_ENVS.join(", ")}`);
  if (o.version !== undefined && (typeof o.version !== "string" || o.version === "")) throw new TypeError("getPrompt(): version must be a non-empty string");
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) throw new TypeError("getPrompt(): signal must be an AbortSignal");
  return {
    env: env as string,
    version: o.version as string | undefined,
    ttlMs: nonNegative(o.ttlMs, "ttlMs", DEFAULT_TTL_MS),
    fallback: o.fallback as GetPromptOptions["fallback"],
    strict: o.strict === true,
    timeoutMs: nonNegative(o.timeoutMs, "timeoutMs", DEFAULT_TIMEOUT_MS),
    signal: o.signal as AbortSignal | undefined,
  };
}

function isMessages(value: unknown): value is PromptMessage[] {
  return Array.isArray(value) && value.every((m) => typeof m === "object" && m !== null && typeof m.role === "string" && typeof m.content === "string");
}

/**
 * The prompt data of a fallback (version `"fallback"`); a TypeError when it holds no template, a
 * {@link PromptTemplateError} when its template cannot be compiled.
 */
export async function fallbackData(name: string, env: string, fallback: NonNullable<GetPromptOptions["fallback"]>): Promise<PromptData> {
  const value = typeof fallback === "function" ? await fallback() : fallback;
  const fields = typeof value === "string" || Array.isArray(value) ? { template: value } : value;
  if (typeof fields?.template !== "string" && !isMessages(fields?.template)) {
    throw new TypeError(`getPrompt("${name}"): the fallback must be a template (a string or chat messages) or an object with one`);
  }
  const problem = templateProblem(fields.template);
  if (problem !== undefined) throw new PromptTemplateError(name, env, "fallback", problem);
  return {
    name, env, version: "fallback", configId: null, updatedAt: null, template: fields.template,
    model: fields.model ?? null, provider: fields.provider ?? null, parameters: fields.parameters ?? {}, tools: fields.tools ?? [],
    responseFormat: fields.responseFormat ?? null,
  };
}
