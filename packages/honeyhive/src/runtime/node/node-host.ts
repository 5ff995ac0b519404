import { setMaxListeners } from "node:events";
import { createReadStream, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { finished } from "node:stream";
import type { NodeFiles, NodeHost } from "../runtime";
import { importCopy, installedCopies, loadedCommonJs, packageVersion, requireCopy, requireModuleCopy } from "./package-copies";
import { loadedModuleExports, loadedModuleFiles, requirersOf } from "./loaded-modules";
import { readRegularFile } from "./read-regular-file";
import { fsPromises } from "./fs-promises";
import { openScratchFile } from "./scratch-file";

const readChunks = (path: string): AsyncIterable<Uint8Array> => createReadStream(path, { highWaterMark: 64 * 1024 });
const files: NodeFiles = {
  mkdir: (path, options) => fsPromises().mkdir(path, options),
  readdir: (path) => fsPromises().readdir(path),
  readFile: (path) => fsPromises().readFile(path),
  readChunks, readRegularFile, readFileSync,
  writeFile: (path, data) => fsPromises().writeFile(path, data),
  rename: (from, to) => fsPromises().rename(from, to),
  stat: (path) => fsPromises().stat(path),
  unlink: (path) => fsPromises().unlink(path),
  utimes: (path, atime, mtime) => fsPromises().utimes(path, atime, mtime),
  join, dirname, resolve,
};

/** Runs a program (node:child_process is loaded on first use: only evaluate()'s git helper needs it). */
async function execFileText(file: string, args: string[], options: { cwd: string; timeoutMs: number }): Promise<string | undefined> {
  const { execFile } = await import("node:child_process");
  return new Promise((done) => {
    try {
      execFile(file, args, { cwd: options.cwd, timeout: options.timeoutMs, windowsHide: true, maxBuffer: 1 << 20 }, (error, stdout) => {
        done(error ? undefined : String(stdout).trim());
      });
    } catch {
      done(undefined);
    }
  });
}

/** Loads an optional package from the application's dependencies (resolved from the working directory, then from the SDK). */
function loadModule(name: string): unknown {
  const anchor = typeof __filename === "string" ? __filename : join(process.cwd(), "noop.js");
  for (const base of [join(process.cwd(), "noop.js"), anchor]) {
    try {
      return createRequire(base)(name) as unknown;
    } catch {
      // try the next base
    }
  }
  return undefined;
}

function loadModuleOf(owner: string, name: string): unknown {
  const anchor = typeof __filename === "string" ? __filename : join(process.cwd(), "noop.js");
  for (const base of [join(process.cwd(), "noop.js"), anchor]) {
    try {
      return createRequire(createRequire(base).resolve(owner))(name) as unknown;
    } catch {
      // try the next base
    }
  }
  return undefined;
}

function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The Node-only capabilities of the Node build. */
export const nodeHost: NodeHost = {
  files,
  execFileText,
  loadModule,
  loadModuleOf,
  packageCopies: { installedCopies, packageVersion, requireCopy, requireModuleCopy, importCopy, loadedCommonJs },
  loadedModuleFiles,
  requirersOf,
  loadedModuleExports,
  sha1: (text) => createHash("sha1").update(text).digest(),
  whenStreamFinished: (stream, done) => {
    finished(stream as NodeJS.ReadableStream, { writable: false }, (error) => done(error ?? undefined));
  },
  allowManyListeners: (signal) => setMaxListeners(0, signal),
  cwd: () => process.cwd(),
  get pid() {
    return process.pid;
  },
  isProcessAlive,
  openScratchFile,
  get stdout() {
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
};
