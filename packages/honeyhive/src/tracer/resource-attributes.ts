import { runtime } from "../runtime/platform";
import type { Attributes } from "@opentelemetry/api";
import { SDK_VERSION } from "../api-client/sdk-version";
import type { ResolvedTracerConfig } from "../config/resolve-config";
import { registerModuleCache } from "../internal/process-state";
import { noteInternalError } from "../internal/guard";

let processAttributes: Attributes | undefined;
registerModuleCache("tracer/resource-attributes", {
  clear: () => {
    processAttributes = undefined;
  },
  size: () => (processAttributes === undefined ? 0 : 1),
});

function staticProcessAttributes(): Attributes {
  if (processAttributes) return processAttributes;
  const attributes: Attributes = {
    "telemetry.sdk.name": "honeyhive",
    "telemetry.sdk.language": "nodejs",
    "telemetry.sdk.version": SDK_VERSION,
  };
  try {
    Object.assign(attributes, runtime.processAttributes());
  } catch (error) {
    noteInternalError(error); // runtime attributes unavailable
  }
  processAttributes = attributes;
  return attributes;
}

/** Resource attributes of a tracer's export pipeline: service name/version, runtime and host. */
export function buildResourceAttributes(config: ResolvedTracerConfig): Attributes {
  const attributes: Attributes = { "service.name": config.serviceName, ...staticProcessAttributes() };
  if (config.serviceVersion) attributes["service.version"] = config.serviceVersion;
  if (config.environment !== "standard") attributes["honeyhive.environment"] = config.environment;
  return attributes;
}
