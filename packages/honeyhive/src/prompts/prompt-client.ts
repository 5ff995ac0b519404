/**
 * `getPrompt()`: a prompt from HoneyHive's configurations with an in-memory cache (stale-while-revalidate, one fetch in
 * flight per prompt), an optional last-known-good file cache and a fallback. Network failures never reach the caller
 * when a cached copy or a fallback exists; a missing prompt is a {@link PromptNotFoundError}, never `undefined`.
 */
import { createApiClientIn, type ApiClient } from "../api-client/create-api-client";
import type { Configuration } from "../api-client/configurations-api";
import { holdProcessUntilSettled } from "../internal/hold-process";
import { createLogger, type Logger } from "../internal/logger";
import type { FetchLike } from "../transport/send-http";
import { readEnv } from "../internal/env";
import { fallbackData, resolvePromptOptions, type GetPromptOptions, type ResolvedPromptOptions } from "./get-prompt-options";
import { Prompt } from "./prompt";
import type { PromptData } from "./prompt-data";
import { PromptNotFoundError, PromptTemplateError, PromptUnavailableError } from "./prompt-errors";
import { createPromptFileCache, type PromptCacheScope, type PromptFileCache } from "./prompt-file-cache";
import { templateProblem } from "./compile-template";
import { checkServerUrl } from "../config/server-url";
import { PromptMemoryCache } from "./prompt-memory-cache";
import { environmentsOf, pickConfiguration, promptDataOf } from "./prompt-from-configuration";
import { clearPromptServing, notePromptServing } from "./prompt-serving-notes";

/** What one fetch found: a prompt, a prompt whose template cannot be compiled, none, or no answer. */
type FetchOutcome =
  | { kind: "found"; data: PromptData }
  | { kind: "broken"; data: PromptData; problem: string }
  | { kind: "missing"; envs: string[] }
  | { kind: "failed"; reason: string };

/** Options of {@link PromptClient}. */
export interface PromptClientOptions {
  /** The API client to fetch with (a background one: a refresh nobody awaits never holds the process). */
  api: ApiClient;
  logger: Logger;
  /** The last-known-good file cache's directory (see {@link resolvePromptCacheDir}); none when undefined. */
  cacheDir?: string;
  /** Whose prompts the file cache holds (server and key): entries of other scopes in the same directory are never read. */
  cacheScope?: PromptCacheScope;
  /** Unknown option keys throw instead of warning. @defaultValue `HH_RESILIENCE=strict` */
  strictOptions?: boolean;
  /** Clock (ms). @defaultValue Date.now */
  now?: () => number;
}

/** `promptCacheDir` > env `HH_PROMPT_CACHE_DIR` > off. */
export function resolvePromptCacheDir(option: unknown): string | undefined {
  if (typeof option === "string" && option !== "") return option;
  return readEnv().HH_PROMPT_CACHE_DIR;
}

/** Where a {@link PromptClient} fetches from, and its file cache option. */
export interface PromptConnection {
  apiKey: string;
  serverUrl: string;
  /** Where `serverUrl` came from, for the error refusing a bad one. @defaultValue "serverUrl" */
  serverUrlName?: string;
  fetch?: FetchLike;
  logger?: Logger;
  /** `promptCacheDir` as given (resolved by {@link resolvePromptCacheDir}). */
  promptCacheDir?: unknown;
  /** Unknown option keys throw (the tracer's `resilience: "strict"`). @defaultValue `HH_RESILIENCE=strict` */
  strictOptions?: boolean;
}

/**
 * The prompt client of a `HoneyHive` client or a tracer: its own background API client on the same server and key
 * (one retry: a prompt is served from a cache rather than waited for), its logger, its file cache.
 */
export function createPromptClient(c: PromptConnection): PromptClient {
  return new PromptClient({
    api: createApiClientIn({ apiKey: c.apiKey, serverUrl: c.serverUrl, fetch: c.fetch, logger: c.logger, maxRetries: 1 }, { background: true, serverUrlName: c.serverUrlName }),
    logger: c.logger ?? createLogger({ secrets: c.apiKey ? [c.apiKey] : [] }),
    cacheDir: resolvePromptCacheDir(c.promptCacheDir),
    cacheScope: { serverUrl: checkServerUrl(c.serverUrl, "serverUrl").url, apiKey: c.apiKey },
    strictOptions: c.strictOptions,
  });
}

function cacheKey(name: string, env: string, version: string | undefined): string {
  return `${name}\u0000${env}\u0000${version ?? ""}`;
}

function noAnswer(timeoutMs: number): string {
  return `no answer within ${timeoutMs} ms`;
}

/** Waits for `outcome`, at most `timeoutMs`; rejects with the signal's reason when it aborts first. */
function waitFor(outcome: Promise<FetchOutcome>, timeoutMs: number, signal: AbortSignal | undefined): Promise<FetchOutcome> {
  return new Promise((resolve, reject) => {
    const onAbort = () => finish(() => reject(signal?.reason));
    const timer = setTimeout(() => finish(() => resolve({ kind: "failed", reason: noAnswer(timeoutMs) })), timeoutMs);
    (timer as { unref?: () => void }).unref?.();
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      settle();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    void outcome.then((value) => finish(() => resolve(value)));
  });
}

/** One client's prompts: fetch, caches, fallback. */
export class PromptClient {
  private readonly memory = new PromptMemoryCache();
  private readonly file: PromptFileCache | undefined;
  private readonly now: () => number;

  constructor(private readonly options: PromptClientOptions) {
    this.now = options.now ?? Date.now;
    const scope = options.cacheScope ?? { serverUrl: "", apiKey: "" };
    this.file = options.cacheDir === undefined ? undefined : createPromptFileCache(options.cacheDir, scope, options.logger);
  }

  /** See `HoneyHive.getPrompt`. */
  async getPrompt(name: string, options?: GetPromptOptions): Promise<Prompt> {
    const o = resolvePromptOptions(name, options, { strict: this.options.strictOptions, logger: this.options.logger });
    o.signal?.throwIfAborted();
    const key = cacheKey(name, o.env, o.version);
    const cached = this.memory.get(key);
    if (cached !== undefined) {
      if (this.now() - cached.fetchedAt >= o.ttlMs) void this.refresh(key, name, o, cached.data);
      return new Prompt(cached.data, "cache", o.strict);
    }
    return holdProcessUntilSettled(this.fetchOrFallBack(key, name, o));
  }

  /**
   * The prompt from the API; else (not fetched, or its template cannot be compiled) the last good copy in the file
   * cache, then the fallback; a missing prompt goes to the fallback alone (a deleted prompt is not served from a file).
   */
  private async fetchOrFallBack(key: string, name: string, o: ResolvedPromptOptions): Promise<Prompt> {
    const outcome = await waitFor(this.fetchOnce(key, name, o), o.timeoutMs, o.signal);
    if (outcome.kind === "found") return new Prompt(outcome.data, "api", o.strict);
    if (outcome.kind === "missing") {
      const error = new PromptNotFoundError(name, o.env, outcome.envs, o.version);
      return this.fallBack(name, o, error, error.message);
    }
    const error = outcome.kind === "broken"
      ? new PromptTemplateError(name, o.env, outcome.data.version, outcome.problem)
      : new PromptUnavailableError(name, o.env, outcome.reason);
    const reason = outcome.kind === "broken" ? error.message : outcome.reason;
    const file = await this.file?.read(key);
    if (file !== undefined) {
      this.memory.set(key, { data: file, fetchedAt: 0 }); // stale: the next call refreshes it in the background
      notePromptServing(name, o.env, "file", file.version, reason);
      return new Prompt(file, "file", o.strict);
    }
    return this.fallBack(name, o, error, reason);
  }

  private async fallBack(name: string, o: ResolvedPromptOptions, error: Error, reason: string): Promise<Prompt> {
    if (o.fallback === undefined) throw error;
    const data = await fallbackData(name, o.env, o.fallback);
    notePromptServing(name, o.env, "fallback", data.version, reason);
    return new Prompt(data, "fallback", o.strict);
  }

  /** A stale entry's background refresh: replaced when found, dropped when gone, noted when it failed. */
  private async refresh(key: string, name: string, o: ResolvedPromptOptions, stale: PromptData): Promise<void> {
    const outcome = await this.fetchOnce(key, name, o);
    if (outcome.kind === "missing") this.memory.delete(key);
    if (outcome.kind === "failed") notePromptServing(name, o.env, "stale", stale.version, outcome.reason);
    if (outcome.kind === "broken") notePromptServing(name, o.env, "stale", stale.version, `version ${outcome.data.version} has a template that cannot be compiled: ${outcome.problem}`);
  }

  /**
   * The fetch of `key`, shared by concurrent callers; a found prompt is cached (and written to the file cache), one
   * whose template cannot be compiled is not (the last good copy stays).
   */
  private fetchOnce(key: string, name: string, o: ResolvedPromptOptions): Promise<FetchOutcome> {
    return this.memory.once(key, async () => {
      const fetched = await this.fetch(name, o);
      const problem = fetched.kind === "found" ? templateProblem(fetched.data.template) : undefined;
      const outcome: FetchOutcome = fetched.kind === "found" && problem !== undefined ? { kind: "broken", data: fetched.data, problem } : fetched;
      if (outcome.kind === "found") {
        const previous = this.memory.get(key)?.data;
        this.memory.set(key, { data: outcome.data, fetchedAt: this.now() });
        clearPromptServing(name, o.env);
        const changed = previous?.version !== outcome.data.version || previous.updatedAt !== outcome.data.updatedAt;
        if (this.file !== undefined && changed) void this.file.write(key, outcome.data);
      }
      return outcome;
    });
  }

  /** Lists the configurations of this name (in `env`) and picks the prompt; never rejects. */
  private async fetch(name: string, o: ResolvedPromptOptions): Promise<FetchOutcome> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), o.timeoutMs);
    (timer as { unref?: () => void }).unref?.();
    try {
      const api = this.options.api.configurations;
      const listed = await api.list({ name, env: o.env }, controller.signal);
      if (!listed.ok) return { kind: "failed", reason: controller.signal.aborted ? noAnswer(o.timeoutMs) : listed.error };
      const configurations: Configuration[] = Array.isArray(listed.data.configurations) ? listed.data.configurations : [];
      const picked = pickConfiguration(configurations, name, o.env, o.version);
      if (picked !== undefined) return { kind: "found", data: promptDataOf(picked, o.env) };
      const everywhere = await api.list({ name }, controller.signal);
      return { kind: "missing", envs: everywhere.ok && Array.isArray(everywhere.data.configurations) ? environmentsOf(everywhere.data.configurations, name) : [] };
    } catch (error) {
      return { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
