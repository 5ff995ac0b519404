/** OTLP trace encoding: pure functions, no I/O (decoding lives in the dev server package). */
export { encodeTraceRequestProtobuf } from "./encode-trace-protobuf";
export { encodeTraceRequestJson } from "./encode-trace-json";
