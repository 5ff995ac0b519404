/**
 * One request through a fetch the SDK does not own (a custom `fetch`, the neutral runtime's global fetch, the global
 * fetch `diagnose()` uses), bounded by its timeout and its call's stop even when that fetch ignores the AbortSignal it
 * is given. The whole exchange (the answer and its body) is raced against a deadline: when the deadline or the stop
 * comes first the SDK stops waiting, aborts the signal, and settles at once. A late answer is ignored (its body is not
 * read; a stream body is cancelled), a late rejection is absorbed (never an unhandled rejection), and the deadline's
 * timer is unref'ed (the SDK's own sockets and timers never keep a process alive; an awaited call holds it instead,
 * see `hold-process.ts`).
 */
import { HttpTimeoutError, type HttpResponseLike, type RequestStop } from "../runtime/fetch-like";
import { AnswerBody } from "../runtime/answer-body";
import type { PruneSpec } from "../internal/prune-spec";
import { jsonPrunerModule } from "../internal/json-pruner-on-first-use";
import { startDeadline, stopTimer } from "../internal/timers";
import { clampTimeout } from "../internal/timer-delay";

/** An answer read within the bound: its status line, headers and whole body. */
export interface BoundedAnswer {
  readonly response: HttpResponseLike;
  readonly body: string;
}

/** The request itself, given the signal to pass on (aborted when the SDK stops waiting). */
export type Exchange = (signal: AbortSignal) => Promise<HttpResponseLike>;

/** The error a stopped exchange (or a request stopped before it was sent) rejects with: the stop's reason when it is an Error. */
export function stopError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(`request stopped: ${String(reason)}`);
}

/** Cancels the body stream of an answer nobody reads any more (a Web `Response`), ignoring any failure. */
function discardBody(response: HttpResponseLike): void {
  try {
    const body = (response as { body?: { cancel?: () => unknown } | null }).body;
    const cancelled = typeof body?.cancel === "function" ? body.cancel() : undefined;
    if (cancelled instanceof Promise) cancelled.catch(() => undefined);
  } catch {
    // a body that cannot be cancelled is left to the garbage collector
  }
}

/** A Web `Response`'s body stream, when the answer has one. */
type BodyStream = { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel?(): Promise<unknown> } };

function bodyStreamOf(response: HttpResponseLike): BodyStream | undefined {
  const body = (response as { body?: unknown }).body;
  return typeof (body as BodyStream | null | undefined)?.getReader === "function" ? (body as BodyStream) : undefined;
}

/**
 * The answer's body: with `prune`, a 2xx answer with a body stream is pruned as it arrives (only its kept text held,
 * as the SDK's own transport does); any other is read by `text()` (the caller prunes that text).
 */
async function bodyOf(response: HttpResponseLike, prune: PruneSpec | undefined, late: () => boolean): Promise<string> {
  const stream = prune !== undefined && response.ok ? bodyStreamOf(response) : undefined;
  if (stream === undefined) return response.text();
  const { JsonPruner } = await jsonPrunerModule();
  const body = new AnswerBody(response.status, Number.POSITIVE_INFINITY, () => new JsonPruner(prune!, "bytes"));
  const reader = stream.getReader();
  const cancel = (): void => void reader.cancel?.().catch(() => undefined);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return body.text();
      if (late()) return (cancel(), ""); // nobody reads it any more
      if (value !== undefined) body.add(value);
    }
  } catch (error) {
    cancel();
    throw error;
  }
}

/** Sends and reads the answer's body, unless the SDK stopped waiting when the answer came (`late()`). */
async function readAnswer(send: Exchange, signal: AbortSignal, late: () => boolean, prune: PruneSpec | undefined): Promise<BoundedAnswer | undefined> {
  const response = await send(signal);
  if (late()) {
    discardBody(response);
    return undefined;
  }
  return { response, body: await bodyOf(response, prune, late) };
}

/**
 * Runs `send` and reads its answer within `timeoutMs` (rejecting with {@link HttpTimeoutError} when it elapses) and
 * until `stop` stops the call (rejecting with its reason, without sending when it already has); with `prune`, a 2xx
 * answer's streamed body is pruned as it arrives. Never leaves a
 * timer, a stop hook or an unhandled rejection behind.
 */
export function boundedExchange(
  send: Exchange, timeoutMs: number, stop?: RequestStop & { readonly stopped?: boolean; readonly reason?: unknown }, prune?: PruneSpec,
): Promise<BoundedAnswer> {
  if (stop?.stopped === true) return Promise.reject(stopError(stop.reason));
  return new Promise<BoundedAnswer>((resolve, reject) => {
    const controller = new AbortController();
    let settled = false;
    // filled in below; a holder, so a stop hook run while hooking finds what to release
    const held: { timer?: ReturnType<typeof startDeadline>; unhook?: () => void } = {};
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      stopTimer(held.timer);
      held.unhook?.();
      return true;
    };
    const giveUp = (error: Error): void => {
      if (!settle()) return;
      reject(error);
      controller.abort(error); // after settling: a fetch that honours the signal rejects into the absorbed path
    };
    held.timer = startDeadline(() => giveUp(new HttpTimeoutError(timeoutMs)), clampTimeout(timeoutMs));
    held.timer.unref?.();
    held.unhook = stop?.whenStopped((reason) => giveUp(stopError(reason)));
    if (settled) return void held.unhook?.(); // stopped while hooking
    readAnswer(send, controller.signal, () => settled, prune).then(
      (answer) => {
        if (answer !== undefined && settle()) resolve(answer);
      },
      (error: unknown) => {
        if (settle()) reject(error);
      },
    );
  });
}
