/**
 * The id generator of the bundled OpenTelemetry SDK (the spans third-party instrumentations start through the shared
 * provider): the SDK's own pooled CSPRNG ids (`span-ids.ts`) on every runtime. The build puts it in place of the
 * OpenTelemetry SDK's per-platform generators (Node's reads `Buffer`, which Workers and browsers lack).
 */
import type { IdGenerator } from "@opentelemetry/sdk-trace-base";
import { newSpanId, newTraceId } from "./span-ids";

/** OpenTelemetry's `IdGenerator`, drawing from the SDK's id pool. */
export class RandomIdGenerator implements IdGenerator {
  generateTraceId(): string {
    return newTraceId();
  }

  generateSpanId(): string {
    return newSpanId();
  }
}
