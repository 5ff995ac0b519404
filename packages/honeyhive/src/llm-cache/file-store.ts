import { stableJson } from "@honeyhive/core/values/stable-json";
import { runtime } from "../runtime/platform";
import { nodeOnlyMessage } from "../runtime/runtime";
import type { LlmCacheStore } from "./cache-store";
import { parseRecordedExchange } from "./recorded-exchange";
import { decodeUtf8 } from "../internal/utf8";

/**
 * A datapoint id as a directory name: kept as it is when it is safe (`EXT-…` ids are), else its safe characters
 * plus a hash of the whole id, so no id can reach outside the cache directory or collide with another.
 */
export function datapointDirName(datapointId: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/.test(datapointId)) return datapointId;
  const safe = datapointId.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^[._-]+/, "").slice(0, 60);
  return `${safe || "id"}-${runtime.sha256Hex(datapointId).slice(0, 12)}`;
}

/**
 * Recordings as files a team commits: `<dir>/<datapoint id>/<first 16 hex digits of the key>[-<repeat>].json`, pretty JSON
 * with sorted keys (stable diffs). Writes go through a temporary file and a rename (no torn files). Node only: in the
 * runtime-neutral build every read and write rejects with a "needs Node.js" error (use a store of your own there).
 */
export function fileCacheStore(dir: string): LlmCacheStore {
  const node = runtime.node;
  if (!node) return unavailableStore(dir);
  const files = node.files;
  const root = files.resolve(dir);
  // `<first 16 hex digits of the request hash>[-<repeat>].json`
  const pathOf = (datapointId: string, key: string) => files.join(root, datapointDirName(datapointId), `${key.slice(0, 16)}${key.slice(64).replace(/[^0-9-]/g, "")}.json`);
  let counter = 0;
  return {
    location: root,
    async read(datapointId, key) {
      const path = pathOf(datapointId, key);
      let text: string;
      try {
        text = decodeUtf8(await files.readFile(path));
      } catch (error) {
        if ((error as { code?: unknown }).code === "ENOENT") return undefined;
        throw error;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new Error(`honeyhive llm cache: ${path} is not valid JSON (${(error as Error).message}); delete it or record again`);
      }
      const exchange = parseRecordedExchange(parsed);
      if (typeof exchange === "string") throw new Error(`honeyhive llm cache: ${path} is not a recording (${exchange}); delete it or record again`);
      return exchange.key === key && exchange.datapointId === datapointId ? exchange : undefined;
    },
    async write(exchange) {
      const path = pathOf(exchange.datapointId, exchange.key);
      await files.mkdir(files.join(root, datapointDirName(exchange.datapointId)), { recursive: true });
      const temporary = `${path}.${node.pid}.${(counter += 1)}.tmp`;
      await files.writeFile(temporary, `${stableJson(exchange, 2)}\n`);
      await files.rename(temporary, path);
    },
  };
}

function unavailableStore(dir: string): LlmCacheStore {
  const fail = () => Promise.reject(new Error(`honeyhive llm cache: ${nodeOnlyMessage("the file store", runtime.host)}`));
  return { location: dir, read: fail, write: fail };
}
