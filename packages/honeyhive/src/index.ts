/**
 * HoneyHive SDK for TypeScript: LLM observability and evaluation built directly on OpenTelemetry, with
 * independent tracer instances. See the documentation site (docs/) for usage and MIGRATION.md for the old APIs.
 *
 * @module honeyhive
 */
export { HoneyHiveTracer } from "./facade/honeyhive-tracer";
export { HoneyHiveTracerBase, type WithSessionOptions, type LegacyTraceOptions } from "./tracer/honeyhive-tracer";
export { HoneyHiveConfigError } from "./tracer/config-error";
export { getDefaultTracer, setDefaultTracer, discoverTracer } from "./facade/discovery-api";
export type { TracerDiagnostics } from "./facade/tracer-diagnostics";
export type { TracingDiagnostics, DropCounters } from "./tracer/tracer-diagnostics";
export type { SessionWritesLost } from "./tracer/session-write-losses";
export type { FlushReport } from "./tracer/flush-report";
export { flushWithWaitUntil, flushAfter, withLambdaFlush, type FlushHelperOptions, type WaitUntilTarget } from "./tracer/flush-helpers";
export type { HoneyHiveTracerOptions, Resilience, OtlpProtocol, Compression, MaskContext } from "./config/tracer-options";
export type { OnlineEvaluationOptions, OnlineEvaluationBudget, OnlineEvaluationSubject } from "./config/online-evaluation-option";
export type { OnlineEvaluationCounters } from "./online-evaluation/online-evaluator";
export { sessionSampleFraction, isSessionSampled } from "./online-evaluation/sample";
export { DEFAULT_SERVER_URL } from "./config/resolve-config";
export { trace, type TraceWrapper } from "./instrument/trace";
export { traceClass } from "./instrument/trace-class";
export type { TraceOptions } from "./instrument/trace-options";
export type { StartSpanOptions } from "./instrument/run-in-span";
export { traceModel, traceTool, traceChain, traceFunction } from "./instrument/legacy-trace";
export { enrichSpan, type EnrichSpanParams } from "./enrichment/enrich-span";
export { attachment, type AttachmentInit } from "./attachments/attachment";
export { resolveAttachment } from "./attachments/lazy-api";
export type { ResolvedAttachment, ResolveAttachmentOptions, AttachmentValue } from "./attachments/resolve-attachment";
export type { AttachmentOptions, AttachmentStore, PresignFunction, PresignedPut } from "./config/attachments-option";
export type { AttachmentCounters } from "./attachments/attachment-stage";
export type { AttachmentReference } from "@honeyhive/core/attachments/reference";
export { enrichSession, type EnrichSessionParams } from "./enrichment/enrich-session";
export {
  feedback, feedbackToken, createFeedbackHandler, toNodeHandler, DEFAULT_FEEDBACK_TOKEN_TTL_MS, MAX_FEEDBACK_BODY_BYTES, MAX_FEEDBACK_COMMENT,
  type FeedbackOptions, type FeedbackFields, type FeedbackTarget, type FeedbackTokenOptions, type FeedbackHandler, type FeedbackHandlerOptions,
  type NodeRequestListener, type NodeRequestLike, type NodeResponseLike,
} from "./feedback";
export { diagnose, type DiagnoseOptions, type Diagnosis, type DiagnosisCheck, type DiagnosisCheckId, type DiagnosisStatus } from "./diagnose";
export { HoneyHiveSpanProcessor, type HoneyHiveSpanProcessorOptions } from "./processing/span-processor";
export { mastraStepUsage, type MastraStepUsageProcessor } from "./integrations/mastra-step-usage";
export { HoneyHive } from "./facade/honeyhive";
export { HoneyHiveBase, HoneyHiveApiError, createApiClient, type ApiClient, type ExperimentQuery, type HoneyHiveOptions } from "./api-client";
export { MalformedApiKeyError, MissingApiKeyError, type ApiKeyKind, type ApiFailure, type ApiResult } from "./api-client";
export type { Chart, ChartAnswer, ChartFields, ChartScope, ChartsApi } from "./api-client";
export type {
  BatchCreateDatapointsRequest, CreateMetricRequest, CreateQueueRequest, CreateToolRequest, Metric, MetricType, Project, Queue,
  RunMetricRequest, Tool, UpdateMetricRequest, UpdateProjectRequest, UpdateQueueRequest, UpdateToolRequest,
  AddDatapoints, ConfigurationsGroup, DatapointsGroup, DatasetsGroup, EventsGroup, ExperimentsGroup, LegacyConfiguration, MetricsGroup,
  ProjectsGroup, QueuesGroup, SessionGroup, ToolsGroup, UpdateConfiguration, UpdateDatapoint, UpdateRun,
} from "./api-client";
export type {
  Configuration, ConfigurationCreateRequest, ConfigurationEnv, ConfigurationListQuery, ConfigurationParameters, ConfigurationUpdateRequest,
  ConfigurationsApi, SelectedFunction, TemplateMessage,
} from "./api-client/configurations-api";
export {
  type Prompt, PromptNotFoundError, PromptTemplateError, PromptUnavailableError, PromptVariablesError, promptServingNotes, withPrompt, type LinkablePrompt,
  type AISDKCallParams, type AnthropicCallParams, type CompileOptions, type GetPromptOptions, type OpenAICallParams, type PromptData,
  type PromptFallback, type PromptMessage, type PromptServing, type PromptServingNote, type PromptSource, type PromptTemplate, type PromptVariables,
} from "./prompts";
export type { LogSink, LogLevel } from "./internal/logger";
export type { FetchLike } from "./transport/send-http";
export {
  evaluator, compareRuns, getGitInfo, externalDatasetId, externalDatapointId, EvaluationConfigError, ResumedRunUnavailableError,
  loadDataset, DatasetFileError,
  type EvaluateOptions, type EvaluationResult, type DatapointResult, type DatapointResultsMode, type DatasetItem, type EvaluationContext, type EvaluatedFunction,
  type EvaluationProgress, type EvaluatorSpec, type EvaluatorFunction, type EvaluatorOptions, type EvaluatorReturn, type MetricAggregate, type EventMetric,
  type EvaluatorContext, type AgentTrace, type ModelCall, type ToolCall, type TraceSpan, type TraceStep, type TraceTotals,
  type RunComparison, type MetricComparison, type RunIdentity, type GitInfo, type ShardSpec,
} from "./evaluation";
export { evaluate } from "./script/evaluate";
export {
  datasetVersion, pushDataset, pullDataset, diffDataset, addFromEvents, addEvent, DatasetPushError,
  type DatasetWriteFailure, type DatasetWriteAction, type AcknowledgedWrites, type AddFromEventsOptions, type AddedDatapoints, type DatasetDiff, type DatasetPushResult, type DatasetClient, type DatasetSource, type PulledDataset, type DatasetComparison,
  type DatasetSyncOptions, type DatasetLock,
} from "./datasets";
export type { EvaluationConfig, TraceFunctionOptions, HoneyHiveTracerProperties } from "./legacy-type-names";
export { formatEvaluationResult } from "./reporting/format-result";
export type { PassingRange, PassingRanges } from "@honeyhive/core/verdict/passing-range";
export type { ExecutionStatus, RunVerdict } from "@honeyhive/core/verdict/run-verdict";
export { createLlmCache, type LlmCache, type LlmCacheStats } from "./llm-cache/llm-cache";
export type { LlmCacheMode, LlmCacheOptions } from "./llm-cache/cache-options";
export { memoryCacheStore, type LlmCacheStore } from "./llm-cache/cache-store";
export { fileCacheStore } from "./llm-cache/file-store";
export type { RecordedExchange, RecordedRequest, RecordedResponse } from "./llm-cache/recorded-exchange";
export { createLlmBatch, type LlmBatch, type LlmBatchStats } from "./llm-batch/llm-batch";
export type { LlmBatchOptions } from "./llm-batch/batch-options";
