// The OTLP encoders live in the SDK and the decoders in the dev server package; the round-trip tests use both.
export { encodeTraceRequestJson, encodeTraceRequestProtobuf } from "../../packages/honeyhive/src/otlp/index";
export {
  MAX_VALUE_DEPTH, OtlpDecodeError, decodeTraceJson, decodeTraceJsonValue, decodeTraceProtobuf, decodeTraceRequest,
  otlpBodyFormat, type DecodedSpan, type DecodedValue,
} from "../../packages/dev-server/src/otlp/index";
