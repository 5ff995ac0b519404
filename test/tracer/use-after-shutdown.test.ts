/**
 * A tracer used after its `shutdown()` (a warm serverless instance keeping the tracer it shut down at the end of the
 * last request): the span is dropped and counted as before, and now it is also said, once per process, and the next
 * `flush()` answers false, as nothing it was given since was delivered. Session updates (feedback, a retried
 * enrichment) are still sent after shutdown: `test/composed/prompts-to-pinned-evaluate.test.ts` retries feedback on a
 * shut-down tracer. Real tracers, real HTTP to the dev server on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

let server: DevServer;
const quiet = (): undefined => undefined;
beforeAll(async () => {
  server = await createDevServer({ port: 0, host: "127.0.0.1", inMemory: true, logger: { verbose: false, debug: quiet, info: quiet, warn: quiet, error: quiet, warnOnce: quiet } });
});
afterAll(async () => {
  await server.close();
});

function tracerWithLog(): { tracer: HoneyHiveTracer; log: string[] } {
  const log: string[] = [];
  const tracer = new HoneyHiveTracer({
    apiKey: "hh_key_7f3a9c21e5d4", serverUrl: server.url, project: "after-shutdown", sessionName: "s", setAsDefault: false,
    logSink: (level, message) => void log.push(`${level}: ${message}`),
  });
  return { tracer, log };
}

/** The warning: "once its shutdown() began", since a span started while shutdown() is still running is refused too. */
const AFTER_SHUTDOWN = /^warn: a span was started on a tracer once its shutdown\(\) began and was dropped \(counted in diagnostics\(\)\.dropped\.shutdown\)/;

describe("a tracer used after shutdown()", () => {
  it("drops the span, counts it, says so once, and the next flush() answers false (then true again)", async () => {
    resetHoneyHiveGlobals();
    const { tracer, log } = tracerWithLog();
    const work = trace(function work(x: number) { return x + 1; }, { tracer });
    expect(work(1)).toBe(2);
    expect(await tracer.shutdown(5000)).toBe(true);
    expect(log.filter((l) => AFTER_SHUTDOWN.test(l))).toEqual([]);

    expect(work(2)).toBe(3); // the user's code still runs
    expect(work(3)).toBe(4);
    expect(tracer.diagnostics().dropped.shutdown).toBe(2);
    expect(log.filter((l) => AFTER_SHUTDOWN.test(l))).toHaveLength(1);
    expect(await tracer.flush(2000)).toBe(false);
    expect(await tracer.flush(2000)).toBe(true); // nothing refused since the previous flush
  }, 30_000);

  it("a span started while shutdown() is still running is refused and said the same way", async () => {
    resetHoneyHiveGlobals();
    const { tracer, log } = tracerWithLog();
    const work = trace(function work(x: number) { return x + 1; }, { tracer });
    expect(work(1)).toBe(2);
    const closing = tracer.shutdown(5000);
    expect(work(2)).toBe(3); // shutdown() began, and has not finished
    expect(tracer.diagnostics().dropped.shutdown).toBe(1);
    expect(log.filter((l) => AFTER_SHUTDOWN.test(l))).toHaveLength(1);
    expect(await closing).toBe(true);
  }, 30_000);
});
