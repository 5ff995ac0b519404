import { guard, noteInternalError } from "../internal/guard";
import { discoverTracerHandle } from "../context/discover";
import type { FlushReport } from "./flush-report";
import type { HoneyHiveTracerBase } from "./honeyhive-tracer";

/** Options of the flush helpers. */
export interface FlushHelperOptions {
  /** The tracer to flush. @defaultValue the tracer active in the context, else the default tracer */
  tracer?: HoneyHiveTracerBase;
  /** Upper bound of the flush, ms. @defaultValue 5000 */
  timeoutMs?: number;
}

/** A platform's "keep running until this promise settles" hook: Workers' `ctx` (has `waitUntil`) or Vercel's `waitUntil` function. */
export type WaitUntilTarget = ((promise: Promise<unknown>) => void) | { waitUntil(promise: Promise<unknown>): void };

const NOTHING: FlushReport = Object.freeze({ ok: true, delivered: 0, dropped: 0, pending: 0, open: 0, spooled: 0, durationMs: 0 });

function readOptions(options: FlushHelperOptions | undefined): { tracer: HoneyHiveTracerBase | undefined; timeoutMs: number } {
  const tracer = guard(() => discoverTracerHandle(options?.tracer).tracer?.facade as HoneyHiveTracerBase | undefined, undefined);
  const t = guard(() => options?.timeoutMs, undefined);
  return { tracer, timeoutMs: typeof t === "number" && t >= 0 ? t : 5000 };
}

/** Flushes (never rejects): the report of the tracer's flush, or an empty report without a tracer. */
function flushNow(options: FlushHelperOptions | undefined): Promise<FlushReport> {
  const { tracer, timeoutMs } = readOptions(options);
  if (!tracer) return Promise.resolve(NOTHING);
  return tracer.flushReport(timeoutMs).catch((error: unknown) => {
    noteInternalError(error);
    return { ...NOTHING, ok: false };
  });
}

/**
 * Cloudflare Workers (`ctx.waitUntil`) and Vercel Functions (`waitUntil` from `@vercel/functions`): starts the
 * flush now and hands it to the platform, so the response is not delayed and the runtime keeps running until
 * the spans are exported (no timer has to fire after the response). The promise handed over never rejects and
 * resolves to the flush's {@link FlushReport}.
 *
 * @example
 * export default { async fetch(request, env, ctx) { const res = await handle(request); flushWithWaitUntil(ctx); return res; } };
 */
export function flushWithWaitUntil(target: WaitUntilTarget, options?: FlushHelperOptions): void {
  const flushing = flushNow(options);
  guard(() => {
    if (typeof target === "function") target(flushing);
    else target.waitUntil(flushing);
  }, undefined);
}

/**
 * Next.js `after()` (from `next/server`): flushes once the response has been sent (spans that end while the
 * response streams are included), within the platform's `waitUntil`.
 *
 * @example
 * import { after } from "next/server";
 * export async function POST(req: Request) { flushAfter(after); return Response.json(await answer(req)); }
 */
export function flushAfter(after: (task: () => Promise<unknown>) => void, options?: FlushHelperOptions): void {
  guard(() => after(() => flushNow(options)), undefined);
}

/**
 * AWS Lambda (and any function frozen once it returns): wraps an async handler so the tracer flushes before
 * the handler's result (or error) is returned; the result and error are passed through unchanged.
 *
 * @example
 * export const handler = withLambdaFlush(async (event) => ({ statusCode: 200, body: await answer(event) }));
 */
export function withLambdaFlush<A extends unknown[], R>(handler: (...args: A) => Promise<R> | R, options?: FlushHelperOptions): (...args: A) => Promise<R> {
  return async function flushingHandler(this: unknown, ...args: A): Promise<R> {
    try {
      return await handler.apply(this, args);
    } finally {
      await flushNow(options);
    }
  };
}
