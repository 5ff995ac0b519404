/**
 * What a dev server holds of an evaluate() run whose datapoints take `{ i }` and answer `i` from a function named
 * `answer`: each datapoint's session start (its inputs), its final update (its output), whether its spans arrived,
 * and the run's incomplete mark. Read from the server's store and REST API on its own URL (no proxy, no fault).
 * Shared by the tests that take the backend down in the middle of a run.
 */
import type { DevServer } from "../../packages/dev-server/src/index";
import { defaultProjectName, hashKey } from "../../packages/dev-server/src/routes/auth";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import type { EvaluationResult } from "../../packages/honeyhive/src/evaluation/types";

/** Counts of the run's datapoints whose start, final update and spans the server holds, and its `honeyhive_incomplete`. */
export interface RunWritesHeld {
  starts: number;
  updates: number;
  withSpans: number;
  /** The run's `honeyhive_incomplete` metadata; `"not read: …"` when the run could not be read. */
  incomplete: unknown;
}

/** Reads what `dev` holds of `result`'s run for API key `key` (see the module comment). */
export async function runWritesHeld(dev: DevServer, key: string, result: EvaluationResult): Promise<RunWritesHeld> {
  const project = await dev.store.projectForKey(hashKey(key), defaultProjectName(hashKey(key)));
  const counts = { starts: 0, updates: 0, withSpans: 0 };
  for (const d of result.datapoints) {
    const events = (await dev.store.queryEvents(project.id, { where: { session_id: d.sessionId! } })).events;
    const session = events.find((e) => e.event_id === d.sessionId);
    if ((session?.inputs as { i?: number } | undefined)?.i === d.index) counts.starts++;
    if ((session?.outputs as { result?: number } | undefined)?.result === d.index) counts.updates++;
    if (events.some((e) => e.event_name === "answer")) counts.withSpans++;
  }
  const run = await createApiClient({ serverUrl: dev.url, apiKey: key }).runs.get(result.runId);
  const incomplete = run.ok ? (run.data.evaluation?.metadata as Record<string, unknown> | undefined)?.honeyhive_incomplete : `not read: ${run.error}`;
  return { ...counts, incomplete };
}
