import { checkOptionKeys } from "../config/unknown-options";
import { readEnv } from "../internal/env";
import type { LlmCacheStore } from "./cache-store";
import { fileCacheStore } from "./file-store";

/** `record`: always call the provider and store; `replay`: only stored answers (a miss is an error); `auto`: stored when there, else call and store; `off`: no cache. */
export type LlmCacheMode = "record" | "replay" | "auto" | "off";

/** Options of `createLlmCache`. Each is read once, when the cache is created. */
export interface LlmCacheOptions {
  /** Env `HH_LLM_CACHE`. @defaultValue "off" */
  mode?: LlmCacheMode;
  /** Directory of the recordings. Env `HH_LLM_CACHE_DIR`. @defaultValue ".honeyhive/llm-cache" (from the working directory) */
  dir?: string;
  /** Keeps recordings somewhere else than files (e.g. `memoryCacheStore()` where there is no file system); replaces `dir`. */
  store?: LlmCacheStore;
  /** The fetch that reaches the provider. @defaultValue the global `fetch`, looked up at each call */
  fetch?: typeof globalThis.fetch;
  /** Test seam: environment variables to read instead of `process.env`. */
  env?: Record<string, string | undefined>;
}

const MODES: readonly LlmCacheMode[] = ["record", "replay", "auto", "off"];
const OPTION_KEYS = ["mode", "dir", "store", "fetch", "env"];
const DEFAULT_CACHE_DIR = ".honeyhive/llm-cache";

/** The cache's configuration after option > `HH_*` env > default. */
export interface ResolvedLlmCacheOptions {
  readonly mode: LlmCacheMode;
  readonly store: LlmCacheStore;
  readonly fetch: typeof globalThis.fetch;
}

function checkMode(value: string, source: string): LlmCacheMode {
  const mode = value.trim().toLowerCase();
  if ((MODES as readonly string[]).includes(mode)) return mode as LlmCacheMode;
  throw new TypeError(`${source} must be one of ${MODES.join(", ")}; got ${JSON.stringify(value)}`);
}

/** The mode: the option, else `HH_LLM_CACHE`, else off. */
function resolveMode(options: LlmCacheOptions, env: { readonly HH_LLM_CACHE?: string }): LlmCacheMode {
  if (options.mode !== undefined && typeof options.mode !== "string") throw new TypeError("createLlmCache: mode must be a string");
  if (options.mode !== undefined) return checkMode(options.mode, "createLlmCache: mode");
  return env.HH_LLM_CACHE !== undefined ? checkMode(env.HH_LLM_CACHE, "HH_LLM_CACHE") : "off";
}

/** Type checks of the store, dir and fetch options. */
function checkSeams(options: LlmCacheOptions): void {
  if (options.store !== undefined && (typeof options.store?.read !== "function" || typeof options.store?.write !== "function")) throw new TypeError("createLlmCache: store must have read() and write()");
  if (options.dir !== undefined && (typeof options.dir !== "string" || options.dir.trim() === "")) throw new TypeError("createLlmCache: dir must be a non-empty string");
  if (options.fetch !== undefined && typeof options.fetch !== "function") throw new TypeError("createLlmCache: fetch must be a function");
}

/** Resolves the options (unknown keys and bad values are `TypeError`s naming the option or variable). */
export function resolveLlmCacheOptions(options: LlmCacheOptions = {}): ResolvedLlmCacheOptions {
  checkOptionKeys(options, OPTION_KEYS, "createLlmCache");
  const env = readEnv(options.env);
  const mode = resolveMode(options, env);
  checkSeams(options);
  const store = options.store ?? fileCacheStore(options.dir ?? env.HH_LLM_CACHE_DIR ?? DEFAULT_CACHE_DIR);
  const fetch = options.fetch ?? ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init));
  return { mode, store, fetch };
}
