/**
 * One attachment read over HTTP (the dev server's `GET /v1/attachments/sha256/<hex>`, a presigned GET URL): the
 * answer's bytes, undefined on 404; other failures reject (the caller, `resolveAttachment`, turns them into
 * undefined). Not traced (an evaluator's read is not one of its calls) and bounded by a time limit.
 */
import { context } from "@opentelemetry/api";
import { suppressTracing } from "@opentelemetry/core";

/** One read's time limit. */
const GET_TIMEOUT_MS = 30_000;

/** See the module comment. */
export async function getBytes(url: string, headers: Readonly<Record<string, string>>): Promise<Uint8Array | undefined> {
  const response = await context.with(suppressTracing(context.active()), () => fetch(url, { headers, signal: AbortSignal.timeout(GET_TIMEOUT_MS) }));
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`attachment read failed: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
