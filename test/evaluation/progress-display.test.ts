import { describe, expect, it } from "vitest";
import { buildEvaluationResult } from "../../packages/honeyhive/src/evaluation/build-result";
import { evaluateWithTracers as runEvaluation } from "../../packages/honeyhive/src/script/evaluate";
import { createProgressDisplay, scriptProgressMode } from "../../packages/honeyhive/src/reporting/progress-display";
import type { ProgressStream } from "../../packages/honeyhive/src/evaluation/types";
import { fakeTracerFactory } from "./fake-tracer";

function stream(isTTY: boolean | undefined, columns = 120): ProgressStream & { text: string } {
  const s = { text: "", isTTY, columns, write: (t: string) => void (s.text += t) };
  return s;
}

describe("when evaluate() shows progress", () => {
  it("defaults to on for a terminal only, off in CI or a dumb terminal; progress: false/true decide", () => {
    expect(scriptProgressMode(undefined, { write: () => 0, isTTY: true }, {})).toBe("live");
    expect(scriptProgressMode(undefined, { write: () => 0, isTTY: false }, {})).toBe("off");
    expect(scriptProgressMode(undefined, { write: () => 0 }, {})).toBe("off");
    expect(scriptProgressMode(undefined, { write: () => 0, isTTY: true }, { CI: "true" })).toBe("off");
    expect(scriptProgressMode(undefined, { write: () => 0, isTTY: true }, { CI: "0" })).toBe("live");
    expect(scriptProgressMode(undefined, { write: () => 0, isTTY: true }, { TERM: "dumb" })).toBe("off");
    expect(scriptProgressMode(false, { write: () => 0, isTTY: true }, {})).toBe("off");
    expect(scriptProgressMode(true, { write: () => 0, isTTY: false }, { CI: "1" })).toBe("lines");
    expect(scriptProgressMode(true, { write: () => 0, isTTY: true }, { CI: "1" })).toBe("live");
  });
});

describe("progress rendering", () => {
  const p = (done: number) => ({ name: "qa", runId: "r", done, total: 10, errors: done > 5 ? 1 : 0, elapsedMs: done * 100 });

  it("redraws one line on a terminal and ends with a final line", () => {
    const out = stream(true);
    const display = createProgressDisplay(out, "live");
    display.update(p(4));
    display.update(p(5));
    expect(out.text).toBe("\r\x1b[2Kqa  [################........................]  4/10  0 errors  10.0/s  ETA 1 s\r\x1b[2Kqa  [####################....................]  5/10  0 errors  10.0/s  ETA 1 s");
    const result = buildEvaluationResult({ name: "qa", suite: "qa", runId: "r", datasetId: "EXT-x", datapoints: [], cancelled: false, durationMs: 1000, aggregateFunction: "average", uploaded: false });
    display.finish(result);
    expect(out.text.slice(out.text.lastIndexOf("\r"))).toBe("\r\x1b[2Kqa  0/0  0 errors  0.0/s  done in 1 s  (completed · 0 passed, 0 failed)\n"); // status and verdict, both
  });

  it("prints plain lines at 10% steps without escapes, and nothing when off; a throwing stream is ignored", () => {
    const out = stream(false);
    let now = 0;
    const display = createProgressDisplay(out, "lines", () => now);
    for (let done = 1; done <= 10; done++) {
      now += 10;
      display.update(p(done));
    }
    expect(out.text.split("\n").filter(Boolean)).toHaveLength(9);
    expect(out.text).not.toContain("\x1b");
    const silent = stream(true);
    createProgressDisplay(silent, "off").update(p(3));
    expect(silent.text).toBe("");
    const broken = createProgressDisplay({ write: () => { throw new Error("EPIPE"); }, isTTY: true }, "live");
    expect(() => broken.update(p(1))).not.toThrow();
  });

  it("is what evaluate() writes to its progress stream: on a terminal by default, never with progress: false or off a terminal", async () => {
    const options = (progressStream: ProgressStream, progress?: boolean) => ({
      name: "shown", offline: true, dataset: [{ inputs: { a: 1 } }, { inputs: { a: 2 } }], function: (i: { a: number }) => i.a, progressStream, progress,
    });
    const previousCi = process.env.CI;
    delete process.env.CI;
    try {
      const tty = stream(true);
      const result = await runEvaluation(options(tty), fakeTracerFactory().create);
      expect(result.status).toBe("completed");
      expect(tty.text).toContain("\r\x1b[2Kshown  [");
      expect(tty.text).toMatch(/shown {2}2\/2 {2}0 errors .* \(completed · 2 passed, 0 failed\)\n$/);
      const off = stream(true);
      await runEvaluation(options(off, false), fakeTracerFactory().create);
      expect(off.text).toBe("");
      const pipe = stream(false);
      await runEvaluation(options(pipe), fakeTracerFactory().create);
      expect(pipe.text).toBe("");
    } finally {
      if (previousCi !== undefined) process.env.CI = previousCi;
    }
  });
});
