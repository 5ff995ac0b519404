import type { NormalizeBudget } from "../normalize/budget";
import { type Resource, resourceFromAttributes } from "@opentelemetry/resources";
import { OWN_SCOPE_NAME } from "@honeyhive/core/semconv/attributes";
import { SDK_VERSION } from "../api-client/sdk-version";
import type { ResolvedTracerConfig } from "../config/resolve-config";
import type { SpanSink } from "../context/tracer-handle";
import type { SpanOwner } from "../span/honeyhive-span";
import { buildResourceAttributes } from "./resource-attributes";

const OWN_SCOPE = Object.freeze({ name: OWN_SCOPE_NAME, version: SDK_VERSION });

/**
 * What a tracer's own spans share: the SDK's instrumentation scope, the tracer's sink and attribute budget, and its
 * resource, built from the configuration when a span first reads it (a tracer that makes no span builds none).
 */
export function ownSpanOwner(config: ResolvedTracerConfig, sink: SpanSink, attributeBudget: Readonly<NormalizeBudget>): SpanOwner {
  let resource: Resource | undefined;
  return {
    get resource(): Resource {
      resource ??= resourceFromAttributes(buildResourceAttributes(config));
      return resource;
    },
    instrumentationScope: OWN_SCOPE,
    sink,
    attributeBudget,
  };
}
