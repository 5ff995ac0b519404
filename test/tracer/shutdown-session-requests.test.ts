/**
 * README, failure behaviour: "When `shutdown(t)` gives up, requests still in flight are aborted" — the tracer's session
 * start and update included. Against a backend that accepts connections and never answers, the session start used to
 * be retried in the background for about 30 s after `shutdown(1500)` returned (its connection open, a late "could not
 * be started … timed out" warning), and a `flushReport()` after shutdown waited for it (about 28 s). A real tracer, real
 * HTTP to a loopback server that never answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { FaultServer } from "../helpers/fault-server";

let hanging: FaultServer;
beforeAll(async () => {
  hanging = await FaultServer.start("hang");
});
afterAll(async () => {
  await hanging.close();
});

/** Resolves when `hanging` has no connection open, or after `maxMs`. */
async function connectionsClosed(maxMs: number): Promise<void> {
  const until = Date.now() + maxMs;
  while (hanging.openConnections > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe("shutdown(t) giving up against a backend that never answers", () => {
  it("aborts the session start and update in flight: nothing is retried after it returned, and flushReport() answers at once", async () => {
    const warnings: string[] = [];
    const tracer = new HoneyHiveTracer({
      apiKey: "hh_key_7f3a9c21", serverUrl: hanging.url, sessionName: "hang", setAsDefault: false,
      logSink: (level, message) => void warnings.push(`${level}: ${message}`),
    });
    trace(function work() {
      return 1;
    }, { tracer })();
    void tracer.enrichSession({ metadata: { step: "after work" } }); // waits for the session's start, then is sent
    await tracer.shutdown(1500);
    const reported = [
      expect.stringMatching(/^warn: shutdown: 1 spans? (was|were) still being sent; the requests were aborted unanswered/),
      "warn: shutdown: 1 session start and 1 session update were still being sent; the requests were aborted and are not retried",
    ];
    expect(warnings).toEqual(reported);

    // flushReport() and whenSessionStarted() after shutdown: nothing left to wait for (before: ~28 s for the start's retries)
    const before = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const stillWaiting = new Promise((resolve) => (timer = setTimeout(resolve, 10_000, "still waiting")));
    const [report, started] = await Promise.all([tracer.flushReport(15_000), Promise.race([tracer.whenSessionStarted(), stillWaiting])]);
    clearTimeout(timer);
    expect(Date.now() - before).toBeLessThan(5000);
    expect(started).toBe(false);
    expect(report).toMatchObject({ ok: false, delivered: 0, dropped: 0, pending: 0, open: 0 }); // shutdown counted the span before it
    // its request was aborted unanswered: the server may have stored it, so it is unconfirmed, not dropped
    expect(tracer.diagnostics()).toMatchObject({ spansUnconfirmed: 1, dropped: { shutdown: 0 } });

    // the aborted requests' connections are closed (before: open until the 10 s attempt timed out, then retried)
    await connectionsClosed(3000);
    expect(hanging.openConnections).toBe(0);
    expect(warnings).toEqual(reported); // no late warning about the session
  }, 30_000);
});
