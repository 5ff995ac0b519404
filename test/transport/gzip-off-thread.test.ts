import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runtime } from "../../packages/honeyhive/src/runtime/platform";

/** 8 MB that deflate has to work on (a repeating pattern with varying bytes, not a run of zeros). */
function body(): Uint8Array {
  const bytes = new Uint8Array(8 * 1024 * 1024);
  let x = 1;
  for (let i = 0; i < bytes.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = (i & 63) < 48 ? 97 + (i % 26) : x >>> 24;
  }
  return bytes;
}

describe("gzip of request bodies (Node)", () => {
  it("runs off the calling thread: the event loop keeps turning while a body is compressed", async () => {
    const gzip = runtime.gzip;
    expect(gzip).toBeTypeOf("function");
    const input = body();
    let turns = 0;
    let done = false;
    const turn = (): void => {
      if (done) return;
      turns++;
      setImmediate(turn);
    };
    setImmediate(turn);
    const out = await gzip!(input);
    done = true;
    // A compression on the calling thread (gzipSync) finishes before the loop turns once: no turn would be counted.
    expect(turns).toBeGreaterThan(0);
    expect(gunzipSync(out).equals(Buffer.from(input.buffer, input.byteOffset, input.byteLength))).toBe(true);
    expect(out.byteLength).toBeLessThan(input.byteLength / 2);
  });
});
