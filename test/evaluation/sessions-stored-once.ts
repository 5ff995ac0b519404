/**
 * What evaluate() reports is what a fake backend holds: one session per datapoint of the run, each stored once, none
 * extra, each with its final update. Shared by the tests that fault the session requests' transport.
 */
import { expect } from "vitest";
import type { FakeBackend } from "./fake-backend";

/** Asserts the run's sessions on `backend` equal `result.sessionIds`, one per datapoint, each updated. */
export function expectSessionsStoredOnce(backend: FakeBackend, result: { runId: string; sessionIds: readonly string[] }, datapoints: number): void {
  expect(new Set(result.sessionIds).size).toBe(datapoints);
  const stored = [...backend.sessions.values()].filter((s) => (s.metadata as { run_id?: string } | undefined)?.run_id === result.runId);
  expect(stored.map((s) => String(s.session_id)).sort()).toEqual([...result.sessionIds].sort());
  const perDatapoint = new Map<string, number>();
  for (const s of stored) {
    const id = String((s.metadata as { datapoint_id?: string }).datapoint_id);
    perDatapoint.set(id, (perDatapoint.get(id) ?? 0) + 1);
  }
  expect(perDatapoint.size).toBe(datapoints);
  expect([...perDatapoint.values()].every((count) => count === 1)).toBe(true);
  const updated = new Set(backend.sessionUpdates.map((u) => String(u.event_id)));
  expect(result.sessionIds.filter((id) => !updated.has(id))).toEqual([]);
}
