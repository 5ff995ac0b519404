// A resumed run lets go of what the server said of each datapoint run done before (its output, scores, session) once
// the pool has reached it, instead of holding every one until the run ends: a heap snapshot taken as the last of the
// resumed run's datapoints is reported holds none of the earlier outputs.
import { getHeapSnapshot } from "node:v8";
import { describe, expect, it } from "vitest";
import { newUuid } from "../../packages/core/src/ids/uuid";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import type { EvaluateOptions } from "../../packages/honeyhive/src/evaluation/types";
import { resumeDataset } from "./resume-dataset";
import { useCheckedDevServer } from "../helpers/checked-dev-server";

const checked = useCheckedDevServer();
const KEY = "hh_resume_released_key";
const SIZE = 200;

/** The earlier run's outputs among the heap's strings (the needle is made when asked, not held). */
function outputsHeld(snapshot: string): number {
  return (snapshot.match(new RegExp(["released", "out", "\\d+"].join("-"), "g")) ?? []).length;
}

async function heapSnapshot(): Promise<string> {
  let snapshot = "";
  for await (const chunk of getHeapSnapshot()) snapshot += String(chunk);
  return snapshot;
}

function options(runId: string, onProgress?: EvaluateOptions["onProgress"]): EvaluateOptions {
  return {
    name: "resume-released", runId, resume: true, apiKey: KEY, serverUrl: checked.proxy.url, maxConcurrency: 4, progress: false,
    gitInfo: false, dataset: resumeDataset(SIZE), datapointResults: "summary",
    // each output is a string of its own, made from pieces (the test's source does not hold it)
    function: function double(inputs: { n: number }) { return ["released", "out", String(inputs.n)].join("-"); },
    evaluators: [function exact(output: string) { return output.length > 0; }],
    ...(onProgress ? { onProgress } : {}),
  } as unknown as EvaluateOptions;
}

describe("a resumed run", () => {
  it("lets go of each done datapoint run once it has reached it", async () => {
    const runId = newUuid();
    expect((await evaluate(options(runId))).stats.succeeded).toBe(SIZE);
    const before = outputsHeld(await heapSnapshot()); // what the in-process dev server itself holds of them
    let snapshot = "";
    let taken: Promise<void> | undefined;
    let reported = 0;
    const resumed = await evaluate(options(runId, ({ done }) => {
      reported = done;
      if (done !== SIZE) return;
      const chunks = getHeapSnapshot(); // taken now, as the last datapoint run is reported
      taken = (async () => {
        for await (const chunk of chunks) snapshot += String(chunk);
      })();
    }));
    await taken;
    expect(reported).toBe(SIZE);
    expect(resumed.stats.succeeded).toBe(SIZE);
    expect(snapshot.length).toBeGreaterThan(1000);
    // beside what the server holds, the last few reached at most (every one of the 200 before)
    expect(outputsHeld(snapshot) - before).toBeLessThan(20);
  }, 120_000);
});
