import type { RuntimeHost } from "./runtime";

interface HostGlobals {
  Bun?: unknown;
  Deno?: unknown;
  EdgeRuntime?: unknown;
  navigator?: { userAgent?: unknown };
  process?: { versions?: { node?: unknown } };
  window?: unknown;
  document?: unknown;
}

/** The runtime the SDK was loaded in, from the globals each runtime documents (never throws). */
export function detectHost(globals: object = globalThis): RuntimeHost {
  try {
    const g = globals as HostGlobals;
    if (g.Bun !== undefined) return "bun";
    if (g.Deno !== undefined) return "deno";
    if (typeof g.EdgeRuntime === "string") return "edge-light";
    if (g.navigator?.userAgent === "Cloudflare-Workers") return "workerd";
    if (typeof g.process?.versions?.node === "string") return "node";
    if (g.window !== undefined && g.document !== undefined) return "browser";
  } catch {
    // a hostile global: unknown
  }
  return "unknown";
}

/**
 * True where I/O belongs to the request that started it (workerd; Edge runtimes built like it): a request started
 * while handling one request is cancelled once that request and its `waitUntil` are done, and a promise settled in
 * one request's I/O resumes in that request. There, span exports start only where a request waits for them.
 */
export function hasRequestScopedIo(host: RuntimeHost): boolean {
  return host === "workerd" || host === "edge-light";
}
