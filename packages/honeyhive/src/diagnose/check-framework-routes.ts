/**
 * Framework telemetry routes: a loaded framework major that records nothing until its telemetry is wired up.
 * `ai` 7 has no OpenTelemetry code of its own: `experimental_telemetry` only feeds telemetry integrations registered
 * with it (`registerTelemetry(new OpenTelemetry())` from `@ai-sdk/otel`), which it keeps in
 * `globalThis.AI_SDK_TELEMETRY_INTEGRATIONS`.
 */
import { parseVersion } from "../internal/version-range";
import { type CheckFinding, ok, problem } from "./diagnosis";
import { loadedPackages } from "./loaded-packages";

interface FrameworkRule {
  /** The package and the first major the rule applies to. */
  packageName: string;
  fromMajor: number;
  /** True when a telemetry route is registered. */
  routed: () => boolean;
  summary: (version: string) => string;
  fix: string;
}

const RULES: readonly FrameworkRule[] = [
  {
    packageName: "ai",
    fromMajor: 7,
    routed: () => {
      const integrations = (globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown }).AI_SDK_TELEMETRY_INTEGRATIONS;
      return Array.isArray(integrations) && integrations.length > 0;
    },
    summary: (version) => `ai ${version} is loaded with no telemetry integration registered: its calls record no spans (ai 7 has no OpenTelemetry code; \`experimental_telemetry\` only feeds registered integrations).`,
    fix: "`npm i @ai-sdk/otel`, then once at start-up: `import { registerTelemetry } from \"ai\"; import { OpenTelemetry } from \"@ai-sdk/otel\"; registerTelemetry(new OpenTelemetry());` (once: registering twice records every span twice).",
  },
];

/** Finds loaded framework majors without their telemetry route. */
export function checkFrameworkRoutes(): CheckFinding {
  const loaded = loadedPackages(new Set(RULES.map((r) => r.packageName)));
  if (loaded === undefined) return ok("Loaded modules cannot be listed on this runtime; framework telemetry routes not checked.");
  for (const rule of RULES) {
    for (const copy of loaded.get(rule.packageName) ?? []) {
      const major = parseVersion(copy.version ?? "")?.[0];
      if (major !== undefined && major >= rule.fromMajor && !rule.routed()) return problem(rule.summary(copy.version!), rule.fix);
    }
  }
  return ok("No loaded framework major is missing its telemetry route.");
}
