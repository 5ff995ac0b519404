/**
 * Vercel AI SDK 7 check: ai 7 records spans only through a telemetry integration (`@ai-sdk/otel`). An app that
 * upgraded from ai 6 with `experimental_telemetry: { isEnabled: true }` and nothing else records no AI SDK call,
 * and nothing fails; an integration registered twice records every span twice. Judged by observation: the first ai 7
 * call the SDK saw, and the integrations registered.
 */
import { AI_SDK_7_FIX, AI_SDK_DOUBLE_FIX, aiSdkTelemetrySeen, otelIntegrationCount, registeredAiSdkIntegrations } from "../integrations/ai-sdk-telemetry";
import { type CheckFinding, ok, problem } from "./diagnosis";

export function checkAiSdkTelemetry(): CheckFinding {
  const seen = aiSdkTelemetrySeen();
  const registered = registeredAiSdkIntegrations().length;
  const by = seen.registeredBy === "honeyhive" ? " (by HoneyHive, instrumentModules)" : "";
  const otel = otelIntegrationCount();
  if (otel > 1) return problem(`@ai-sdk/otel's integration is registered ${otel} times: every AI SDK span is recorded ${otel} times.`, `To fix it, ${AI_SDK_DOUBLE_FIX}.`);
  if (seen.observedVersion === undefined) {
    return ok(registered > 0 ? `AI SDK telemetry integration(s) registered: ${registered}${by}.` : "No Vercel AI SDK 7 call seen (ai 5 and 6 emit their spans themselves).");
  }
  if (registered > 0) return ok(`ai ${seen.observedVersion}: ${registered} telemetry integration(s) registered${by}.`);
  return problem(`ai ${seen.observedVersion} ran with no telemetry integration registered: ai 7 records no spans without one, so its calls are not in HoneyHive.`, `To fix it, ${AI_SDK_7_FIX}.`);
}
