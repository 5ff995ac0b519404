import { describe, expect, it } from "vitest";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { CompactTexts } from "../../packages/honeyhive/src/internal/compact-texts";

describe("CompactTexts keeps a long run's texts in blocks the allocator maps on their own", () => {
  it("past its first 2 MiB takes a 32 MiB block, counted in RSS only as it is written, and reads every text back", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    gc();
    const before = process.memoryUsage();
    const texts = new CompactTexts();
    const text = (i: number): string => `${i}:${"t".repeat(290)}`; // about 3 MB over 10,000 texts
    for (let i = 0; i < 10_000; i++) texts.add(text(i));
    const after = process.memoryUsage();
    // the small blocks (16 KiB doubling to 1 MiB, 2 MiB in all) and one block of 32 MiB (a glibc heap block of 1 MiB
    // pins the memory freed around it and stays in the process once freed: decision record 0094)
    expect(after.arrayBuffers - before.arrayBuffers).toBeGreaterThanOrEqual(32 * 2 ** 20);
    expect(after.rss - before.rss).toBeLessThan(24 * 2 ** 20); // its untouched pages cost nothing
    for (let i = 0; i < 10_000; i += 997) expect(texts.text(i)).toBe(text(i));
    expect(texts.text(9_999)).toBe(text(9_999));
    texts.release();
  });
});
