/**
 * A scratch file for bytes a long run keeps but rarely reads (a streamed dataset's canonical texts, decision record
 * 0108): made in the system's temporary directory, readable by its owner alone, and removed from its directory as
 * soon as it is open, so nothing is left behind when the process is killed (where the system cannot remove an open
 * file, Windows, it is removed when closed). Written and read synchronously, by position.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ScratchFile } from "../runtime";

/** Removes `dir` and what it holds; false when it cannot (the file is open, on Windows). Never throws. */
function removed(dir: string): boolean {
  try {
    rmSync(dir, { recursive: true, force: true });
    return true;
  } catch {
    return false;
  }
}

class NodeScratchFile implements ScratchFile {
  #fd: number | undefined;

  constructor(
    fd: number,
    private readonly leftDir: string | undefined,
  ) {
    this.#fd = fd;
  }

  write(bytes: Uint8Array, position: number): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.#open(), bytes, done, bytes.length - done, position + done);
  }

  read(into: Uint8Array, position: number): void {
    let done = 0;
    while (done < into.length) {
      const read = readSync(this.#open(), into, done, into.length - done, position + done);
      if (read === 0) throw new Error("scratch file ended early");
      done += read;
    }
  }

  close(): void {
    if (this.#fd === undefined) return;
    try {
      closeSync(this.#fd);
    } catch {
      // closed already: nothing to give back
    }
    this.#fd = undefined;
    if (this.leftDir !== undefined) removed(this.leftDir);
  }

  #open(): number {
    if (this.#fd === undefined) throw new Error("scratch file closed");
    return this.#fd;
  }
}

/** A new scratch file, or undefined when the temporary directory cannot take one. Never throws. */
export function openScratchFile(): ScratchFile | undefined {
  let dir: string | undefined;
  try {
    dir = mkdtempSync(join(tmpdir(), "honeyhive-scratch-"));
    const fd = openSync(join(dir, "bytes"), "wx+", 0o600);
    return new NodeScratchFile(fd, removed(dir) ? undefined : dir);
  } catch {
    if (dir !== undefined) removed(dir);
    return undefined;
  }
}
