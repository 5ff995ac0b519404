/**
 * The SDK's UTF-8 encoder and decoders, made on first use so that a runtime without `TextEncoder`/`TextDecoder` still
 * loads the SDK (the runtime-neutral build's test), and shared so that no call allocates one of its own. They keep no
 * state between calls (`decode` without `stream`). Code that needs another mode (`ignoreBOM`, streaming) makes its own.
 */
let encoder: InstanceType<typeof TextEncoder> | undefined;
let decoder: InstanceType<typeof TextDecoder> | undefined;
let strictDecoder: InstanceType<typeof TextDecoder> | undefined;

/** The shared UTF-8 encoder (for `encodeInto`). */
export function utf8Encoder(): InstanceType<typeof TextEncoder> {
  return (encoder ??= new TextEncoder());
}

/** `text` as UTF-8 bytes (lone surrogates as U+FFFD). */
export function encodeUtf8(text: string): Uint8Array {
  return utf8Encoder().encode(text);
}

/** `bytes` read as UTF-8 text, leniently (bad bytes as U+FFFD, a leading BOM dropped). */
export function decodeUtf8(bytes: Uint8Array | ArrayBuffer): string {
  return (decoder ??= new TextDecoder()).decode(bytes);
}

/** `bytes` read as UTF-8 text; throws a `TypeError` when they are not valid UTF-8 (a leading BOM is dropped). */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  return (strictDecoder ??= new TextDecoder("utf-8", { fatal: true })).decode(bytes);
}
