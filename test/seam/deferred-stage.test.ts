// The seam's export stage whose code loads on first need: spans that may need it wait in order and go through it once
// loaded; others pass at once; a flush right after the first such span (its code already imported, as by an earlier
// tracer) finds the span in the stage, never still held outside it.
import { describe, expect, it } from "vitest";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { DeferredStage } from "../../packages/honeyhive/src/seam/deferred-stage";
import type { ExportStage } from "../../packages/honeyhive/src/seam/tracer-feature";

const span = (name: string): ReadableSpan => ({ name }) as ReadableSpan;

/** A stage that tags and hands on each span at once. */
function taggingStage(next: (span: ReadableSpan) => void, seen: string[]): ExportStage {
  return {
    push: (s) => {
      seen.push(`staged ${s.name}`);
      next(s);
    },
    idle: () => Promise.resolve(true),
    busy: false,
  };
}

describe("DeferredStage", () => {
  it("passes spans that need no stage at once, holds the others in order until the stage is loaded", async () => {
    const out: string[] = [];
    let resolveLoad: (() => void) | undefined;
    const stage = new DeferredStage({
      mayNeed: (s) => s.name.startsWith("big"),
      load: (next) => new Promise((resolve) => (resolveLoad = () => resolve(taggingStage(next, out)))),
      maxHeld: 2,
    }, (s) => out.push(`queued ${s.name}`));
    stage.push(span("small"));
    stage.push(span("big-1"));
    stage.push(span("big-2"));
    stage.push(span("big-3")); // beyond maxHeld: on as it is
    expect(out).toEqual(["queued small", "queued big-3"]);
    expect(stage.busy).toBe(true);
    resolveLoad!();
    expect(await stage.idle(5_000)).toBe(true);
    expect(out).toEqual(["queued small", "queued big-3", "staged big-1", "queued big-1", "staged big-2", "queued big-2"]);
    expect(stage.passedUnstaged).toBe(1);
  });

  it("a flush soon after the first span, the code already imported, finds the span staged (whatever turn it comes in)", async () => {
    for (let turns = 0; turns < 6; turns++) {
      const out: string[] = [];
      const stage = new DeferredStage({ mayNeed: () => true, load: (next) => Promise.resolve(taggingStage(next, out)), maxHeld: 4 }, (s) => out.push(`queued ${s.name}`));
      stage.push(span("big"));
      for (let i = 0; i < turns; i++) await Promise.resolve();
      expect({ turns, idle: await stage.idle(5_000), out }).toEqual({ turns, idle: true, out: ["staged big", "queued big"] });
    }
  });

  it("a stage that fails to load lets the held spans go on unstaged, counted", async () => {
    const out: string[] = [];
    const stage = new DeferredStage({ mayNeed: () => true, load: () => Promise.reject(new Error("no chunk")), maxHeld: 4 }, (s) => out.push(`queued ${s.name}`));
    stage.push(span("big"));
    expect(await stage.idle(5_000)).toBe(true);
    expect(out).toEqual(["queued big"]);
    expect(stage.passedUnstaged).toBe(1);
  });

  it("a failed load is tried again by the first span that may need the stage once retryAfterMs passed, not before", async () => {
    for (const retryAfterMs of [0, 60_000]) {
      const out: string[] = [];
      let loads = 0;
      const stage = new DeferredStage({
        mayNeed: () => true,
        load: (next) => (++loads === 1 ? Promise.reject(new Error("disk hiccup")) : Promise.resolve(taggingStage(next, out))),
        maxHeld: 4,
        retryAfterMs,
      }, (s) => out.push(`queued ${s.name}`));
      stage.push(span("big-1"));
      expect(await stage.idle(5_000)).toBe(true);
      stage.push(span("big-2"));
      expect(await stage.idle(5_000)).toBe(true);
      const again = retryAfterMs === 0;
      expect({ retryAfterMs, loads, out, passedUnstaged: stage.passedUnstaged }).toEqual({
        retryAfterMs, loads: again ? 2 : 1, out: again ? ["queued big-1", "staged big-2", "queued big-2"] : ["queued big-1", "queued big-2"], passedUnstaged: again ? 1 : 2,
      });
    }
  });
});
