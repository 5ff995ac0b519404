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
}

interface Group {
  readonly call: BatchableCall;
  readonly waiting: Waiting[];
  timer?: ReturnType<typeof setTimeout>;
}

/** The batcher `createLlmBatch` loads on first use. */
export interface Batcher {
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  stats(): LlmBatchStats;
  flush(): Promise<void>;
}

/** An error answer in the provider's own error shape, which its client throws and does not retry. */
function errorResponse(provider: BatchProvider, message: string, batchId: string | undefined): Response {
  const body = provider === "anthropic" ? { type: "error", error: { type: "llm_batch_error", message } } : { error: { message, type: "llm_batch_error", code: "llm_batch_error" } };
  const headers = new Headers({ "content-type": "application/json", "x-should-retry": "false" });
  if (batchId !== undefined) headers.set("x-honeyhive-llm-batch", batchId);
  return new Response(JSON.stringify(body), { status: 502, headers });
}

function answerResponse(answer: BatchAnswer, batchId: string): Response {
  const headers = new Headers({ "content-type": "application/json", "x-honeyhive-llm-batch": batchId });
  if (answer.requestId !== undefined) headers.set("x-request-id", answer.requestId);
  return new Response(JSON.stringify(answer.body ?? null), { status: answer.status, headers });
}

const runners: Record<BatchProvider, (ctx: BatchContext, lines: { customId: string; body: Record<string, unknown> }[]) => Promise<BatchOutcome>> = {
  anthropic: runAnthropicBatch,
  openai: runOpenAIBatch,
};

/** The batcher (see the module's description). */
class BatchQueue implements Batcher {
  private readonly groups = new Map<string, Group>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly counts: LlmBatchStats = { batches: 0, batched: 0, answered: 0, failed: 0, passedThrough: 0, waiting: 0 };
  private nextId = 0;

  constructor(private readonly options: ResolvedLlmBatchOptions) {}

  async fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const read = await readFetchCall(input, init);
    const call = read && batchableCall(read.url, read.method, read.headers, read.body);
    if (!call) {
      this.counts.passedThrough += 1;
      return this.options.fetch(input, init);
    }
    return this.enqueue(call, read?.signal);
  }

  stats(): LlmBatchStats {
    return { ...this.counts };
  }

  async flush(): Promise<void> {
    for (const key of [...this.groups.keys()]) this.send(key);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private enqueue(call: BatchableCall, signal: AbortSignal | undefined): Promise<Response> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Response>((resolve, reject) => {
      const w: Waiting = { customId: `hh-${(this.nextId += 1)}`, body: call.body, span: trace.getSpan(context.active()), resolve, reject, settled: false };
      let group = this.groups.get(call.groupKey);
      if (group === undefined) this.groups.set(call.groupKey, (group = { call, waiting: [] }));
      group.waiting.push(w);
      this.counts.waiting += 1;
      signal?.addEventListener("abort", () => this.abort(call.groupKey, w, signal.reason), { once: true });
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
    const ctx: BatchContext = { ...this.options, baseUrl: call.baseUrl, endpoint: call.endpoint, headers: call.headers, onCreated: (id) => (batchId = id) };
    try {
      const outcome = await runners[call.provider](ctx, lines.map((w) => ({ customId: w.customId, body: w.body })));
      for (const w of lines) {
        const answer = outcome.answers.get(w.customId);
        const missing = `llm batch ${outcome.batchId} ended ${outcome.status} without an answer for this call`;
        this.settle(w, answer ? answerResponse(answer, outcome.batchId) : errorResponse(call.provider, missing, outcome.batchId), outcome.batchId);
      }
    } catch (error) {
      const message = `llm batch${batchId === undefined ? "" : ` ${batchId}`}: ${error instanceof Error ? error.message : String(error)}`;
      for (const w of lines) this.settle(w, errorResponse(call.provider, message, batchId), batchId);
    }
  }

  private settle(w: Waiting, response: Response, batchId: string | undefined): void {
    if (w.settled) return;
    w.settled = true;
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
    this.counts.waiting -= 1;
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
