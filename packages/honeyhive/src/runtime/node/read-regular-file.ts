/**
 * Reads a file only when it is a regular file, and at most `maxBytes` of it: a cache file replaced by a FIFO (whose
 * open would wait for a writer forever), a device such as `/dev/zero` (endless bytes), a directory or a file larger
 * than the caller takes is refused without reading it. The file is opened non-blocking and checked on its handle, so
 * what is read is what was checked.
 */
import { constants } from "node:fs";
import type * as FsPromises from "node:fs/promises";
import type { RegularFileRead } from "../runtime";
import { fsPromises } from "./fs-promises";


const CHUNK_BYTES = 64 * 1024;

/** Reads the regular file at `path` if it holds at most `maxBytes`; rejects only for unexpected file system errors. */
export async function readRegularFile(path: string, maxBytes: number): Promise<RegularFileRead> {
  let handle: FsPromises.FileHandle;
  try {
    handle = await fsPromises().open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing" };
    if (code === "EISDIR") return { kind: "not-regular" };
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { kind: "not-regular" };
    if (info.size > maxBytes) return { kind: "too-large" };
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = new Uint8Array(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return { kind: "too-large" }; // it grew after the check
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    return { kind: "read", bytes };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
