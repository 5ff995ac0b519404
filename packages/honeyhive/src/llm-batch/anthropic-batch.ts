/**
 * One batch through Anthropic's Message Batches API: the calls (`POST /v1/messages/batches`), status checks
 * (`GET /v1/messages/batches/{id}`) until processing has ended, then the results file's lines, each the answer the
 * call would have had.
 */
import { type BatchAnswer, type BatchContext, type BatchLine, type BatchOutcome, BatchStepError, batchRequest, jsonHeaders, parseJsonLines, pollUntilDone, watchBatch } from "./batch-http";

interface AnthropicBatch {
  id?: unknown;
  processing_status?: unknown;
  results_url?: unknown;
}

/** Anthropic's error types whose calls may succeed when tried again (as its API answers them: 5xx, 529). */
const SERVER_ERRORS = new Set(["api_error", "overloaded_error"]);

function answerOf(row: unknown): [string, BatchAnswer] | undefined {
  const line = row as { custom_id?: unknown; result?: { type?: unknown; message?: unknown; error?: unknown } };
  if (typeof line?.custom_id !== "string" || typeof line.result?.type !== "string") return undefined;
  const { type } = line.result;
  if (type === "succeeded") return [line.custom_id, { status: 200, body: line.result.message }];
  if (type === "errored") {
    const error = (line.result.error as { error?: { type?: unknown } } | undefined)?.error;
    return [line.custom_id, { status: typeof error?.type === "string" && SERVER_ERRORS.has(error.type) ? 500 : 400, body: line.result.error }];
  }
  return [line.custom_id, { notRun: `the call was ${type}` }];
}

/** The results file's path on the API's base URL (its URL is absolute; only the API's own origin is followed). */
function resultsPath(ctx: BatchContext, batchId: string, resultsUrl: unknown): string {
  const fallback = `/v1/messages/batches/${encodeURIComponent(batchId)}/results`;
  if (typeof resultsUrl !== "string") return fallback;
  try {
    const url = new URL(resultsUrl, ctx.baseUrl);
    const base = new URL(ctx.baseUrl);
    return url.origin === base.origin && url.pathname.startsWith(base.pathname.replace(/\/$/, "")) ? `${url.pathname.slice(base.pathname.replace(/\/$/, "").length)}${url.search}` : fallback;
  } catch {
    return fallback;
  }
}

/** Sends the calls as one Anthropic message batch and waits for its answers. */
export async function runAnthropicBatch(ctx: BatchContext, lines: readonly BatchLine[]): Promise<BatchOutcome> {
  const body = JSON.stringify({ requests: lines.map((l) => ({ custom_id: l.customId, params: l.body })) });
  const created = (await batchRequest(ctx, "create the batch", "/v1/messages/batches", { method: "POST", headers: jsonHeaders(ctx), body })) as AnthropicBatch;
  if (typeof created?.id !== "string") throw new BatchStepError("create the batch", "the answer has no batch id", false);
  const batchId = created.id;
  ctx.onCreated(batchId);
  const ended = await watchBatch(ctx, `/v1/messages/batches/${encodeURIComponent(batchId)}/cancel`, async () => {
    const batch = (await batchRequest(ctx, "check its status", `/v1/messages/batches/${encodeURIComponent(batchId)}`, { headers: ctx.headers })) as AnthropicBatch;
    return batch?.processing_status === "ended" ? batch : undefined;
  });
  const path = resultsPath(ctx, batchId, ended.results_url);
  const text = (await pollUntilDone({ ...ctx, pollIntervalMs: 0 }, () => batchRequest(ctx, "read the batch's results", path, { headers: ctx.headers }, true))) as string;
  const answers = new Map<string, BatchAnswer>();
  for (const row of parseJsonLines(text)) {
    const answer = answerOf(row);
    if (answer) answers.set(answer[0], answer[1]);
  }
  return { batchId, status: "ended", answers };
}
