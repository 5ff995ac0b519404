/**
 * A loopback S3-compatible bucket for attachment-store tests: a `node:http` server on 127.0.0.1 that takes `PUT
 * /<bucket>/<key>` only with a valid AWS Signature V4 query presignature (the form S3's presigned URLs have:
 * `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders=host`,
 * `X-Amz-Signature`, unsigned payload), not expired, and keeps the objects in memory. Anything else: 403 with an
 * S3-style XML error. A `GET` with a valid presignature reads an object back (404 when there is none).
 * {@link LoopbackS3.presign} signs a PUT (or GET) URL as an S3 presigner does.
 */
import { createHash, createHmac } from "node:crypto";
import { createServer } from "node:http";
import { listenOnLoopback } from "./loopback-server";
import { readBody } from "./read-body";

const REGION = "us-east-1";
const ACCESS_KEY = "AKIDLOOPBACKTEST";
const SECRET = "loopback-secret-key";

/** One stored object. */
export interface S3Object {
  readonly bytes: Buffer;
  readonly contentType: string | undefined;
}

/** A running bucket. */
export interface LoopbackS3 {
  readonly url: string;
  /** Objects by `<bucket>/<key>`. */
  readonly objects: Map<string, S3Object>;
  /** PUTs refused (bad or expired signature). */
  readonly refused: number;
  /** A presigned PUT (or `method`) URL for `bucket`/`key`, valid `expiresSeconds` from `now`. */
  presign(bucket: string, key: string, expiresSeconds?: number, now?: Date, method?: "PUT" | "GET"): string;
  close(): Promise<void>;
}

const encode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: Buffer | string, data: string): Buffer => createHmac("sha256", key).update(data).digest();

function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

function signature(method: string, path: string, query: URLSearchParams, host: string, date: string): string {
  const canonicalQuery = [...query.entries()].filter(([k]) => k !== "X-Amz-Signature").map(([k, v]) => `${encode(k)}=${encode(v)}`).sort().join("&");
  const canonical = [method, path, canonicalQuery, `host:${host}`, "", "host", "UNSIGNED-PAYLOAD"].join("\n");
  const day = date.slice(0, 8);
  const toSign = ["AWS4-HMAC-SHA256", date, `${day}/${REGION}/s3/aws4_request`, createHash("sha256").update(canonical).digest("hex")].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${SECRET}`, day), REGION), "s3"), "aws4_request");
  return createHmac("sha256", key).update(toSign).digest("hex");
}

function valid(method: string, url: URL, host: string, now: number): boolean {
  const q = url.searchParams;
  const date = q.get("X-Amz-Date") ?? "";
  const expires = Number(q.get("X-Amz-Expires"));
  if (q.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256" || q.get("X-Amz-SignedHeaders") !== "host" || !/^\d{8}T\d{6}Z$/.test(date)) return false;
  const signedAt = Date.parse(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  if (!(expires > 0) || now > signedAt + expires * 1000) return false;
  return signature(method, url.pathname, q, host, date) === q.get("X-Amz-Signature");
}

/** Starts a bucket server on 127.0.0.1. */
export async function startLoopbackS3(): Promise<LoopbackS3> {
  const objects = new Map<string, S3Object>();
  let refused = 0;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://bucket.invalid");
    const body = await readBody(req);
    if (req.method === "GET" && valid("GET", url, req.headers.host ?? "", Date.now())) {
      const found = objects.get(decodeURIComponent(url.pathname.slice(1)));
      if (found) res.writeHead(200, { "content-type": found.contentType ?? "application/octet-stream" }).end(found.bytes);
      else res.writeHead(404, { "content-type": "application/xml" }).end("<Error><Code>NoSuchKey</Code></Error>");
      return;
    }
    if (req.method !== "PUT" || !valid("PUT", url, req.headers.host ?? "", Date.now())) {
      refused++;
      res.writeHead(403, { "content-type": "application/xml" }).end("<Error><Code>SignatureDoesNotMatch</Code></Error>");
      return;
    }
    const contentType = req.headers["content-type"];
    objects.set(decodeURIComponent(url.pathname.slice(1)), { bytes: body, contentType });
    res.writeHead(200, { etag: `"${createHash("md5").update(body).digest("hex")}"` }).end();
  });
  const loopback = await listenOnLoopback(server);
  const host = new URL(loopback.url).host;
  return {
    url: loopback.url,
    objects,
    get refused() {
      return refused;
    },
    presign(bucket, key, expiresSeconds = 300, now = new Date(), method = "PUT") {
      const date = amzDate(now);
      const path = `/${bucket}/${key.split("/").map(encode).join("/")}`;
      const query = new URLSearchParams({
        "X-Amz-Algorithm": "AWS4-HMAC-SHA256", "X-Amz-Credential": `${ACCESS_KEY}/${date.slice(0, 8)}/${REGION}/s3/aws4_request`,
        "X-Amz-Date": date, "X-Amz-Expires": String(expiresSeconds), "X-Amz-SignedHeaders": "host",
      });
      query.set("X-Amz-Signature", signature(method, path, query, host, date));
      return `${loopback.url}${path}?${[...query.entries()].map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&")}`;
    },
    close: () => loopback.close(),
  };
}
