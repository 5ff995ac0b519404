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
 * resource, built from the configuration when a span first reads it (a tracer that makes no span builds none). A class,
 * not an object literal with a getter and its closure: one is made per tracer (evaluate(): per datapoint).
 */
class OwnSpanOwner implements SpanOwner {
  readonly instrumentationScope = OWN_SCOPE;
  #resource: Resource | undefined;

  constructor(
    private readonly config: ResolvedTracerConfig,
    readonly sink: SpanSink,
    readonly attributeBudget: Readonly<NormalizeBudget>,
  ) {}

  get resource(): Resource {
    this.#resource ??= resourceFromAttributes(buildResourceAttributes(this.config));
    return this.#resource;
  }
}

/** The {@link SpanOwner} of a tracer's own spans (see {@link OwnSpanOwner}). */
export function ownSpanOwner(config: ResolvedTracerConfig, sink: SpanSink, attributeBudget: Readonly<NormalizeBudget>): SpanOwner {
  return new OwnSpanOwner(config, sink, attributeBudget);
}
