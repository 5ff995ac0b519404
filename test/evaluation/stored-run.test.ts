// The one reader of a stored run (`storedRun`, evaluation/run-lifecycle.ts) that the attempt claim check, the shard
// completion and the resume's existence check share: whatever shape the server's `GET /v1/runs/{id}` answer has, it
// gives an object of metadata and the status, or says the answer holds no run.
import { describe, expect, it } from "vitest";
import { storedRun } from "../../packages/honeyhive/src/evaluation/run-lifecycle";
import type { RunResponse } from "../../packages/honeyhive/src/api-client/types";

const answer = (evaluation: unknown): RunResponse => ({ evaluation } as RunResponse);

describe("storedRun: a run as GET /v1/runs/{id} answered it", () => {
  it("gives the run's metadata and status", () => {
    const metadata = { honeyhive_attempt: "a-1", "shard-1-of-2": { datapoints: 3 } };
    expect(storedRun(answer({ run_id: "r", status: "running", metadata }))).toEqual({ metadata, status: "running" });
  });

  it("an answer without a run object holds no run", () => {
    for (const evaluation of [undefined, null, "r", 7]) expect(storedRun(answer(evaluation))).toBeUndefined();
  });

  it("metadata that is missing or not an object reads as empty, never throws", () => {
    for (const metadata of [undefined, null, "x", 3, ["a"]]) {
      expect(storedRun(answer({ run_id: "r", status: "failed", metadata }))).toEqual({ metadata: {}, status: "failed" });
    }
  });
});
