/**
 * The one protobuf framing reader (`otlp/proto-fields.ts`) behind the spool's span count and the 413 split of an
 * export body: on bodies the SDK's encoder made, the count is the number of spans and the halves carry them all in
 * order (the dev server's decoder is the oracle); on truncated or random bytes it says "malformed", never throws.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeTraceRequest } from "../../packages/dev-server/src/otlp/index";
import { countProtobufSpans } from "../../packages/honeyhive/src/otlp/count-spans";
import { encodeTraceRequestProtobuf } from "../../packages/honeyhive/src/otlp/index";
import { walkFields } from "../../packages/honeyhive/src/otlp/proto-fields";
import { splitTraceRequestProtobuf } from "../../packages/honeyhive/src/otlp/split-trace-protobuf";
import { makeSpans } from "../export/pipeline-test-kit";

const PROTOBUF = "application/x-protobuf";
const names = (body: Uint8Array): string[] => decodeTraceRequest(body, PROTOBUF).map((s) => s.name);

describe("protobuf framing", () => {
  it("counts and splits what the encoder wrote: every span once, in order", () => {
    for (const n of [1, 2, 3, 17, 64]) {
      const body = encodeTraceRequestProtobuf(makeSpans(n, `n${n}`), { "service.name": "proto-fields" });
      expect(countProtobufSpans(body)).toBe(n);
      const halves = splitTraceRequestProtobuf(body);
      if (n < 2) expect(halves).toBeUndefined();
      else {
        expect(halves!.map((h) => h.spans)).toEqual([Math.ceil(n / 2), Math.floor(n / 2)]);
        expect([...names(halves![0].body), ...names(halves![1].body)]).toEqual(names(body));
        expect(halves!.map((h) => countProtobufSpans(h.body))).toEqual([Math.ceil(n / 2), Math.floor(n / 2)]);
      }
    }
  });

  it("a body cut anywhere inside a field is malformed (never a wrong count)", () => {
    const body = encodeTraceRequestProtobuf(makeSpans(5, "cut"), { "service.name": "proto-fields" });
    const boundaries = new Set<number>([0]);
    walkFields(body, 0, body.length, (f) => boundaries.add(f.end) && true);
    for (let length = 1; length < body.length; length++) {
      const count = countProtobufSpans(body.subarray(0, length));
      if (boundaries.has(length)) expect(count).toBeLessThan(5);
      else expect(count).toBeUndefined();
    }
  });

  it("random bytes: an answer or undefined, never a throw", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const count = countProtobufSpans(bytes);
      expect(count === undefined || (Number.isInteger(count) && count >= 0)).toBe(true);
      const halves = splitTraceRequestProtobuf(bytes);
      if (halves !== undefined) expect(halves[0].spans + halves[1].spans).toBe(count);
    }), { numRuns: 2000 });
  });
});
