import { attachmentsFeature } from "../attachments/attachments-feature";
import { integrationsFeature } from "../integrations/integrations-feature";
import { onlineEvaluationFeature } from "../online-evaluation/online-evaluation-feature";
import type { TracerFeature } from "../seam/tracer-feature";

/**
 * The features every `HoneyHiveTracer` runs, in this order (their activation steps, their span sink wrappers, their
 * export stages): each decides from the tracer's configuration whether it takes part, and loads its code on first need.
 */
export const TRACER_FEATURES: readonly TracerFeature[] = Object.freeze([integrationsFeature, onlineEvaluationFeature, attachmentsFeature]);
