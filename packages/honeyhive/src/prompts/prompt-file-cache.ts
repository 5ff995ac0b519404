/**
 * The last-known-good prompt files (`promptCacheDir`, env `HH_PROMPT_CACHE_DIR`): one JSON file per prompt, environment
 * and version asked, written through a temporary file and a rename (never a torn file). A file that cannot be read as a
 * prompt is ignored with a warning. Node only: elsewhere there is no file cache (reads find nothing, writes do nothing).
 */
import type { Logger } from "../internal/logger";
import { runtime } from "../runtime/platform";
import type { PromptData } from "./prompt-data";

const FORMAT = 1;

/** Reads and writes prompt files in one directory. */
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
    typeof v.parameters === "object" && v.parameters !== null && Array.isArray(v.tools);
}

/** The file cache in `dir`, or undefined where the runtime has no file system. */
export function createPromptFileCache(dir: string, logger: Logger): PromptFileCache | undefined {
  const node = runtime.node;
  if (node === undefined) return undefined;
  const files = node.files;
  const root = files.resolve(dir);
  const pathOf = (key: string) => {
    const readable = key.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._-]+/, "").slice(0, 60);
    return files.join(root, `${readable || "prompt"}-${runtime.sha256Hex(key).slice(0, 16)}.json`);
  };
  let counter = 0;
  return {
    dir: root,
    async read(key) {
      const path = pathOf(key);
      let text: string;
      try {
        text = new TextDecoder().decode(await files.readFile(path));
      } catch {
        return undefined; // no file yet
      }
      try {
        const parsed = JSON.parse(text) as { format?: unknown; key?: unknown; prompt?: unknown };
        if (parsed.format === FORMAT && parsed.key === key && isPromptData(parsed.prompt)) return parsed.prompt;
      } catch {
        // reported below
      }
      logger.warn(`prompt cache file ${path} is not a cached prompt: ignored (it is replaced on the next successful fetch)`);
      return undefined;
    },
    async write(key, data) {
      const path = pathOf(key);
      const temporary = `${path}.${node.pid}.${(counter += 1)}.tmp`;
      try {
        await files.mkdir(root, { recursive: true });
        await files.writeFile(temporary, `${JSON.stringify({ format: FORMAT, key, savedAt: new Date().toISOString(), prompt: data }, null, 2)}\n`);
        await files.rename(temporary, path);
      } catch (error) {
        await files.unlink(temporary).catch(() => undefined);
        logger.warn(`prompt cache file ${path} could not be written: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
