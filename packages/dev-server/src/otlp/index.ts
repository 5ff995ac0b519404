/** OTLP trace decoding for the dev server's ingest: pure functions, no I/O. */
export { decodeTraceRequest, otlpBodyFormat } from "./decode-trace-request";
export { decodeTraceProtobuf } from "./decode-trace-protobuf";
export { decodeTraceJson, decodeTraceJsonValue } from "./decode-trace-json";
export { OtlpDecodeError } from "./otlp-decode-error";
export { type DecodedSpan, type DecodedValue, MAX_VALUE_DEPTH } from "./decoded-span";
