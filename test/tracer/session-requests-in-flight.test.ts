import { describe, expect, it } from "vitest";
import { SessionRequestsInFlight } from "../../packages/honeyhive/src/tracer/session-requests-in-flight";

describe("session requests in flight", () => {
  it("aborts one session's requests, leaving the others'; then every one", () => {
    const inFlight = new SessionRequestsInFlight();
    const aStart = inFlight.open("a", "start");
    const aUpdate = inFlight.open("a", "update");
    const bUpdate = inFlight.open("b", "update");
    const cStart = inFlight.open("c", "start");
    inFlight.close(cStart); // settled: no longer aborted
    expect(inFlight.abort("a")).toEqual({ starts: 1, updates: 1 });
    expect([aStart.stopped, aUpdate.stopped, bUpdate.stopped]).toEqual([true, true, false]);
    expect(inFlight.abort("a")).toEqual({ starts: 0, updates: 0 });
    inFlight.close(aStart); // a request settling after its abort changes nothing
    expect(inFlight.abort()).toEqual({ starts: 0, updates: 1 });
    expect([bUpdate.stopped, cStart.stopped]).toEqual([true, false]);
    expect(inFlight.abort()).toEqual({ starts: 0, updates: 0 });
  });
});
