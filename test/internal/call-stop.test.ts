import { describe, expect, it } from "vitest";
import { CallStop } from "../../packages/honeyhive/src/internal/call-stop";

describe("CallStop", () => {
  it("runs every hook in place once, with the reason, and none that was removed", () => {
    const stop = new CallStop();
    const seen: string[] = [];
    stop.whenStopped((r) => seen.push(`first ${String(r)}`));
    const removeSecond = stop.whenStopped(() => seen.push("second"));
    stop.whenStopped((r) => seen.push(`third ${String(r)}`));
    removeSecond();
    stop.stop("down");
    stop.stop("again");
    expect(seen).toEqual(["first down", "third down"]);
    expect(stop.stopped).toBe(true);
    expect(stop.reason).toBe("down");
  });

  it("removing the slot's hook leaves the others; a hook added after the stop runs at once", () => {
    const stop = new CallStop();
    const seen: string[] = [];
    const removeFirst = stop.whenStopped(() => seen.push("first"));
    stop.whenStopped(() => seen.push("second"));
    removeFirst();
    stop.stop(new Error("x"));
    stop.whenStopped(() => seen.push("late"));
    expect(seen).toEqual(["second", "late"]);
  });

  it("makes a signal only when asked, aborted with the stop's reason (also when asked after the stop)", () => {
    const before = new CallStop();
    const signal = before.signal();
    expect(signal.aborted).toBe(false);
    const reason = new Error("stopped");
    before.stop(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
    const after = new CallStop();
    after.stop(reason);
    expect(after.signal().reason).toBe(reason);
    expect(after.signal()).toBe(after.signal());
  });

  it("follows its caller's signal until released", () => {
    const caller = new AbortController();
    const following = new CallStop(caller.signal);
    const released = new CallStop(caller.signal);
    released.release();
    caller.abort(new Error("cancelled"));
    expect(following.stopped).toBe(true);
    expect((following.reason as Error).message).toBe("cancelled");
    expect(released.stopped).toBe(false);
    expect(new CallStop(caller.signal).stopped).toBe(true);
  });
});
