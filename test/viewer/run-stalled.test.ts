import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_STALLED_RUN_MS, stalledSince } from "../../packages/dev-server/src/viewer/server/run-stalled";
import { resolveDevServerOptions } from "../../packages/dev-server/src/options";

/** The stalled-run rule (`viewer/server/run-stalled.ts`): a run that never finished and has had no write for too long. */
const T0 = Date.UTC(2025, 5, 15, 10, 42);
const MIN = 60_000;
const pending = { status: "pending", updated_at: new Date(T0).toISOString() };

describe("stalledSince", () => {
  it("a fresh pending run is not stalled; an old one is, since its last write", () => {
    expect(stalledSince(pending, null, T0 + 1 * MIN, 10 * MIN)).toBeUndefined();
    expect(stalledSince(pending, null, T0 + 11 * MIN, 10 * MIN)).toEqual({ since: "2025-06-15T10:42:00.000Z", threshold_ms: 10 * MIN });
    expect(stalledSince({ ...pending, status: "running" }, null, T0 + 11 * MIN, 10 * MIN)).toBeDefined();
  });

  it("exactly the threshold is not stalled yet; one millisecond more is", () => {
    expect(stalledSince(pending, null, T0 + 10 * MIN, 10 * MIN)).toBeUndefined();
    expect(stalledSince(pending, null, T0 + 10 * MIN + 1, 10 * MIN)).toBeDefined();
  });

  it("a finished run is never stalled, however old", () => {
    for (const status of ["completed", "failed", "cancelled"]) {
      expect(stalledSince({ ...pending, status }, null, T0 + 1000 * MIN, 10 * MIN)).toBeUndefined();
    }
  });

  it("the newest of the run's own update and its events' times is its last write", () => {
    expect(stalledSince(pending, T0 + 5 * MIN, T0 + 11 * MIN, 10 * MIN)).toBeUndefined(); // a session wrote 6 min ago
    expect(stalledSince(pending, T0 + 5 * MIN, T0 + 16 * MIN, 10 * MIN)).toEqual({ since: "2025-06-15T10:47:00.000Z", threshold_ms: 10 * MIN });
    expect(stalledSince(pending, T0 - 60 * MIN, T0 + 11 * MIN, 10 * MIN)?.since).toBe("2025-06-15T10:42:00.000Z"); // older events: the run's update
    expect(stalledSince({ ...pending, updated_at: "not a date" }, null, T0, 10 * MIN)).toBeUndefined(); // nothing known: not claimed stalled
  });
});

describe("the threshold option", () => {
  const saved = process.env.HH_DEV_SERVER_STALLED_RUN_MS;
  afterEach(() => {
    if (saved === undefined) delete process.env.HH_DEV_SERVER_STALLED_RUN_MS;
    else process.env.HH_DEV_SERVER_STALLED_RUN_MS = saved;
  });

  it("resolves option > HH_DEV_SERVER_STALLED_RUN_MS > 10 minutes, and refuses a bad value", () => {
    delete process.env.HH_DEV_SERVER_STALLED_RUN_MS;
    expect(DEFAULT_STALLED_RUN_MS).toBe(10 * MIN);
    expect(resolveDevServerOptions({}).stalledRunAfterMs).toBe(10 * MIN);
    process.env.HH_DEV_SERVER_STALLED_RUN_MS = "120000";
    expect(resolveDevServerOptions({}).stalledRunAfterMs).toBe(2 * MIN);
    expect(resolveDevServerOptions({ stalledRunAfterMs: 30_000 }).stalledRunAfterMs).toBe(30_000);
    process.env.HH_DEV_SERVER_STALLED_RUN_MS = "soon";
    expect(() => resolveDevServerOptions({})).toThrow(/HH_DEV_SERVER_STALLED_RUN_MS must be a positive integer/);
    expect(() => resolveDevServerOptions({ stalledRunAfterMs: 0 })).toThrow(/stalledRunAfterMs must be a positive integer/);
  });

  it("takes an injected clock, Date.now by default", () => {
    expect(resolveDevServerOptions({}).clock).toBe(Date.now);
    const clock = () => T0;
    expect(resolveDevServerOptions({ clock }).clock).toBe(clock);
  });
});
