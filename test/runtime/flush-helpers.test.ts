import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer, flushAfter, flushWithWaitUntil, setDefaultTracer, trace, withLambdaFlush } from "../../packages/honeyhive/src/index";
import { resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";

/** A tracer whose batch timer fires only after a minute (OTEL_BSP_SCHEDULE_DELAY): a helper relying on it would deliver nothing. */
function slowBatchTracer(recorder: HoneyHiveRecorder, sessionName: string): HoneyHiveTracer {
  return new HoneyHiveTracer({ apiKey: "hh-flush", serverUrl: recorder.url, sessionName });
}

const work = trace(async (n: number) => {
  await Promise.resolve();
  return n + 1;
}, { eventName: "work" });

describe("flush helpers: the platform keeps the function alive until the spans are delivered", () => {
  let recorder: HoneyHiveRecorder;
  beforeAll(async () => {
    resetHoneyHiveGlobals();
    process.env.OTEL_BSP_SCHEDULE_DELAY = "60000";
    recorder = await startHoneyHiveRecorder();
  });
  afterAll(async () => {
    delete process.env.OTEL_BSP_SCHEDULE_DELAY;
    await recorder.close();
    resetHoneyHiveGlobals();
  });
  const delivered = (name: string): number => recorder.spans().filter((s) => s.name === name).length;

  it("flushWithWaitUntil(ctx) (Workers) and flushWithWaitUntil(waitUntil) (Vercel): the response is not held, the flush is handed over", async () => {
    const tracer = slowBatchTracer(recorder, "workers");
    const pending: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => void pending.push(p) };
    const handler = async (n: number): Promise<number> => {
      const value = await tracer.trace(() => work(n));
      flushWithWaitUntil(ctx, { tracer });
      return value;
    };
    expect(await Promise.all([handler(1), handler(2)])).toEqual([2, 3]);
    expect(pending).toHaveLength(2);
    const reports = (await Promise.all(pending)) as Array<{ ok: boolean; delivered: number; pending: number }>;
    // each report counts what the collector accepted while it ran (concurrent flushes see the same deliveries)
    expect(reports.every((r) => r.ok && r.delivered >= 1 && r.pending === 0)).toBe(true);
    expect(delivered("work")).toBe(2);

    const vercel: Promise<unknown>[] = [];
    await tracer.trace(() => work(3));
    flushWithWaitUntil((p) => void vercel.push(p), { tracer });
    expect(vercel).toHaveLength(1);
    expect(await vercel[0]).toMatchObject({ ok: true, delivered: 1, pending: 0 });
    await tracer.shutdown(1000);
  });

  it("flushAfter(after) (Next.js) flushes only when the after() task runs, i.e. after the response", async () => {
    const tracer = slowBatchTracer(recorder, "next");
    setDefaultTracer(tracer);
    const tasks: Array<() => Promise<unknown>> = [];
    const before = delivered("work");
    await work(10);
    flushAfter((task) => void tasks.push(task));
    expect(tasks).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(delivered("work")).toBe(before); // nothing sent yet: the response is not delayed
    expect(await tasks[0]!()).toMatchObject({ ok: true, delivered: 1 });
    expect(delivered("work")).toBe(before + 1);
    await tracer.shutdown(1000);
  });

  it("withLambdaFlush: spans are delivered before the handler's result or error is returned, both unchanged", async () => {
    const tracer = slowBatchTracer(recorder, "lambda");
    const before = delivered("work");
    const handler = withLambdaFlush(async (event: { n: number }) => ({ statusCode: 200, body: String(await tracer.trace(() => work(event.n))) }), { tracer });
    expect(await handler({ n: 41 })).toEqual({ statusCode: 200, body: "42" });
    expect(delivered("work")).toBe(before + 1); // already at the collector when the function would be frozen
    const failure = new Error("handler failed");
    const failing = withLambdaFlush(async () => {
      await tracer.trace(() => work(0));
      throw failure;
    }, { tracer });
    await expect(failing()).rejects.toBe(failure);
    expect(delivered("work")).toBe(before + 2);
    await tracer.shutdown(1000);
  });

  it("without any tracer the helpers report nothing to do and never throw", async () => {
    setDefaultTracer(undefined);
    const handed: Promise<unknown>[] = [];
    expect(() => flushWithWaitUntil({ waitUntil: () => { throw new Error("platform refused"); } })).not.toThrow();
    flushWithWaitUntil((p) => void handed.push(p));
    expect(await handed[0]).toMatchObject({ ok: true, delivered: 0, dropped: 0, pending: 0 });
    expect(() => flushAfter(() => { throw new Error("not in a request scope"); })).not.toThrow();
  });
});
