import type { Attributes } from "@opentelemetry/api";
import type { HttpRequestInit, HttpResponseLike } from "../fetch-like";
import { detectHost } from "../detect-host";
import type { ByteSupport, Runtime } from "../runtime";
import { type AsyncLocalStorageClass, AlsContextManager, StackContextManager } from "./context-managers";
import { randomHex } from "@honeyhive/core/ids/random";
import { newUuid } from "@honeyhive/core/ids/uuid";
import { sha256HexOfBytes } from "./sha256";
import { neutralAttachmentBytes } from "./neutral-attachment-bytes";
import { noteFallback, notedFallbacks } from "@honeyhive/core/fallbacks/fallback-notes";
import { streamGzip } from "./stream-gzip";
import { utf8Encoder } from "../../internal/utf8";

const host = detectHost();
const hasTextEncoder = typeof TextEncoder === "function";

function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const bytes: ByteSupport = {
  alloc: (size) => new Uint8Array(size),
  utf8Length,
  writeUtf8: (target, s, offset, length) => {
    if (hasTextEncoder) return utf8Encoder().encodeInto(s, target.subarray(offset, offset + length)).written;
    let pos = offset;
    for (const ch of s) {
      const code = ch.codePointAt(0) as number;
      if (code < 0x80) target[pos++] = code;
      else if (code < 0x800) pos = put(target, pos, [0xc0 | (code >> 6), 0x80 | (code & 63)]);
      else if (code < 0x10000) pos = put(target, pos, [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)]);
      else pos = put(target, pos, [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)]);
    }
    return pos - offset;
  },
};

function put(target: Uint8Array, pos: number, values: number[]): number {
  for (const v of values) target[pos++] = v;
  return pos;
}

function toBytes(text: string): Uint8Array {
  const out = new Uint8Array(utf8Length(text));
  bytes.writeUtf8(out, text, 0, out.length);
  return out;
}

/** The platform's fetch, looked up at each request (a test or polyfill may install it later). */
function globalFetch(url: string, init: HttpRequestInit = {}): Promise<HttpResponseLike> {
  const fetchImpl = (globalThis as { fetch?: (url: string, init: object) => Promise<HttpResponseLike> }).fetch;
  if (typeof fetchImpl !== "function") return Promise.reject(new Error("this runtime has no global fetch: pass the fetch option"));
  return fetchImpl(url, { method: init.method ?? "GET", headers: init.headers, body: init.body, signal: init.signal });
}

/** This runtime's AsyncLocalStorage and where it was found, or undefined when it has none. */
function findAsyncLocalStorage(): { Storage: AsyncLocalStorageClass; source: string } | undefined {
  const g = globalThis as { AsyncLocalStorage?: unknown; process?: { getBuiltinModule?: (name: string) => { AsyncLocalStorage?: unknown } | undefined } };
  try {
    if (typeof g.AsyncLocalStorage === "function") return { Storage: g.AsyncLocalStorage as AsyncLocalStorageClass, source: "globalThis.AsyncLocalStorage" }; // Vercel Edge, Next's edge runtime
    const builtin = typeof g.process?.getBuiltinModule === "function" ? g.process.getBuiltinModule("node:async_hooks") : undefined; // workerd + nodejs_compat, Deno, Bun
    if (typeof builtin?.AsyncLocalStorage === "function") return { Storage: builtin.AsyncLocalStorage as AsyncLocalStorageClass, source: "node:async_hooks" };
  } catch {
    // fall through to the stack manager
  }
  return undefined;
}

function asyncLocalStorageClass(): AsyncLocalStorageClass | undefined {
  return findAsyncLocalStorage()?.Storage;
}

function processAttributes(): Attributes {
  return { "process.runtime.name": host };
}

function soon(fn: () => void): unknown {
  if (typeof setTimeout === "function") return setTimeout(fn, 0);
  noteFallback("setTimeout is missing: background exports run as microtasks; call flush() before the response ends");
  void Promise.resolve().then(fn);
  return undefined;
}

/** The runtime of the runtime-neutral build: Web APIs only (fetch, Web Crypto, TextEncoder, AsyncLocalStorage where present). */
export const neutralRuntime: Runtime = {
  build: "neutral",
  host,
  randomHex: (byteCount) => randomHex(byteCount, noteFallback),
  randomUUID: newUuid,
  sha256Hex: (text) => sha256HexOfBytes(toBytes(text)),
  bytes,
  attachmentBytes: neutralAttachmentBytes,
  transport: { fetch: globalFetch, background: globalFetch, export: globalFetch, isNative: () => false },
  gzip: streamGzip(() => undefined), // no CompressionStream: bodies go uncompressed, a cost rather than a fault (not warned)
  scriptPath: () => undefined,
  processAttributes,
  asyncLocalStorageSource: () => findAsyncLocalStorage()?.source,
  createContextManager: () => {
    const Storage = asyncLocalStorageClass();
    if (Storage) return { manager: new AlsContextManager(Storage), followsAsync: true };
    noteFallback(
      "no AsyncLocalStorage in this runtime: spans nest within synchronous code only (after an await, a child starts a new trace); " +
        "on Cloudflare Workers enable the nodejs_compat (or nodejs_als) flag",
    );
    return { manager: new StackContextManager(), followsAsync: false };
  },
  installExitHooks: () => undefined,
  soon,
  cancelSoon: (handle) => {
    if (handle !== undefined && typeof clearTimeout === "function") clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
  fallbacks: notedFallbacks,
  node: undefined,
};

