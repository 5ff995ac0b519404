/**
 * GenAI dialects → one canonical model event (shared by the SDK and the dev server, which bundles it).
 */
export type { CanonicalModelEvent, DialectTable, GenAiMessage, GenAiSpanLike, GenAiTokens, GenAiToolCall, StepIo, StepIoSide } from "./canonical-event";
export { DIALECT_TABLES, readModelCall, readStepIo } from "./translate";
export { honeyHiveMessage, honeyHiveModelFields, type HoneyHiveModelFields } from "./honeyhive-fields";
export { providerResultAttributes, type ProviderResultAttributes } from "./provider-result";
export { ATTR_IO_FROM_MODEL_CALLS, callInputsField, callOutputsField, ownStepSides, type OwnStepSides } from "./step-io-from-calls";
export { addEvaluationMetrics, ATTR_GEN_AI_EVALUATION_NAME, EVENT_GEN_AI_EVALUATION_RESULT, evaluationResultAttributes, type EvaluationScore } from "./evaluation-result";
