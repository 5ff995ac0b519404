/**
 * The waits of extracted values for their uploads (upload-waits.ts): each ends once, when its uploads ended, at its
 * time limit, or when released, with the URIs not stored (and how many were still uploading); at most `maxWaiting`
 * wait at once, a value beyond goes at once.
 */
import { describe, expect, it } from "vitest";
import { type UploadsEnded, UploadWaits } from "../../packages/honeyhive/src/attachments/upload-waits";

const NEVER = new Promise<boolean>(() => undefined);

function deferred(): { promise: Promise<boolean>; resolve(stored: boolean): void } {
  let resolve: (stored: boolean) => void = () => undefined;
  return { promise: new Promise<boolean>((r) => (resolve = r)), resolve: (stored) => resolve(stored) };
}

function collect(): { ends: UploadsEnded[]; done(ended: UploadsEnded): void } {
  const ends: UploadsEnded[] = [];
  return { ends, done: (ended) => void ends.push(ended) };
}

describe("UploadWaits", () => {
  it("ends at once when every upload is known stored; with the lost URIs once they end", async () => {
    const waits = new UploadWaits({ maxWaiting: 4, maxWaitMs: 60_000 });
    const now = collect();
    waits.wait(new Map([["a", true]]), now.done);
    expect(now.ends).toEqual([{ lost: new Set(), unconfirmed: 0 }]);
    const later = collect();
    const b = deferred();
    const c = deferred();
    waits.wait(new Map<string, true | Promise<boolean>>([["a", true], ["b", b.promise], ["c", c.promise]]), later.done);
    expect(later.ends).toEqual([]);
    expect(waits.size).toBe(1);
    b.resolve(false);
    c.resolve(true);
    await expect.poll(() => later.ends.length).toBe(1);
    expect(later.ends[0]).toEqual({ lost: new Set(["b"]), unconfirmed: 0 });
    expect(waits.size).toBe(0);
    expect(await waits.whenEmpty(10)).toBe(true);
  });

  it("a wait ends at its time limit: uploads still running count as lost, unconfirmed", async () => {
    const waits = new UploadWaits({ maxWaiting: 4, maxWaitMs: 50 });
    const { ends, done } = collect();
    waits.wait(new Map<string, true | Promise<boolean>>([["a", true], ["b", NEVER]]), done);
    await expect.poll(() => ends.length, { timeout: 20_000 }).toBe(1);
    expect(ends[0]).toEqual({ lost: new Set(["b"]), unconfirmed: 1 });
  });

  it("at most maxWaiting wait: the next goes at once; releaseAll ends the others; each ends once", async () => {
    const waits = new UploadWaits({ maxWaiting: 2, maxWaitMs: 60_000 });
    const first = collect();
    const second = collect();
    const third = collect();
    waits.wait(new Map([["a", NEVER]]), first.done);
    waits.wait(new Map([["b", NEVER]]), second.done);
    waits.wait(new Map([["c", NEVER]]), third.done);
    expect(third.ends).toEqual([{ lost: new Set(["c"]), unconfirmed: 1 }]);
    expect(waits.size).toBe(2);
    const empty = waits.whenEmpty(60_000);
    waits.releaseAll();
    waits.releaseAll();
    expect(await empty).toBe(true);
    expect([first.ends, second.ends]).toEqual([[{ lost: new Set(["a"]), unconfirmed: 1 }], [{ lost: new Set(["b"]), unconfirmed: 1 }]]);
  });

  it("a callback that throws never reaches the caller", () => {
    const waits = new UploadWaits();
    expect(() => waits.wait(new Map([["a", true]]), () => {
      throw new Error("boom");
    })).not.toThrow();
  });
});
