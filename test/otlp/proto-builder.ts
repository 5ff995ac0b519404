/**
 * A tiny, deliberately naive protobuf builder for tests: it builds wire bytes field by field with BigInt
 * varints, so decoder tests do not depend on the encoder under test.
 */

/** Encodes an unsigned (or two's-complement 64-bit) varint. */
export function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

/** A tag byte sequence. */
export function tag(field: number, wireType: number): number[] {
  return varint((field << 3) | wireType);
}

/** A length-delimited field with raw bytes. */
export function lenField(field: number, bytes: ArrayLike<number>): number[] {
  return [...tag(field, 2), ...varint(bytes.length), ...Array.from(bytes)];
}

/** A string field. */
export function strField(field: number, value: string): number[] {
  return lenField(field, new TextEncoder().encode(value));
}

/** A varint field. */
export function varintField(field: number, value: number | bigint): number[] {
  return [...tag(field, 0), ...varint(value)];
}

/** A fixed64 field. */
export function fixed64Field(field: number, value: bigint): number[] {
  const out = tag(field, 1);
  let v = BigInt.asUintN(64, value);
  for (let i = 0; i < 8; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}

/** A double field. */
export function doubleField(field: number, value: number): number[] {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value, true);
  return [...tag(field, 1), ...bytes];
}

/** Bytes of hex. */
export function hexBytes(hex: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

/** A KeyValue message body. */
export function keyValue(key: string, anyValue: number[]): number[] {
  return [...strField(1, key), ...lenField(2, anyValue)];
}

/** Wraps one span body into a full ExportTraceServiceRequest with one resource attribute and a scope. */
export function request(spanBody: number[], resourceAttrs: number[][] = [], scopeName = "test-scope"): Uint8Array {
  const resource = resourceAttrs.flatMap((kv) => lenField(1, kv));
  const scope = strField(1, scopeName);
  const scopeSpans = [...lenField(1, scope), ...lenField(2, spanBody)];
  const resourceSpans = [...lenField(1, resource), ...lenField(2, scopeSpans)];
  return new Uint8Array(lenField(1, resourceSpans));
}
