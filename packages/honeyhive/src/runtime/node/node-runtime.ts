import { randomFillSync, randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks/build/src/AsyncLocalStorageContextManager";
import type { Attributes } from "@opentelemetry/api";
import type * as Zlib from "node:zlib";
import type { FetchLike } from "../fetch-like";
import type { ByteSupport, Runtime } from "../runtime";
import { detectHost } from "../detect-host";
import { installNodeExitHooks } from "./exit-hooks";
import { backgroundHttpFetch, exportHttpFetch, nodeHttpFetch } from "./http-fetch";
import { nodeHost } from "./node-host";
import { nodeAttachmentBytes } from "./node-attachment-bytes";
import { lazyBuiltin } from "./lazy-builtin";
import { sha256HexOfBytes } from "../neutral/sha256";

type Utf8Writer = ByteSupport["writeUtf8"];

/** Node's long-standing `utf8Write` when present (it skips `write`'s argument parsing), else the documented `write`. */
const writeUtf8: Utf8Writer =
  typeof (Buffer.prototype as { utf8Write?: unknown }).utf8Write === "function"
    ? (buf, s, offset, length) => (buf as unknown as { utf8Write: (s: string, o: number, l: number) => number }).utf8Write(s, offset, length)
    : (buf, s, offset, length) => (buf as Buffer).write(s, offset, length, "utf8");

const bytes: ByteSupport = {
  alloc: (size) => Buffer.allocUnsafeSlow(size),
  utf8Length: (s) => Buffer.byteLength(s, "utf8"),
  writeUtf8,
};

function processAttributes(): Attributes {
  const attributes: Attributes = {
    "process.runtime.name": "nodejs",
    "process.runtime.version": process.versions.node,
    "process.pid": process.pid,
  };
  try {
    attributes["host.name"] = hostname();
  } catch {
    // host name unavailable
  }
  return attributes;
}

type NodeCrypto = {
  createHash(algorithm: string): { update(text: string, encoding: "utf8"): { digest(encoding: "hex"): string } };
  /** One-shot digest (Node >= 20.12): about a third of `createHash`'s cost on short texts such as datapoint ids. */
  hash?: (algorithm: string, text: string, encoding: "hex") => string;
};

/** node:crypto's sha256 when the process can load it synchronously (Node >= 20.16), else the plain-JS one. */
function sha256Hex(text: string): string {
  const crypto = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
  if (crypto === undefined) return sha256HexOfBytes(Buffer.from(text, "utf8"));
  return typeof crypto.hash === "function" ? crypto.hash("sha256", text, "hex") : crypto.createHash("sha256").update(text, "utf8").digest("hex");
}

/** node:zlib loads with the first body big enough to gzip (a smaller one is sent as it is). */
const zlib = lazyBuiltin<typeof Zlib>("node:zlib");

/** Level 3: on the SDK's span batches, the CPU of level 1 for 4 % fewer bytes (docs/decisions/0070-gzip-level-3.md). */
const GZIP_OPTIONS = Object.freeze({ level: 3 });

/**
 * zlib's gzip on libuv's thread pool (never on the calling thread), at level 3: measured on the SDK's span batches,
 * a third of the CPU of the default level 6 (docs/decisions/0015-ab-gate-and-gzip.md, 0070-gzip-level-3.md).
 */
function gzip(data: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => zlib().gzip(data, GZIP_OPTIONS, (error, out) => (error ? reject(error) : resolve(out))));
}

const isNative = (fetchImpl: FetchLike): boolean => fetchImpl === nodeHttpFetch || fetchImpl === backgroundHttpFetch || fetchImpl === exportHttpFetch;

/** The Node build's runtime (also what Bun and Deno load, as they resolve the Node build). */
export const nodeRuntime: Runtime = {
  build: "node",
  host: detectHost(),
  // node:crypto's own fill: the global Web Crypto object is set up on first use (about 2 ms of a cold start)
  randomHex: (byteCount) => randomFillSync(Buffer.allocUnsafe(byteCount)).toString("hex"),
  // node:crypto's too: the first tracer does not set up the global Web Crypto object (about 0.3 ms of CPU)
  randomUUID: () => randomUUID(),
  sha256Hex,
  bytes,
  attachmentBytes: nodeAttachmentBytes,
  transport: { fetch: nodeHttpFetch, background: backgroundHttpFetch, export: exportHttpFetch, isNative },
  gzip,
  scriptPath: () => (Array.isArray(process.argv) && typeof process.argv[1] === "string" ? process.argv[1] : undefined),
  processAttributes,
  createContextManager: () => ({ manager: new AsyncLocalStorageContextManager(), followsAsync: true }),
  asyncLocalStorageSource: () => "node:async_hooks",
  installExitHooks: installNodeExitHooks,
  soon: (fn) => setImmediate(fn),
  cancelSoon: (handle) => clearImmediate(handle as NodeJS.Immediate),
  fallbacks: () => [],
  node: nodeHost,
};
