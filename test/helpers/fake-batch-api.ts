/**
 * A loopback fake of the providers' Batch APIs, in front of a fake provider (`fake-openai-server.ts` or
 * `fake-anthropic-server.ts`): each line of a batch is answered by a real request to the fake provider, so a
 * batched call gets the answer the direct call would have had.
 *
 * - OpenAI: `POST /v1/files` (multipart, purpose `batch`), `POST /v1/batches`, `GET /v1/batches/{id}`,
 *   `GET /v1/files/{id}/content` (output and error files as JSONL).
 * - Anthropic: `POST /v1/messages/batches`, `GET /v1/messages/batches/{id}`, `GET /v1/messages/batches/{id}/results`.
 * - Any other request is forwarded to the fake provider as is and counted in `direct`.
 *
 * Faults for tests: the first `failCreates` batch creations answer 500, the first `failChecks` status checks 503,
 * `expireAfter` ends each batch after that many lines (the rest `expired`, as the providers write them), `lineError`
 * answers chosen lines with an error, `hold` keeps batches running until cancelled, `resultsOrigin` puts Anthropic's
 * results URL on another origin. Input is checked as the providers check it (line shape, endpoint, custom ids,
 * completion window): a bad batch answers 400.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { listenOnLoopback } from "./loopback-server";
import { readBody } from "./read-body";

/** Options of {@link startFakeBatchApi}. */
export interface FakeBatchApiOptions {
  provider: "openai" | "anthropic";
  /** The fake provider's base URL (without `/v1`). */
  target: string;
  failCreates?: number;
  failChecks?: number;
  expireAfter?: number;
  lineError?: (body: any) => boolean;
  hold?: boolean;
  resultsOrigin?: string;
}

/** A running fake. */
export interface FakeBatchApi {
  readonly url: string;
  /** Every request, in order: method, path and headers. */
  readonly requests: { method: string; path: string; headers: IncomingMessage["headers"] }[];
  /** Batches created: id and number of lines. */
  readonly batches: { id: string; lines: number }[];
  /** Requests forwarded to the provider directly (not in a batch). */
  readonly direct: { path: string; body: any }[];
  /** Ids of the batches cancelled. */
  readonly cancelled: string[];
  close(): Promise<void>;
}

interface Line { custom_id: string; body: any; url?: string; method?: string }

const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/** Why a batch's lines would be refused by the provider, or undefined when they are well formed. */
function badLines(lines: Line[], endpoint?: string): string | undefined {
  const ids = new Set(lines.map((l) => l.custom_id));
  if (lines.length === 0 || ids.size !== lines.length) return "custom ids must be present and unique";
  for (const l of lines) {
    if (typeof l.custom_id !== "string" || !CUSTOM_ID.test(l.custom_id)) return `bad custom_id ${String(l.custom_id)}`;
    if (typeof l.body !== "object" || l.body === null || Array.isArray(l.body)) return "each body must be an object";
    if (endpoint !== undefined && (l.method !== "POST" || l.url !== endpoint)) return `each line must be POST ${endpoint}`;
  }
  return undefined;
}
interface Batch { id: string; done: boolean; output: string; errors: string; answered: number; total: number }

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

async function callTarget(target: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${target}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** Starts the fake on 127.0.0.1. Always `close()` it. */
export async function startFakeBatchApi(options: FakeBatchApiOptions): Promise<FakeBatchApi> {
  const requests: FakeBatchApi["requests"] = [];
  const batchList: FakeBatchApi["batches"] = [];
  const direct: FakeBatchApi["direct"] = [];
  const cancelled: string[] = [];
  const files = new Map<string, string>();
  const batches = new Map<string, Batch>();
  let creates = 0;
  let checks = 0;
  let counter = 0;

  const execute = async (batch: Batch, lines: Line[], path: (line: Line) => string): Promise<void> => {
    const limit = options.expireAfter ?? lines.length;
    const out: string[] = [];
    const errs: string[] = [];
    while (options.hold && !cancelled.includes(batch.id)) await new Promise((resolve) => setTimeout(resolve, 5));
    if (cancelled.includes(batch.id)) return void Object.assign(batch, { done: true, answered: batch.total });
    for (const line of lines.slice(limit)) {
      if (options.provider === "anthropic") out.push(JSON.stringify({ custom_id: line.custom_id, result: { type: "expired" } }));
      else errs.push(JSON.stringify({ custom_id: line.custom_id, response: null, error: { code: "batch_expired", message: "This request could not be executed before the completion window expired." } }));
    }
    for (const line of lines.slice(0, limit)) {
      if (options.lineError?.(line.body) && options.provider === "anthropic") {
        out.push(JSON.stringify({ custom_id: line.custom_id, result: { type: "errored", error: { type: "error", error: { type: "invalid_request_error", message: `line ${line.custom_id} refused` } } } }));
        continue;
      }
      if (options.lineError?.(line.body)) {
        const error = { message: `line ${line.custom_id} refused`, type: "invalid_request_error", code: null };
        errs.push(JSON.stringify({ custom_id: line.custom_id, response: { status_code: 400, request_id: `req-${line.custom_id}`, body: { error } }, error: null }));
        continue;
      }
      const answer = await callTarget(options.target, path(line), line.body);
      out.push(options.provider === "openai"
        ? JSON.stringify({ id: `line-${line.custom_id}`, custom_id: line.custom_id, response: { status_code: answer.status, request_id: `req-${line.custom_id}`, body: answer.body }, error: null })
        : JSON.stringify({ custom_id: line.custom_id, result: answer.status === 200 ? { type: "succeeded", message: answer.body } : { type: "errored", error: answer.body } }));
    }
    Object.assign(batch, { done: true, output: out.join("\n"), errors: errs.join("\n"), answered: limit < lines.length ? limit : lines.length });
  };

  const openai = async (req: IncomingMessage, res: ServerResponse, path: string, raw: Buffer): Promise<boolean> => {
    if (req.method === "POST" && path === "/v1/files") {
      const form = await new Request("http://fake/", { method: "POST", headers: { "content-type": req.headers["content-type"] ?? "" }, body: raw }).formData();
      const file = form.get("file");
      if (form.get("purpose") !== "batch" || !(file instanceof Blob)) return sendJson(res, 400, { error: { message: "purpose batch and a file are required" } }), true;
      const id = `file-${++counter}`;
      files.set(id, await file.text());
      return sendJson(res, 200, { id, object: "file", purpose: "batch" }), true;
    }
    if (req.method === "POST" && path === "/v1/batches") {
      if (++creates <= (options.failCreates ?? 0)) return sendJson(res, 500, { error: { message: "create failed on purpose" } }), true;
      const body = JSON.parse(raw.toString("utf8"));
      const lines = (files.get(body.input_file_id) ?? "").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Line);
      const bad = body.completion_window !== "24h" ? "completion_window must be 24h" : badLines(lines, body.endpoint);
      if (bad !== undefined) return sendJson(res, 400, { error: { message: bad } }), true;
      const batch: Batch = { id: `batch_${++counter}`, done: false, output: "", errors: "", answered: 0, total: lines.length };
      batches.set(batch.id, batch);
      batchList.push({ id: batch.id, lines: lines.length });
      void execute(batch, lines, (line) => line.url ?? body.endpoint);
      return sendJson(res, 200, { id: batch.id, object: "batch", status: "validating", endpoint: body.endpoint }), true;
    }
    const cancel = /^\/v1\/batches\/([^/]+)\/cancel$/.exec(path);
    if (req.method === "POST" && cancel) return cancelled.push(cancel[1]!), sendJson(res, 200, { id: cancel[1], status: "cancelling" }), true;
    const check = /^\/v1\/batches\/([^/]+)$/.exec(path);
    if (req.method === "GET" && check) {
      if (++checks <= (options.failChecks ?? 0)) return sendJson(res, 503, { error: { message: "busy" } }), true;
      const batch = batches.get(check[1]!);
      if (!batch) return sendJson(res, 404, { error: { message: "no such batch" } }), true;
      const status = !batch.done ? "in_progress" : cancelled.includes(batch.id) ? "cancelled" : batch.answered < batch.total ? "expired" : "completed";
      return sendJson(res, 200, { id: batch.id, status, output_file_id: batch.done ? `${batch.id}-out` : null, error_file_id: batch.done && batch.errors ? `${batch.id}-err` : null }), true;
    }
    const content = /^\/v1\/files\/(batch_\d+)-(out|err)\/content$/.exec(path);
    if (req.method === "GET" && content) {
      const batch = batches.get(content[1]!);
      res.writeHead(batch ? 200 : 404, { "content-type": "application/jsonl" });
      return res.end(batch ? (content[2] === "out" ? batch.output : batch.errors) : ""), true;
    }
    return false;
  };

  const anthropic = async (req: IncomingMessage, res: ServerResponse, path: string, raw: Buffer, url: string): Promise<boolean> => {
    if (req.method === "POST" && path === "/v1/messages/batches") {
      if (++creates <= (options.failCreates ?? 0)) return sendJson(res, 500, { type: "error", error: { type: "api_error", message: "create failed on purpose" } }), true;
      const lines = (JSON.parse(raw.toString("utf8")).requests as { custom_id: string; params: any }[]).map((r) => ({ custom_id: r.custom_id, body: r.params }));
      const bad = badLines(lines);
      if (bad !== undefined) return sendJson(res, 400, { type: "error", error: { type: "invalid_request_error", message: bad } }), true;
      const batch: Batch = { id: `msgbatch_${++counter}`, done: false, output: "", errors: "", answered: 0, total: lines.length };
      batches.set(batch.id, batch);
      batchList.push({ id: batch.id, lines: lines.length });
      void execute(batch, lines, () => "/v1/messages");
      return sendJson(res, 200, { id: batch.id, type: "message_batch", processing_status: "in_progress" }), true;
    }
    const cancel = /^\/v1\/messages\/batches\/([^/]+)\/cancel$/.exec(path);
    if (req.method === "POST" && cancel) return cancelled.push(cancel[1]!), sendJson(res, 200, { id: cancel[1], processing_status: "canceling" }), true;
    const check = /^\/v1\/messages\/batches\/([^/]+)(\/results)?$/.exec(path);
    if (req.method === "GET" && check) {
      const batch = batches.get(check[1]!);
      if (!batch) return sendJson(res, 404, { type: "error", error: { type: "not_found_error", message: "no such batch" } }), true;
      if (check[2]) return res.writeHead(200, { "content-type": "application/binary" }), res.end(batch.output), true;
      if (++checks <= (options.failChecks ?? 0)) return sendJson(res, 503, { type: "error", error: { type: "overloaded_error", message: "busy" } }), true;
      return sendJson(res, 200, { id: batch.id, type: "message_batch", processing_status: batch.done ? "ended" : "in_progress", results_url: batch.done ? `${options.resultsOrigin ?? url}/v1/messages/batches/${batch.id}/results` : null }), true;
    }
    return false;
  };

  let base = "";
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const path = (req.url ?? "/").split("?")[0]!;
      requests.push({ method: req.method ?? "", path, headers: req.headers });
      const handled = options.provider === "openai" ? await openai(req, res, path, raw) : await anthropic(req, res, path, raw, base);
      if (handled) return;
      const body = raw.length > 0 ? JSON.parse(raw.toString("utf8")) : undefined;
      direct.push({ path, body });
      const answer = await fetch(`${options.target}${req.url}`, { method: req.method, headers: { "content-type": "application/json" }, body: raw.length > 0 ? raw : undefined });
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } });
      else res.end();
    });
  });
  const listening = await listenOnLoopback(server);
  base = listening.url;
  return { url: listening.url, requests, batches: batchList, direct, cancelled, close: listening.close };
}
