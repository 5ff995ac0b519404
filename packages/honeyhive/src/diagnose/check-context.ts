/**
 * Context checks: is there an AsyncLocalStorage on this runtime, and is a working OpenTelemetry context manager
 * registered (without one, a span loses its parent and its session at the first `await`).
 */
import { hasWorkingContextManager } from "../context/ensure-context-manager";
import { runtime } from "../runtime/platform";
import { type CheckFinding, ok, problem } from "./diagnosis";

export function checkAsyncLocalStorage(): CheckFinding {
  const source = runtime.asyncLocalStorageSource();
  if (source) return ok(`AsyncLocalStorage is available (${source}).`);
  return problem(
    "This runtime has no AsyncLocalStorage: concurrent requests cannot each keep their own session and parent span across awaits.",
    "Cloudflare Workers: add the `nodejs_compat` (or `nodejs_als`) compatibility flag. Elsewhere, run on a runtime " +
      "with AsyncLocalStorage (Node, Bun, Deno, Vercel Edge, Next.js), or pass `tracer` explicitly to trace() and one request at a time.",
  );
}

export function checkContextManager(): CheckFinding {
  if (hasWorkingContextManager()) return ok("A working OpenTelemetry context manager is registered.");
  return problem(
    "No working OpenTelemetry context manager is registered: spans lose their parent and their session at the first await.",
    "Create your HoneyHiveTracer (it registers an AsyncLocalStorage context manager when none is registered) before you trace, " +
      "or register one yourself: `context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())` " +
      "(@opentelemetry/context-async-hooks). If another setup disabled it, keep one context manager for the process.",
  );
}
