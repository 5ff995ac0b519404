/**
 * The HTTP steps a provider batch takes (create, check, read results), shared by the OpenAI and Anthropic runners:
 * JSON in and out, errors that name the step and the status (never a header), and status checks that retry.
 */

/** One call in a batch: its id in the batch, and its body. */
export interface BatchLine {
  readonly customId: string;
  readonly body: Record<string, unknown>;
}

/**
 * A call's answer from a batch, as the provider would have answered the call itself; or, for a call the batch did
 * not run (expired, cancelled), why.
 */
export type BatchAnswer =
  | { readonly status: number; readonly body: unknown; readonly requestId?: string }
  | { readonly notRun: string };

/** What a provider runner needs: where to send, with which headers, and how often to check. */
export interface BatchContext {
  readonly fetch: typeof globalThis.fetch;
  readonly baseUrl: string;
  readonly endpoint: string;
  readonly headers: Headers;
  readonly pollIntervalMs: number;
  readonly maxPollFailures: number;
  /** Told the batch's id as soon as the provider created it. */
  readonly onCreated: (batchId: string) => void;
  /** True once no call waits for the batch any more (all aborted): polling stops and the batch is cancelled. */
  readonly abandoned: () => boolean;
}

/** Thrown by {@link pollUntilDone} when no call waits for the batch any more. */
export class BatchAbandoned extends Error {
  constructor() {
    super("no call waits for the batch any more");
    this.name = "BatchAbandoned";
  }
}

/** A batch's answers by custom id (a call the batch did not answer is missing), and the batch's id. */
export interface BatchOutcome {
  readonly batchId: string;
  readonly status: string;
  readonly answers: Map<string, BatchAnswer>;
}

/** A step of a batch that failed: the step and what the provider said (its status and message). */
export class BatchStepError extends Error {
  constructor(step: string, detail: string, readonly retryable: boolean) {
    super(`${step}: ${detail}`);
    this.name = "BatchStepError";
  }
}

const EXCERPT_CHARS = 300;
/** How long one request of a batch step may take (the batch itself may take hours; each request does not). */
const STEP_TIMEOUT_MS = 120_000;

/** Sends one request of a batch step; the parsed JSON answer, or the answer's text when `asText`. */
export async function batchRequest(ctx: BatchContext, step: string, path: string, init: RequestInit, asText = false): Promise<unknown> {
  let response: Response;
  try {
    // never follow a redirect: the call's credentials would go with it to wherever it points
    response = await ctx.fetch(`${ctx.baseUrl}${path}`, { ...init, redirect: "error", signal: AbortSignal.timeout(STEP_TIMEOUT_MS) });
  } catch (error) {
    throw new BatchStepError(step, error instanceof Error ? error.message : String(error), true);
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) throw new BatchStepError(step, `HTTP ${response.status}: ${text.slice(0, EXCERPT_CHARS)}`, response.status >= 500 || response.status === 429);
  if (asText) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BatchStepError(step, `the answer is not JSON: ${text.slice(0, EXCERPT_CHARS)}`, false);
  }
}

/** Headers of a JSON request of a batch step. */
export function jsonHeaders(ctx: BatchContext): Headers {
  const headers = new Headers(ctx.headers);
  headers.set("content-type", "application/json");
  return headers;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Checks a batch every `pollIntervalMs` until `check` says it is done (returns a value); a failed check that may
 * succeed later (network, 5xx, 429) is retried up to `maxPollFailures` times in a row. A status check only reads, so
 * retrying it never repeats a write.
 */
export async function pollUntilDone<T>(ctx: BatchContext, check: () => Promise<T | undefined>): Promise<T> {
  let failures = 0;
  for (;;) {
    await sleep(ctx.pollIntervalMs);
    if (ctx.abandoned()) throw new BatchAbandoned();
    try {
      const done = await check();
      failures = 0;
      if (done !== undefined) return done;
    } catch (error) {
      if (!(error instanceof BatchStepError) || !error.retryable || failures >= ctx.maxPollFailures) throw error;
      failures += 1;
    }
  }
}

/**
 * Checks a created batch until `check` says it has ended. When no call waits for it any more, it is cancelled
 * (`cancelPath`, best effort: a refused cancel leaves it to expire) and {@link BatchAbandoned} is thrown.
 */
export async function watchBatch<T>(ctx: BatchContext, cancelPath: string, check: () => Promise<T | undefined>): Promise<T> {
  try {
    return await pollUntilDone(ctx, check);
  } catch (error) {
    if (error instanceof BatchAbandoned) await batchRequest(ctx, "cancel the batch", cancelPath, { method: "POST", headers: ctx.headers }).catch(() => undefined);
    throw error;
  }
}

/** The lines of a JSONL text, each parsed (a line that is not JSON is skipped: its call stays unanswered). */
export function parseJsonLines(text: string): unknown[] {
  const rows: unknown[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      rows.push(JSON.parse(line));
    } catch {
      // an unreadable line answers no call; its call gets the "no answer" error
    }
  }
  return rows;
}
