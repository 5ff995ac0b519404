// A resumable run SIGKILLed at three random points, each time started again with the same run id, then run to the
// end: the server holds exactly one session per datapoint (0 duplicates), each done with its span and score (0 lost),
// and each restart ran only the datapoints not done yet.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import type { EventFilter, HoneyHiveEvent } from "../../packages/honeyhive/src/api-client/types";
import { newUuid } from "../../packages/core/src/ids/uuid";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { EvaluationConfigError } from "../../packages/honeyhive/src/config/evaluation-config-error";
import { resumeDataset } from "./resume-dataset";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { runChild, type ChildRun } from "../helpers/run-child";

const checked = useCheckedDevServer();
const KEY = "hh_resume_key";
const CHILD = join(__dirname, "fixtures", "resume-child.ts");
const SIZE = 120;

type ResultsMode = "full" | "summary";

/** The child's argument: the run to resume, and what its result keeps of each datapoint. */
function childArgs(runId: string, mode: ResultsMode): string[] {
  return [JSON.stringify({ serverUrl: checked.proxy.url, apiKey: KEY, runId, size: SIZE, datapointResults: mode })];
}

/** Runs the child to its end. */
function runResumable(runId: string, mode: ResultsMode): Promise<ChildRun> {
  return runChild(CHILD, childArgs(runId, mode), { killAfterMs: 120_000 });
}

/**
 * Runs the child and SIGKILLs it once it has run `killAfter` datapoints itself and the server holds more of the run's
 * datapoint spans than before it started (the child has more datapoints in flight then: a random point of its run).
 */
async function killedRun(runId: string, killAfter: number, mode: ResultsMode): Promise<ChildRun> {
  let pid: number | undefined;
  let ran = 0;
  const spansBefore = (await datapointSpans(runId)).length;
  const run = runChild(CHILD, childArgs(runId, mode), {
    killAfterMs: 120_000,
    onEvent: (e) => {
      if (e.event === "started") pid = e.pid as number;
      if (e.event === "progress" && e.ran === true) ran++;
    },
  });
  let exited = false;
  void run.then(() => (exited = true));
  while (!exited) {
    if (pid !== undefined && ran >= killAfter && (await datapointSpans(runId)).length > spansBefore) {
      process.kill(pid, "SIGKILL");
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return run;
}

/** The dataset indexes of the run's datapoint runs done on the server: session updated as done, and its span stored. */
async function doneIndexes(runId: string): Promise<Set<number>> {
  const sessions = await allEvents([is("metadata.run_id", runId), is("event_type", "session")]);
  const withSpan = new Set((await datapointSpans(runId)).map((s) => s.session_id));
  const done = sessions.filter((s) => s.metadata?.datapoint_done === true && withSpan.has(s.event_id));
  return new Set(done.map((s) => s.metadata?.datapoint_index as number));
}

/** The dataset indexes of the datapoints a child ran itself. */
function ranIndexes(run: ChildRun): number[] {
  return run.events.filter((e) => e.event === "progress" && e.ran === true).map((e) => e.index as number);
}

function datapointSpans(runId: string): Promise<HoneyHiveEvent[]> {
  return allEvents([is("metadata.run_id", runId), is("event_type", "chain"), is("event_name", "double")]);
}

async function allEvents(filters: EventFilter[]): Promise<HoneyHiveEvent[]> {
  const api = createApiClient({ serverUrl: checked.server.url, apiKey: KEY });
  const events: HoneyHiveEvent[] = [];
  for (let page = 1; ; page++) {
    const found = await api.events.search({ filters, limit: 1000, page });
    if (!found.ok) throw new Error(found.error);
    events.push(...found.data.events);
    if (found.data.events.length < 1000) return events;
  }
}

const is = (field: string, value: string): EventFilter => ({ field, operator: "is", value, type: "string" });

// Both modes of what the result keeps of each datapoint: the summary mode (what `honeyhive eval` uses) resumes the same.
describe.each(["full", "summary"] as const)("evaluate({ resume: true, datapointResults: %j }) after SIGKILL", (mode) => {
  it("killed at 3 random points and resumed with the same run id: 0 duplicate sessions, 0 datapoints lost", async () => {
    const runId = newUuid();
    // kill points: how many datapoints each child runs itself before it is killed (random)
    const kills = [0, 1, 2].map(() => 4 + Math.floor(Math.random() * 30));
    for (const killAfter of kills) {
      const before = await doneIndexes(runId);
      const killed = await killedRun(runId, killAfter, mode);
      expect(killed.signal, `kill points ${kills.join(", ")}: ${killed.stderr}`).toBe("SIGKILL");
      expect(ranIndexes(killed).filter((i) => before.has(i)), `kill points ${kills.join(", ")}`).toEqual([]); // a restart skips what is done
    }
    const before = await doneIndexes(runId);
    expect(before.size).toBeGreaterThan(0);
    const last = await runResumable(runId, mode);
    expect(last.code, last.stderr).toBe(0);
    const done = last.events.find((e) => e.event === "done") as { result: { status: string; stats: { total: number }; passed: number; sessionIds: string[] } };
    expect(done.result).toMatchObject({ status: "completed", stats: { total: SIZE }, passed: SIZE });
    expect(ranIndexes(last).filter((i) => before.has(i)), `kill points ${kills.join(", ")}`).toEqual([]); // the killed runs' work was kept

    const sessions = await allEvents([is("metadata.run_id", runId), is("event_type", "session")]);
    const byIndex = new Map<number, string[]>();
    for (const s of sessions) {
      const index = (s.metadata as { datapoint_index: number }).datapoint_index;
      byIndex.set(index, [...(byIndex.get(index) ?? []), s.event_id]);
    }
    const duplicates = [...byIndex.values()].filter((ids) => ids.length > 1).length;
    expect(duplicates, `kill points ${kills.join(", ")}`).toBe(0);
    expect([...byIndex.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: SIZE }, (_, i) => i));
    expect(new Set(done.result.sessionIds)).toEqual(new Set(sessions.map((s) => s.event_id)));

    const spans = await datapointSpans(runId);
    const spansPerSession = new Map<string, HoneyHiveEvent[]>();
    for (const span of spans) spansPerSession.set(span.session_id!, [...(spansPerSession.get(span.session_id!) ?? []), span]);
    const lost = sessions.filter((s) => (s.metadata as Record<string, unknown>).datapoint_done !== true || spansPerSession.get(s.event_id)?.[0]?.metrics?.exact !== true);
    expect(lost.map((s) => s.metadata?.datapoint_index), `kill points ${kills.join(", ")}`).toEqual([]);
    expect(spans, `kill points ${kills.join(", ")}`).toHaveLength(SIZE);
  }, 300_000);
});

describe("evaluate({ resume: true }) after a kill between a datapoint's span and its session's update", () => {
  it("closes the sessions whose work the server holds, and runs none of them again", async () => {
    const runId = newUuid();
    const size = 8;
    const args = [JSON.stringify({ serverUrl: checked.proxy.url, apiKey: KEY, runId, size })];
    const first = await runChild(CHILD, args, { killAfterMs: 120_000 });
    expect(first.code, first.stderr).toBe(0);
    // the state a SIGKILL leaves when it lands after the spans arrived and before three sessions' final updates
    const api = createApiClient({ serverUrl: checked.server.url, apiKey: KEY });
    const sessions = await allEvents([is("metadata.run_id", runId), is("event_type", "session")]);
    const unclosed = sessions.slice(0, 3);
    for (const session of unclosed) {
      const cleared = await api.events.update({ event_id: session.event_id!, metadata: { datapoint_done: false } });
      expect(cleared.ok).toBe(true);
    }
    expect((await doneIndexes(runId)).size).toBe(size - 3);

    const resumed = await runChild(CHILD, args, { killAfterMs: 120_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(ranIndexes(resumed)).toEqual([]); // nothing ran again: each of the three spans is stored
    expect(await datapointSpans(runId)).toHaveLength(size); // not a second span in any session
    expect((await doneIndexes(runId)).size).toBe(size); // and the three sessions are closed now
    const done = resumed.events.find((e) => e.event === "done") as { result: { status: string; passed: number } };
    expect(done.result).toMatchObject({ status: "completed", passed: size });
  }, 120_000);
});

describe("evaluate({ resume: true }) refuses what it cannot resume", () => {
  const base = { name: "resumed", resume: true, progress: false, gitInfo: false, dataset: resumeDataset(2), function: (i: { n: number }) => i.n };
  it("needs a run id: the run to resume is the run of that id", async () => {
    await expect(evaluate({ ...base, apiKey: KEY, serverUrl: checked.proxy.url })).rejects.toThrow(EvaluationConfigError);
    await expect(evaluate({ ...base, apiKey: KEY, serverUrl: checked.proxy.url })).rejects.toThrow(/resume needs runId/);
  });
  it("needs an API key: a run is resumed from what the server holds", async () => {
    await expect(evaluate({ ...base, runId: newUuid(), offline: true })).rejects.toThrow(/resume needs an API key/);
  });
});

describe("evaluate({ resume: true, shard })", () => {
  it("a shard run again resumes its own slice as the same attempt: nothing runs twice, the run completes with every datapoint once", async () => {
    const runId = newUuid();
    const calls: number[] = [];
    const shardRun = (index: number) => evaluate<{ n: number }, { double: number }, number>({
      name: "sharded", runId, resume: true, shard: { index, count: 2 }, apiKey: KEY, serverUrl: checked.proxy.url, progress: false, gitInfo: false,
      dataset: resumeDataset(10), function: function double(i: { n: number }) { calls.push(i.n); return i.n * 2; },
      evaluators: [function exact(outputs, _i, gt) { return outputs === gt.double; }],
    });
    const first = await shardRun(1);
    expect(first).toMatchObject({ status: "running", stats: { total: 5 } });
    const again = await shardRun(1); // e.g. "Re-run failed jobs" after shard 2 failed
    expect(again).toMatchObject({ status: "running", stats: { total: 5 }, passed: first.passed });
    expect(again.sessionIds).toEqual(first.sessionIds);
    expect(calls).toEqual([0, 1, 2, 3, 4]);
    const second = await shardRun(2);
    expect(second.status).toBe("completed");
    expect(calls).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const sessions = await allEvents([is("metadata.run_id", runId), is("event_type", "session")]);
    expect(sessions).toHaveLength(10);
    const summary = await createApiClient({ serverUrl: checked.server.url, apiKey: KEY }).runs.result(runId, "average");
    expect(summary.ok && summary.data).toMatchObject({ status: "completed", verdict: { passed: 10, failed: 0, not_run: 0, total: 10 } });
  }, 120_000);
});
