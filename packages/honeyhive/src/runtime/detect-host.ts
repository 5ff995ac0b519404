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
