/**
 * The batcher: calls that can be batched wait in groups (same provider, base URL, endpoint, credentials) until a
 * group is full or its first call has waited `collectMs`; the group then goes to the provider's Batch API as one
 * batch, and each call gets the answer the batch gave it, as a `Response`. Other calls go to the provider at once.
 */
import { context, ROOT_CONTEXT, trace, type Span } from "@opentelemetry/api";
import { suppressTracing } from "@opentelemetry/core";
import { ATTR_LLM_BATCH } from "@honeyhive/core/semconv/attributes";
import { runAnthropicBatch } from "./anthropic-batch";
import { runOpenAIBatch } from "./openai-batch";
import { type BatchAnswer, type BatchContext, type BatchOutcome } from "./batch-http";
import type { ResolvedLlmBatchOptions } from "./batch-options";
import { type BatchableCall, type BatchProvider, batchableCall } from "./batch-route";
import { readFetchCall } from "./fetch-call";

/** Counts of what the batcher did since it was created. */
export interface LlmBatchStats {
  /** Batches sent to a provider. */
  batches: number;
  /** Calls sent in a batch. */
  batched: number;
  /** Calls whose batch answered them with a success. */
  answered: number;
  /** Calls that got an error answer: from the provider for that call, or because their batch failed. */
  failed: number;
  /** Calls aborted by their caller (their client's timeout or signal) before their batch answered. */
  aborted: number;
  /** Calls sent to the provider directly (streamed, another endpoint, unreadable body). */
  passedThrough: number;
  /** Calls waiting now: for their batch to be sent, or for its answers. */
  waiting: number;
}

/** A call waiting for its batch. */
interface Waiting {
  readonly customId: string;
  readonly body: Record<string, unknown>;
  readonly span: Span | undefined;
  readonly resolve: (response: Response) => void;
  readonly reject: (reason: unknown) => void;
  settled: boolean;
  /** Removes the abort listener from the caller's signal. */
  release?: () => void;
}

interface Group {
  readonly call: BatchableCall;
  readonly waiting: Waiting[];
  /** Bytes of the waiting calls' bodies: a batch file stays well under the providers' limits (200 MB at OpenAI). */
  bytes: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** Bytes of call bodies per batch at most; a call that would pass it starts the next batch. */
const MAX_BATCH_BYTES = 100 * 1024 * 1024;

/** The batcher `createLlmBatch` loads on first use. */
export interface Batcher {
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  stats(): LlmBatchStats;
  flush(): Promise<void>;
}

/**
 * Status of an answer that must not be retried by any client: a retry would send the call in a new batch, billed
 * again and hours later. Clients retry 408, 409, 429 and 5xx (the AI SDK ignores `x-should-retry`), not 424.
 */
const NOT_RETRIED = 424;

function batchHeaders(batchId: string | undefined): Headers {
  const headers = new Headers({ "content-type": "application/json", "x-should-retry": "false" });
  if (batchId !== undefined) headers.set("x-honeyhive-llm-batch", batchId);
  return headers;
}

/** An error answer in the provider's own error shape, which its client throws and does not retry. */
function errorResponse(provider: BatchProvider, message: string, batchId: string | undefined): Response {
  const body = provider === "anthropic" ? { type: "error", error: { type: "llm_batch_error", message } } : { error: { message, type: "llm_batch_error", code: "llm_batch_error" } };
  return new Response(JSON.stringify(body), { status: NOT_RETRIED, headers: batchHeaders(batchId) });
}

/** The call's answer from its batch (a server error's status becomes {@link NOT_RETRIED}; the body is the provider's). */
function answerResponse(provider: BatchProvider, answer: BatchAnswer, batchId: string): Response {
  if ("notRun" in answer) return errorResponse(provider, `llm batch ${batchId}: ${answer.notRun}`, batchId);
  const headers = batchHeaders(batchId);
  if (answer.requestId !== undefined) headers.set("x-request-id", answer.requestId);
  return new Response(JSON.stringify(answer.body ?? null), { status: answer.status >= 500 ? NOT_RETRIED : answer.status, headers });
}

const runners: Record<BatchProvider, (ctx: BatchContext, lines: { customId: string; body: Record<string, unknown> }[]) => Promise<BatchOutcome>> = {
  anthropic: runAnthropicBatch,
  openai: runOpenAIBatch,
};

/** The batcher (see the module's description). */
class BatchQueue implements Batcher {
  private readonly groups = new Map<string, Group>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly counts: LlmBatchStats = { batches: 0, batched: 0, answered: 0, failed: 0, aborted: 0, passedThrough: 0, waiting: 0 };
  private nextId = 0;
  /** Calls being read (their body), not yet queued or passed through: `flush()` waits for them. */
  private arriving = 0;
  private readonly arrived: (() => void)[] = [];

  constructor(private readonly options: ResolvedLlmBatchOptions) {}

  async fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    this.arriving += 1;
    let queued: Promise<Response> | undefined;
    try {
      const read = await readFetchCall(input, init);
      const call = read && batchableCall(read.url, read.method, read.headers, read.body, this.options.hosts);
      if (call) queued = this.enqueue(call, read?.body?.length ?? 0, read?.signal);
    } finally {
      this.arriving -= 1;
      if (this.arriving === 0) for (const done of this.arrived.splice(0)) done();
    }
    if (queued !== undefined) return queued;
    this.counts.passedThrough += 1;
    return this.options.fetch(input, init);
  }

  stats(): LlmBatchStats {
    return { ...this.counts };
  }

  async flush(): Promise<void> {
    if (this.arriving > 0) await new Promise<void>((resolve) => this.arrived.push(resolve));
    for (const key of [...this.groups.keys()]) this.send(key);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private enqueue(call: BatchableCall, bytes: number, signal: AbortSignal | undefined): Promise<Response> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Response>((resolve, reject) => {
      const w: Waiting = { customId: `hh-${(this.nextId += 1)}`, body: call.body, span: trace.getSpan(context.active()), resolve, reject, settled: false };
      if ((this.groups.get(call.groupKey)?.bytes ?? 0) + bytes > MAX_BATCH_BYTES) this.send(call.groupKey);
      let group = this.groups.get(call.groupKey);
      if (group === undefined) this.groups.set(call.groupKey, (group = { call, waiting: [], bytes: 0 }));
      group.waiting.push(w);
      group.bytes += bytes;
      this.counts.waiting += 1;
      if (signal !== undefined) {
        const onAbort = () => this.abort(call.groupKey, w, signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        w.release = () => signal.removeEventListener("abort", onAbort);
      }
      if (group.waiting.length >= this.options.maxBatchSize) this.send(call.groupKey);
      else group.timer ??= setTimeout(() => this.send(call.groupKey), this.options.collectMs);
    });
  }

  private send(key: string): void {
    const group = this.groups.get(key);
    if (group === undefined) return;
    this.groups.delete(key);
    clearTimeout(group.timer);
    const lines = group.waiting.filter((w) => !w.settled);
    if (lines.length === 0) return;
    this.counts.batches += 1;
    this.counts.batched += lines.length;
    // the batch's own requests are the SDK's work: untraced, and in no datapoint's context
    const run: Promise<void> = context.with(suppressTracing(ROOT_CONTEXT), () => this.run(group.call, lines)).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  private async run(call: BatchableCall, lines: Waiting[]): Promise<void> {
    let batchId: string | undefined;
    const ctx: BatchContext = {
      ...this.options, baseUrl: call.baseUrl, endpoint: call.endpoint, headers: call.headers,
      onCreated: (id) => (batchId = id), abandoned: () => lines.every((w) => w.settled),
    };
    try {
      const outcome = await runners[call.provider](ctx, lines.map((w) => ({ customId: w.customId, body: w.body })));
      for (const w of lines) {
        const answer = outcome.answers.get(w.customId);
        const missing = `llm batch ${outcome.batchId} ended ${outcome.status} without an answer for this call`;
        this.settle(w, answer ? answerResponse(call.provider, answer, outcome.batchId) : errorResponse(call.provider, missing, outcome.batchId), outcome.batchId);
      }
    } catch (error) {
      const message = `llm batch${batchId === undefined ? "" : ` ${batchId}`}: ${error instanceof Error ? error.message : String(error)}`;
      for (const w of lines) this.settle(w, errorResponse(call.provider, message, batchId), batchId);
    }
  }

  private settle(w: Waiting, response: Response, batchId: string | undefined): void {
    if (w.settled) return;
    w.settled = true;
    w.release?.();
    this.counts.waiting -= 1;
    if (response.ok) this.counts.answered += 1;
    else this.counts.failed += 1;
    if (batchId !== undefined && w.span?.isRecording()) w.span.setAttribute(ATTR_LLM_BATCH, batchId);
    w.resolve(response);
  }

  /** An aborted call: out of its batch when the batch was not sent yet; its answer, if one comes, is dropped. */
  private abort(key: string, w: Waiting, reason: unknown): void {
    if (w.settled) return;
    w.settled = true;
    w.release?.();
    this.counts.waiting -= 1;
    this.counts.aborted += 1;
    const group = this.groups.get(key);
    const at = group?.waiting.indexOf(w) ?? -1;
    if (group && at >= 0) group.waiting.splice(at, 1);
    w.reject(reason);
  }
}

/** Creates the batcher (see the module's description). */
export function createBatcher(options: ResolvedLlmBatchOptions): Batcher {
  return new BatchQueue(options);
}
