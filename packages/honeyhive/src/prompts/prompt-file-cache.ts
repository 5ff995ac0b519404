/**
 * The last-known-good prompt files (`promptCacheDir`, env `HH_PROMPT_CACHE_DIR`): one JSON file per server, project,
 * prompt, environment and version asked, written through a temporary file and a rename (never a torn file).
 *
 * A directory may be shared by processes of several projects and servers, so every entry belongs to a scope: the
 * server URL and the API key (HoneyHive keys are per project), kept only as a SHA-256 digest. The scope is part of
 * the file name and is checked on read, so a client never reads another project's or another server's entry. Only a
 * regular file of at most {@link MAX_PROMPT_FILE_BYTES} is read (a FIFO or a device at the path is refused unread); a
 * file that is none, or that does not hold a valid prompt of this scope and key (its template included), is ignored
 * with a warning. Node only: elsewhere there is no file cache (reads find nothing, writes do nothing).
 */
import type { Logger } from "../internal/logger";
import { runtime } from "../runtime/platform";
import { templateProblem } from "./compile-template";
import type { PromptData } from "./prompt-data";
import { decodeUtf8 } from "../internal/utf8";

const FORMAT = 2;

/** Largest prompt file read (a prompt's template, tools and settings; far above any real one). */
export const MAX_PROMPT_FILE_BYTES = 4 * 1024 * 1024;

/** Whose prompts a cache holds: the server and the API key (which names the project). */
export interface PromptCacheScope {
  readonly serverUrl: string;
  readonly apiKey: string;
}

/** Reads and writes prompt files in one directory, for one scope. */
export interface PromptFileCache {
  readonly dir: string;
  read(key: string): Promise<PromptData | undefined>;
  /** Writes in the background; never rejects. */
  write(key: string, data: PromptData): Promise<void>;
}

function isPromptData(value: unknown): value is PromptData {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  const templateOk = typeof v.template === "string" || (Array.isArray(v.template) && v.template.every((m) => typeof m?.role === "string" && typeof m?.content === "string"));
  return typeof v.name === "string" && typeof v.env === "string" && typeof v.version === "string" && templateOk &&
    typeof v.parameters === "object" && v.parameters !== null && Array.isArray(v.tools) && templateProblem(v.template as PromptData["template"]) === undefined;
}

/** The digest naming a scope (never the key itself). */
export function scopeDigest(scope: PromptCacheScope): string {
  return runtime.sha256Hex(`honeyhive prompt cache\u0000${scope.serverUrl.replace(/\/+$/, "")}\u0000${scope.apiKey}`).slice(0, 32);
}

/** The prompt file's content when it is one of `scope` and `key`, else undefined. */
function cachedPrompt(text: string, scope: string, key: string): PromptData | undefined {
  try {
    const parsed = JSON.parse(text) as { format?: unknown; scope?: unknown; key?: unknown; prompt?: unknown };
    if (parsed.format === FORMAT && parsed.scope === scope && parsed.key === key && isPromptData(parsed.prompt)) return parsed.prompt;
  } catch {
    // not JSON: the caller warns
  }
  return undefined;
}

/** The file cache of `scope` in `dir`, or undefined where the runtime has no file system. */
export function createPromptFileCache(dir: string, scope: PromptCacheScope, logger: Logger): PromptFileCache | undefined {
  const node = runtime.node;
  if (node === undefined) return undefined;
  const files = node.files;
  const root = files.resolve(dir);
  const digest = scopeDigest(scope);
  const pathOf = (key: string) => {
    const name = key.split("\u0000")[0] ?? "";
    const readable = name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._-]+/, "").slice(0, 60);
    return files.join(root, `${readable || "prompt"}-${runtime.sha256Hex(`${digest}\u0000${key}`).slice(0, 24)}.json`);
  };
  let counter = 0;
  return {
    dir: root,
    async read(key) {
      const path = pathOf(key);
      let found: Awaited<ReturnType<typeof files.readRegularFile>>;
      try {
        found = await files.readRegularFile(path, MAX_PROMPT_FILE_BYTES);
      } catch (error) {
        logger.warn(`prompt cache file ${path} could not be read: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
      if (found.kind === "missing") return undefined; // no file yet
      const prompt = found.kind === "read" ? cachedPrompt(decodeUtf8(found.bytes), digest, key) : undefined;
      if (prompt !== undefined) return prompt;
      const what = found.kind === "not-regular" ? "is not a regular file" : found.kind === "too-large" ? `is larger than ${MAX_PROMPT_FILE_BYTES} bytes` : "is not a cached prompt";
      logger.warn(`prompt cache file ${path} ${what}: ignored (it is replaced on the next successful fetch)`);
      return undefined;
    },
    async write(key, data) {
      const path = pathOf(key);
      const temporary = `${path}.${node.pid}.${(counter += 1)}.tmp`;
      try {
        await files.mkdir(root, { recursive: true });
        await files.writeFile(temporary, `${JSON.stringify({ format: FORMAT, scope: digest, key, savedAt: new Date().toISOString(), prompt: data }, null, 2)}\n`);
        await files.rename(temporary, path);
      } catch (error) {
        await files.unlink(temporary).catch(() => undefined);
        logger.warn(`prompt cache file ${path} could not be written: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
