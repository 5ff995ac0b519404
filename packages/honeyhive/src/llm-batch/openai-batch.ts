/**
 * One batch through OpenAI's Batch API: the calls as a JSONL file (`POST /files`, purpose `batch`), the batch
 * (`POST /batches`), status checks (`GET /batches/{id}`) until it ends, then the output and error files'
 * lines, each the answer the call would have had.
 */
import { type BatchAnswer, type BatchContext, type BatchLine, type BatchOutcome, BatchStepError, batchRequest, jsonHeaders, parseJsonLines, pollUntilDone, watchBatch } from "./batch-http";

const ENDED = new Set(["completed", "failed", "expired", "cancelled"]);

interface OpenAIBatch {
  id?: unknown;
  status?: unknown;
  output_file_id?: unknown;
  error_file_id?: unknown;
  errors?: { data?: { message?: unknown }[] } | null;
}

async function uploadInput(ctx: BatchContext, lines: readonly BatchLine[]): Promise<string> {
  const jsonl = lines.map((l) => JSON.stringify({ custom_id: l.customId, method: "POST", url: ctx.endpoint, body: l.body })).join("\n");
  const form = new FormData();
  form.set("purpose", "batch");
  form.set("file", new Blob([jsonl], { type: "application/jsonl" }), "honeyhive-batch.jsonl");
  const file = (await batchRequest(ctx, "upload the batch file", "/files", { method: "POST", headers: ctx.headers, body: form })) as { id?: unknown };
  if (typeof file?.id !== "string") throw new BatchStepError("upload the batch file", "the answer has no file id", false);
  return file.id;
}

function answerOf(row: unknown): [string, BatchAnswer] | undefined {
  const line = row as { custom_id?: unknown; response?: { status_code?: unknown; request_id?: unknown; body?: unknown } | null; error?: { code?: unknown; message?: unknown } | null };
  if (typeof line?.custom_id !== "string") return undefined;
  const response = line.response;
  if (response && typeof response.status_code === "number") {
    return [line.custom_id, { status: response.status_code, body: response.body, requestId: typeof response.request_id === "string" ? response.request_id : undefined }];
  }
  const code = typeof line.error?.code === "string" ? `${line.error.code}: ` : "";
  return [line.custom_id, { notRun: `${code}${typeof line.error?.message === "string" ? line.error.message : "no answer"}` }];
}

async function readAnswers(ctx: BatchContext, fileId: unknown, into: Map<string, BatchAnswer>): Promise<void> {
  if (typeof fileId !== "string" || fileId === "") return;
  const step = "read the batch's results";
  const text = (await pollUntilDone({ ...ctx, pollIntervalMs: 0 }, () => batchRequest(ctx, step, `/files/${encodeURIComponent(fileId)}/content`, { headers: ctx.headers }, true))) as string;
  for (const row of parseJsonLines(text)) {
    const answer = answerOf(row);
    if (answer) into.set(answer[0], answer[1]);
  }
}

/** Sends the calls as one OpenAI batch and waits for its answers. */
export async function runOpenAIBatch(ctx: BatchContext, lines: readonly BatchLine[]): Promise<BatchOutcome> {
  const inputFileId = await uploadInput(ctx, lines);
  const body = JSON.stringify({ input_file_id: inputFileId, endpoint: ctx.endpoint, completion_window: "24h" });
  const created = (await batchRequest(ctx, "create the batch", "/batches", { method: "POST", headers: jsonHeaders(ctx), body })) as OpenAIBatch;
  if (typeof created?.id !== "string") throw new BatchStepError("create the batch", "the answer has no batch id", false);
  const batchId = created.id;
  ctx.onCreated(batchId);
  const ended = await watchBatch(ctx, `/batches/${encodeURIComponent(batchId)}/cancel`, async () => {
    const batch = (await batchRequest(ctx, "check its status", `/batches/${encodeURIComponent(batchId)}`, { headers: ctx.headers })) as OpenAIBatch;
    return typeof batch?.status === "string" && ENDED.has(batch.status) ? batch : undefined;
  });
  const answers = new Map<string, BatchAnswer>();
  await readAnswers(ctx, ended.output_file_id, answers);
  await readAnswers(ctx, ended.error_file_id, answers);
  const reason = ended.errors?.data?.map((e) => e.message).filter((m) => typeof m === "string").join("; ");
  return { batchId, status: reason ? `${String(ended.status)} (${reason})` : String(ended.status), answers };
}
