/**
 * The stores that upload over HTTP: the dev server's (`PUT /v1/attachments/sha256/<hex>` with the tracer's key), and
 * a bucket of the user's own through a presign function that returns an S3-compatible presigned PUT URL.
 */
import { attachmentHash } from "@honeyhive/core/attachments/reference";
import { sendHttp } from "../transport/send-http";
import type { AttachmentStore, PresignFunction } from "../config/attachments-option";

/** One upload's time limit. */
const UPLOAD_TIMEOUT_MS = 30_000;

async function put(url: string, headers: Record<string, string>, bytes: Uint8Array): Promise<void> {
  const result = await sendHttp({ url, method: "PUT", headers, body: bytes }, { timeoutMs: UPLOAD_TIMEOUT_MS, maxRetries: 2, background: true });
  if (!result.ok) throw new Error(`attachment upload failed: ${result.error}`);
}

/** The dev server's attachment store at `serverUrl`, uploading with `apiKey` (never logged). */
export function devServerStore(serverUrl: string, apiKey: string): AttachmentStore {
  const base = serverUrl.replace(/\/+$/, "");
  return {
    kind: "dev-server",
    put: (ref, bytes) => put(`${base}/v1/attachments/sha256/${attachmentHash(ref.uri) ?? ""}`, { authorization: `Bearer ${apiKey}`, "content-type": "application/octet-stream" }, bytes),
  };
}

/** A store for the user's own bucket: `presign` gives each upload's presigned PUT URL. */
export function presignStore(presign: PresignFunction): AttachmentStore {
  return {
    kind: "presign",
    async put(ref, bytes) {
      const signed = await presign(ref);
      const target = typeof signed === "string" ? { url: signed, headers: {} } : signed;
      if (typeof target?.url !== "string") throw new Error("attachment presign function returned no URL");
      await put(target.url, { "content-type": ref.mime_type, ...target.headers }, bytes);
    },
  };
}
