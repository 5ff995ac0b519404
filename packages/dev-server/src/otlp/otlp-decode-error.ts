/** Thrown by the OTLP decoders for any malformed body: bad protobuf wire data, bad JSON, wrong types. */
export class OtlpDecodeError extends Error {
  override readonly name = "OtlpDecodeError";

  /** @param message - what was wrong and where (never contains the body itself). */
  constructor(message: string) {
    super(message);
  }
}
