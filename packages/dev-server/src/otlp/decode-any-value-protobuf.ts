import { type DecodedAttributes, type DecodedValue, MAX_VALUE_DEPTH, setDecodedAttribute } from "./decoded-span";
import { OtlpDecodeError } from "./otlp-decode-error";
import { checkEnd, expectWireType, type ProtoReader, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from "./proto-reader";

/** Base64 of `bytes[start, end)` without copying. */
function base64Of(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("base64");
}

/**
 * Decodes one `AnyValue` message occupying `[reader.pos, end)`. An empty message decodes to `null`.
 * Nesting deeper than {@link MAX_VALUE_DEPTH} throws {@link OtlpDecodeError}.
 */
function decodeAnyValueProtobuf(r: ProtoReader, end: number, depth: number): DecodedValue {
  if (depth > MAX_VALUE_DEPTH) throw new OtlpDecodeError(`AnyValue nested deeper than ${MAX_VALUE_DEPTH}`);
  let value: DecodedValue = null;
  while (r.pos < end) {
    const tag = r.tag();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expectWireType(wt, WIRE_LEN, "AnyValue", 1);
        value = r.string(end);
        break;
      case 2:
        expectWireType(wt, WIRE_VARINT, "AnyValue", 2);
        value = r.bool();
        break;
      case 3:
        expectWireType(wt, WIRE_VARINT, "AnyValue", 3);
        value = r.int64();
        break;
      case 4:
        expectWireType(wt, WIRE_FIXED64, "AnyValue", 4);
        value = r.double();
        break;
      case 5: {
        expectWireType(wt, WIRE_LEN, "AnyValue", 5);
        const e = r.lengthDelimited(end);
        value = decodeArrayValue(r, e, depth + 1);
        break;
      }
      case 6: {
        expectWireType(wt, WIRE_LEN, "AnyValue", 6);
        const e = r.lengthDelimited(end);
        const obj: DecodedAttributes = {};
        decodeKeyValueList(r, e, obj, depth + 1);
        value = obj;
        break;
      }
      case 7: {
        expectWireType(wt, WIRE_LEN, "AnyValue", 7);
        const e = r.lengthDelimited(end);
        value = base64Of(r.buf, r.pos, e);
        r.pos = e;
        break;
      }
      default:
        r.skip(wt, end);
    }
    checkEnd(r, end, "AnyValue");
  }
  return value;
}

function decodeArrayValue(r: ProtoReader, end: number, depth: number): DecodedValue[] {
  const values: DecodedValue[] = [];
  while (r.pos < end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      expectWireType(tag & 7, WIRE_LEN, "ArrayValue", 1);
      const e = r.lengthDelimited(end);
      values.push(decodeAnyValueProtobuf(r, e, depth));
    } else r.skip(tag & 7, end);
    checkEnd(r, end, "ArrayValue");
  }
  return values;
}

/** Decodes a `KeyValueList` (its repeated field 1 of KeyValue) into `target`. */
function decodeKeyValueList(r: ProtoReader, end: number, target: DecodedAttributes, depth: number): void {
  while (r.pos < end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      expectWireType(tag & 7, WIRE_LEN, "KeyValueList", 1);
      const e = r.lengthDelimited(end);
      decodeKeyValueProtobuf(r, e, target, depth);
    } else r.skip(tag & 7, end);
    checkEnd(r, end, "KeyValueList");
  }
}

/** Decodes one `KeyValue` message occupying `[reader.pos, end)` and sets it on `target`. */
export function decodeKeyValueProtobuf(r: ProtoReader, end: number, target: DecodedAttributes, depth: number): void {
  let key = "";
  let value: DecodedValue = null;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      expectWireType(tag & 7, WIRE_LEN, "KeyValue", 1);
      key = r.recurringString(end);
    } else if (field === 2) {
      expectWireType(tag & 7, WIRE_LEN, "KeyValue", 2);
      const e = r.lengthDelimited(end);
      value = decodeAnyValueProtobuf(r, e, depth);
    } else r.skip(tag & 7, end);
    checkEnd(r, end, "KeyValue");
  }
  setDecodedAttribute(target, key, value);
}
