/**
 * OpenTelemetry API check. Every copy of `@opentelemetry/api` keeps the process-wide provider, context manager and
 * propagator in one registry per major version on `globalThis`, stamped with the version of the copy that wrote it
 * first. A copy refuses a registry written by an older minor, and never sees another major's: spans made through it
 * go to a no-op provider. This check looks at the registries and at what this SDK's copy can read.
 */
import { trace } from "@opentelemetry/api";
import { type CheckFinding, ok, problem } from "./diagnosis";

const REGISTRY_PREFIX = "opentelemetry.js.api.";

interface ApiRegistry {
  version?: unknown;
  trace?: unknown;
}

const FIX =
  "Have one copy of @opentelemetry/api (honeyhive needs >=1.9 <1.11): run `npm ls @opentelemetry/api`, then align the " +
  "versions your instrumentations and OpenTelemetry packages require (`npm dedupe`, or an `overrides` entry in package.json).";

function registries(): Map<string, ApiRegistry> {
  const found = new Map<string, ApiRegistry>();
  for (const symbol of Object.getOwnPropertySymbols(globalThis)) {
    const description = symbol.description ?? "";
    if (!description.startsWith(REGISTRY_PREFIX)) continue;
    found.set(description.slice(REGISTRY_PREFIX.length), (globalThis as unknown as Record<symbol, ApiRegistry>)[symbol] ?? {});
  }
  return found;
}

export function checkOpenTelemetryApi(): CheckFinding {
  const found = registries();
  const otherMajors = [...found.keys()].filter((major) => major !== "1");
  if (otherMajors.length > 0) {
    const versions = otherMajors.map((major) => String(found.get(major)?.version ?? `${major}.x`)).join(", ");
    return problem(`Another major version of @opentelemetry/api is in use (${versions}) besides 1.x: the two never see each other's provider or context.`, FIX);
  }
  const registry = found.get("1");
  if (!registry) return ok("No OpenTelemetry API registration yet (one copy of @opentelemetry/api 1.x will be used).");
  const version = String(registry.version ?? "unknown");
  if (registry.trace !== undefined && trace.getTracerProvider() !== registry.trace) {
    return problem(
      `The global OpenTelemetry registry was written by @opentelemetry/api ${version}, which the copy honeyhive uses cannot read: ` +
        "its spans go to a no-op provider.",
      FIX,
    );
  }
  return ok(`One OpenTelemetry API registry (1.x, written by @opentelemetry/api ${version}), readable by honeyhive's copy.`);
}
