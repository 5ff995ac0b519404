/**
 * The stores that upload over HTTP: the dev server's (`PUT /v1/attachments/sha256/<hex>` with the tracer's key, `GET`
 * to read back), and a bucket of the user's own through a presign function that returns an S3-compatible presigned
 * PUT URL (and, to read back, an optional one that returns a presigned GET URL).
 */
import { attachmentHash } from "@honeyhive/core/attachments/reference";
import { sendHttp } from "../transport/send-http";
import type { AttachmentStore, PresignFunction, PresignedPut } from "../config/attachments-option";
import { getBytes } from "./get-bytes";

/** One upload's time limit. */
const UPLOAD_TIMEOUT_MS = 30_000;
/**
 * Retries of one upload (a PUT of content-addressed bytes: repeating it writes nothing twice). A dev server whose
 * budget of bodies in flight is spent answers 503 with `Retry-After: 1`; five retries give it a few seconds.
 */
const UPLOAD_RETRIES = 5;

async function put(url: string, headers: Record<string, string>, bytes: Uint8Array): Promise<void> {
  const result = await sendHttp({ url, method: "PUT", headers, body: bytes }, { timeoutMs: UPLOAD_TIMEOUT_MS, maxRetries: UPLOAD_RETRIES, background: true });
  if (!result.ok) throw new Error(`attachment upload failed: ${result.error}`);
}

/**
 * The dev server's attachment store at `serverUrl`, uploading with `apiKey` and reading with `readKey` (the project
 * key, when uploads go with an ingestion key, which reads nothing); neither is ever logged.
 */
export function devServerStore(serverUrl: string, apiKey: string, readKey: string = apiKey): AttachmentStore {
  const base = serverUrl.replace(/\/+$/, "");
  const url = (uri: string): string => `${base}/v1/attachments/sha256/${attachmentHash(uri) ?? ""}`;
  return {
    kind: "dev-server",
    put: (ref, bytes) => put(url(ref.uri), { authorization: `Bearer ${apiKey}`, "content-type": "application/octet-stream" }, bytes),
    get: (ref) => getBytes(url(ref.uri), { authorization: `Bearer ${readKey}` }),
  };
}

function signedTarget(signed: PresignedPut): { url: string; headers: Readonly<Record<string, string>> } {
  const target = typeof signed === "string" ? { url: signed, headers: {} } : { url: signed?.url, headers: signed?.headers ?? {} };
  if (typeof target.url !== "string") throw new Error("attachment presign function returned no URL");
  return target;
}

/** A store for the user's own bucket: `presign` gives each upload's presigned PUT URL, `presignGet` each read's GET URL. */
export function presignStore(presign: PresignFunction, presignGet?: PresignFunction): AttachmentStore {
  const store: AttachmentStore = {
    kind: "presign",
    async put(ref, bytes) {
      const target = signedTarget(await presign(ref));
      await put(target.url, { "content-type": ref.mime_type, ...target.headers }, bytes);
    },
  };
  if (presignGet === undefined) return store;
  return {
    ...store,
    async get(ref) {
      const target = signedTarget(await presignGet(ref));
      return getBytes(target.url, target.headers);
    },
  };
}
