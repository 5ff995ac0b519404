/**
 * Vercel AI SDK 7 check: ai 7 records spans only through a telemetry integration (`@ai-sdk/otel`). An app that
 * upgraded from ai 6 with `experimental_telemetry: { isEnabled: true }` and nothing else records no AI SDK call,
 * and nothing fails. Judged by observation: the first ai 7 call the SDK saw, and the integrations registered.
 */
import { AI_SDK_7_FIX, aiSdkTelemetrySeen, registeredAiSdkIntegrations } from "../integrations/ai-sdk-telemetry";
import { type CheckFinding, ok, problem } from "./diagnosis";

export function checkAiSdkTelemetry(): CheckFinding {
  const seen = aiSdkTelemetrySeen();
  const registered = registeredAiSdkIntegrations().length;
  const by = seen.registeredBy === "honeyhive" ? " (by HoneyHive, instrumentModules)" : "";
  if (seen.observedVersion === undefined) {
    return ok(registered > 0 ? `AI SDK telemetry integration(s) registered: ${registered}${by}.` : "No Vercel AI SDK 7 call seen (ai 5 and 6 emit their spans themselves).");
  }
  if (registered > 0) return ok(`ai ${seen.observedVersion}: ${registered} telemetry integration(s) registered${by}.`);
  return problem(`ai ${seen.observedVersion} ran with no telemetry integration registered: ai 7 records no spans without one, so its calls are not in HoneyHive.`, `To fix it, ${AI_SDK_7_FIX}.`);
}
