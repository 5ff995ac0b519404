/** Per-tracer span export pipelines. */
export { SpanPipeline } from "./span-pipeline";
export type { ExportMode, OtlpProtocol, PipelineStats, SpanPipelineOptions } from "./pipeline-options";
