import { startDeadline, stopTimer } from "../internal/timers";
import { utf8Length } from "../otlp/proto-writer";
import { clampTimeout } from "../internal/timer-delay";
import { context } from "@opentelemetry/api";
import { ExportResultCode, suppressTracing } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import { describeError } from "../internal/safe-invoke";
import type { Logger } from "../internal/logger";
import { encodeTraceRequestJson, encodeTraceRequestProtobuf } from "../otlp/index";
import { onDemand } from "../seam/on-demand";
import { sendHttp } from "../transport/send-http";
import { refusalBlamesKey, scrubbedServerMessage } from "../transport/error-body";
import { runtime } from "../runtime/platform";
import type { ResolvedPipelineOptions } from "./pipeline-options";
import { enforceSpanBudget, exportedSpan } from "./span-budget";

/**
 * Outcome of sending one batch; senders never throw or reject. A failed batch may still have been partly
 * delivered (`delivered` spans, after a split) or kept on disk (`spooled` spans).
 */
export type BatchResult =
  | { ok: true }
  | { ok: false; error: string; status?: number; serverMessage?: string; attempts: number; delivered?: number; spooled?: number };

/** Sends one batch of spans; `signal` aborts pending retries (used at shutdown). */
export type BatchSender = (spans: ReadableSpan[], signal: AbortSignal) => Promise<BatchResult>;

/** Hooks of the HTTP sender: where truncations are counted and where undeliverable bodies may be kept. */
export interface HttpSenderHooks {
  /** Called with the number of attribute values truncated by the byte budget. */
  onTruncated?(count: number): void;
  /** Offered an encoded body that failed with a retryable error; returns true when it was kept (spooled). */
  keepUndelivered?(body: string | Uint8Array, spanCount: number): Promise<boolean>;
  /** True while the collector is known to be down and a spool exists: bodies go to the spool unsent. */
  spoolDirectly?(): boolean;
}

/** A refused batch's failure, with the server's own message from the answer's body (the key scrubbed) when it gave one. */
function refusedBatch(result: { error: string; status?: number; body?: string; attempts: number }, apiKey: string): Failure {
  const said = scrubbedServerMessage(result.body, [apiKey]);
  const failure: Failure = { error: result.error, status: result.status, attempts: result.attempts };
  if (said === undefined) return failure;
  failure.serverMessage = said;
  failure.error = `${result.error}: ${said}`;
  return failure;
}

/** What a failed export's warning adds: "check the API key" when the refusal is the key's ({@link refusalBlamesKey}). */
export function refusalHint(result: { status?: number; serverMessage?: string }): string {
  return refusalBlamesKey(result.status, result.serverMessage) ? " (check the API key)" : "";
}

type Failure = { error: string; status?: number; serverMessage?: string; attempts: number };

interface Outcome {
  delivered: number;
  spooled: number;
  failed?: Failure;
}

/**
 * A sender that POSTs OTLP/HTTP (protobuf or JSON) with the pipeline's own Bearer key, via `sendHttp`.
 * Spans are cut to the byte budget first; a batch whose body exceeds `maxRequestBytes`, or that the server
 * answers with 413, is split in halves and each half sent on its own (a single span is never split).
 */
export function createHttpSender(options: ResolvedPipelineOptions, apiKey: string, hooks: HttpSenderHooks = {}): BatchSender {
  const json = options.protocol === "http/json";
  const headers: Record<string, string> = {
    ...options.headers,
    "Content-Type": json ? "application/json" : "application/x-protobuf",
    Authorization: `Bearer ${apiKey}`,
  };
  const post = (body: string | Uint8Array, signal: AbortSignal) =>
    sendHttp(
      { url: options.endpoint, method: "POST", headers, body },
      {
        // with a spool, a failing batch is retried once, then kept on disk and retried from there
        timeoutMs: options.exportTimeoutMs, maxRetries: hooks.keepUndelivered ? Math.min(1, options.maxRetries) : options.maxRetries, initialBackoffMs: options.initialBackoffMs,
        fetch: options.fetch ?? runtime.transport.export, pool: "export", signal, background: true, breaker: options.breaker, compression: options.compression,
      },
    );
  /** Encodes a batch; sends it, or its halves when the body is over `maxRequestBytes`. */
  const sendPart = (spans: ReadableSpan[], signal: AbortSignal): Promise<Outcome> => {
    let body: string | Uint8Array;
    try {
      body = json ? encodeTraceRequestJson(spans, options.resource) : encodeTraceRequestProtobuf(spans, options.resource);
    } catch (error) {
      return Promise.resolve({ delivered: 0, spooled: 0, failed: { error: `could not encode spans: ${describeError(error)}`, attempts: 0 } });
    }
    const size = typeof body === "string" ? utf8Length(body) : body.byteLength;
    if (size > options.maxRequestBytes && spans.length > 1) return splitAndSend(spans, signal);
    // A protobuf body is split as it is on a 413, so the spans are not held while the request is in flight (they would
    // be copied into the old generation of the heap: docs/decisions/0092); a JSON one is re-encoded from them.
    const splitSpans = json ? () => splitAndSend(spans, signal) : undefined;
    return deliver(spans.length, body, signal, splitSpans);
  };
  /** Delivers an encoded batch: to the spool while the collector is down, else posted (split on 413, spooled on a retryable failure). */
  const deliver = async (count: number, body: string | Uint8Array, signal: AbortSignal, splitSpans?: () => Promise<Outcome>): Promise<Outcome> => {
    if (hooks.spoolDirectly?.() === true && hooks.keepUndelivered !== undefined && (await hooks.keepUndelivered(body, count))) return { delivered: 0, spooled: count };
    const result = await post(body, signal);
    if (result.ok) return { delivered: count, spooled: 0 };
    if (result.status === 413 && count > 1) {
      if (splitSpans !== undefined) return splitSpans();
      // a body that cannot be split (or a splitter that could not load) fails the batch as refused
      const halves = typeof body === "string" ? undefined : await loadSplitter().then((m) => m.sendInHalves(body, (part) => deliver(part.spans, part.body, signal)), () => undefined);
      if (halves !== undefined) return mergeOutcomes(...halves);
    }
    if ((result.retryable || result.status === undefined) && hooks.keepUndelivered !== undefined && (await hooks.keepUndelivered(body, count))) return { delivered: 0, spooled: count };
    return { delivered: 0, spooled: 0, failed: refusedBatch(result, apiKey) };
  };
  const splitAndSend = async (spans: ReadableSpan[], signal: AbortSignal): Promise<Outcome> => {
    const middle = Math.ceil(spans.length / 2);
    return mergeOutcomes(await sendPart(spans.slice(0, middle), signal), await sendPart(spans.slice(middle), signal));
  };
  // not an async function: its frame would keep the batch's spans alive until the request is answered
  return (spans, signal) => sendPart(withinBudget(spans, options, hooks), signal).then(batchResultOf);
}

/** The spans cut to the byte budget (a copy of the array); the truncations are told to `hooks.onTruncated`. */
function withinBudget(spans: ReadableSpan[], options: ResolvedPipelineOptions, hooks: HttpSenderHooks): ReadableSpan[] {
  let truncated = 0;
  const budgeted = spans.slice();
  for (let i = 0; i < budgeted.length; i++) {
    try {
      const result = enforceSpanBudget(budgeted[i] as ReadableSpan, options.budget);
      budgeted[i] = result.span;
      truncated += result.truncated;
    } catch {
      // an exotic attribute map is sent as it is
    }
  }
  if (truncated > 0) hooks.onTruncated?.(truncated);
  return budgeted;
}

/** The outcome of a batch sent as two halves. */
function mergeOutcomes(first: Outcome, second: Outcome): Outcome {
  return { delivered: first.delivered + second.delivered, spooled: first.spooled + second.spooled, failed: first.failed ?? second.failed };
}

function batchResultOf(outcome: Outcome): BatchResult {
  if (outcome.failed === undefined && outcome.spooled === 0) return { ok: true };
  const failed = outcome.failed ?? { error: "collector unavailable: spans kept in the spool", attempts: 1 };
  return { ok: false, ...failed, delivered: outcome.delivered, spooled: outcome.spooled };
}

/** The protobuf request splitter, loaded with the first 413 answer. */
const loadSplitter = onDemand(() => import("../otlp/split-trace-protobuf"));

/**
 * A sender that hands batches to an OpenTelemetry `SpanExporter` (the test seam), with tracing suppressed
 * and a timeout in case the exporter never calls back. It gets the spans as HoneyHive would receive them (a root
 * of its session without its parent: {@link exportedSpan}).
 */
export function createExporterSender(exporter: SpanExporter, timeoutMs: number): BatchSender {
  return (spans) =>
    new Promise<BatchResult>((resolve) => {
      let settled = false;
      const finish = (result: BatchResult): void => {
        if (settled) return;
        settled = true;
        stopTimer(timer);
        resolve(result);
      };
      const timer = startDeadline(() => finish({ ok: false, error: `exporter timed out after ${timeoutMs} ms`, attempts: 1 }), clampTimeout(timeoutMs));
      timer.unref?.();
      try {
        context.with(suppressTracing(context.active()), () => {
          exporter.export(spans.map(exportedSpan), (result) => {
            if (result.code === ExportResultCode.SUCCESS) finish({ ok: true });
            else finish({ ok: false, error: result.error ? describeError(result.error) : "exporter reported failure", attempts: 1 });
          });
        });
      } catch (error) {
        finish({ ok: false, error: `exporter threw: ${describeError(error)}`, attempts: 1 });
      }
    });
}

/** Shuts the `exporter` seam down, waiting at most `remainingMs`; a failure is logged, never thrown. */
export async function shutdownExporter(exporter: SpanExporter, remainingMs: number, logger: Logger): Promise<void> {
  let timer: ReturnType<typeof startDeadline> | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(() => exporter.shutdown()),
      new Promise<void>((resolve) => {
        timer = startDeadline(resolve, clampTimeout(Math.max(remainingMs, 0)));
        timer.unref?.();
      }),
    ]);
  } catch (error) {
    logger.warn(`span exporter shutdown failed: ${describeError(error)}`);
  } finally {
    if (timer !== undefined) stopTimer(timer);
  }
}
