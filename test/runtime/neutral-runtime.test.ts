import { createHash } from "node:crypto";
import { ROOT_CONTEXT, createContextKey } from "@opentelemetry/api";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StackContextManager } from "../../packages/honeyhive/src/runtime/neutral/context-managers";
import { neutralRuntime } from "../../packages/honeyhive/src/runtime/neutral/neutral-runtime";
import { sha256HexOfBytes } from "../../packages/honeyhive/src/runtime/neutral/sha256";
import { nodeRuntime } from "../../packages/honeyhive/src/runtime/node/node-runtime";
import { newUuid } from "../../packages/core/src/ids/uuid";

describe("the neutral runtime agrees with Node's", () => {
  it("sha256 equals node:crypto's (the EXT- ids must equal the Python SDK's on every runtime)", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => {
      const expected = createHash("sha256").update(text, "utf8").digest("hex");
      expect(neutralRuntime.sha256Hex(text)).toBe(expected);
      expect(nodeRuntime.sha256Hex(text)).toBe(expected);
    }));
    expect(sha256HexOfBytes(new Uint8Array(0))).toBe(createHash("sha256").digest("hex"));
  });

  it("UTF-8 length and writing equal Buffer's, including lone surrogates", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
      const expected = Buffer.from(text, "utf8");
      expect(neutralRuntime.bytes.utf8Length(text)).toBe(expected.length);
      const out = neutralRuntime.bytes.alloc(expected.length);
      expect(neutralRuntime.bytes.writeUtf8(out, text, 0, expected.length)).toBe(expected.length);
      expect(Buffer.from(out).equals(expected)).toBe(true);
    }));
  });

  it("ids: v4 UUIDs and hex of the requested size", () => {
    expect(newUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/); // one UUID source on every runtime
    for (const runtime of [neutralRuntime, nodeRuntime]) {
      expect(runtime.randomHex(8)).toMatch(/^[0-9a-f]{16}$/);
      expect(runtime.randomHex(8)).not.toBe(runtime.randomHex(8));
    }
  });

  it("the stack context manager: active while fn runs synchronously, root again after an await (never another request's)", async () => {
    const key = createContextKey("k");
    const manager = new StackContextManager();
    const seen: unknown[] = [];
    const pending = manager.with(ROOT_CONTEXT.setValue(key, "a"), async () => {
      seen.push(manager.active().getValue(key));
      await Promise.resolve();
      seen.push(manager.active().getValue(key));
    });
    manager.with(ROOT_CONTEXT.setValue(key, "b"), () => seen.push(manager.active().getValue(key)));
    await pending;
    expect(seen).toEqual(["a", "b", undefined]);
    const bound = manager.bind(ROOT_CONTEXT.setValue(key, "c"), () => manager.active().getValue(key));
    expect(bound()).toBe("c");
  });
});
