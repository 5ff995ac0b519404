import { createRequire } from "node:module";

/**
 * A Node built-in loaded on its first use rather than when the SDK is imported: for the modules a process may never
 * need (`node:https` and its TLS stack when every endpoint is `http:`, `node:zlib` until a body is big enough to gzip).
 * Measured on a cold start: `node:https` about 3 ms of CPU after `node:http`, `node:zlib` about 1 ms
 * (docs/decisions/0080-cold-start-loads-what-the-first-span-needs.md).
 */
export function lazyBuiltin<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= loadBuiltin<T>(id));
}

type BuiltinLoader = (id: string) => unknown;

/** `process.getBuiltinModule` (Node >= 20.16, Bun, Deno), else a `require` made for this file. */
function loadBuiltin<T>(id: string): T {
  const getBuiltin = (process as { getBuiltinModule?: BuiltinLoader }).getBuiltinModule;
  if (typeof getBuiltin === "function") return getBuiltin.call(process, id) as T;
  const anchor = typeof __filename === "string" ? __filename : `${process.cwd()}/noop.js`;
  return createRequire(anchor)(id) as T;
}
