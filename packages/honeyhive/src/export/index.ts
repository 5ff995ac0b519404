/** Per-tracer span export pipelines. */
export { SpanPipeline } from "./span-pipeline";
export type { SpanPipelineOptions } from "./pipeline-options";
