import type { Compression } from "../config/tracer-options";
import { runtime } from "../runtime/platform";
import { encodeUtf8 } from "../internal/utf8";

export type { Compression };

/** Bodies smaller than this are sent as they are: gzip saves little on them and costs a thread-pool round trip. */
export const MIN_COMPRESSED_BYTES = 1024;

/**
 * Whether one destination takes gzip request bodies, learnt as requests go:
 * - an OTLP receiver is assumed to (`acceptedUpFront`: every OTLP/HTTP receiver must decode gzip, and the
 *   OpenTelemetry exporters offer it);
 * - a REST API only once one of its answers listed gzip in an `Accept-Encoding` response header (RFC 7694), as the
 *   dev server's do;
 * - either stops for good when the server answers a gzip body with 415 (the body is then sent once more, plain:
 *   a 415 means the request was not processed, so the resend cannot duplicate a write).
 */
export class BodyCompression {
  #accepted: boolean;
  #refused = false;

  constructor(
    readonly mode: Compression,
    acceptedUpFront: boolean,
  ) {
    this.#accepted = acceptedUpFront;
  }

  /** True when `body` should be sent gzipped now. */
  applies(body: string | Uint8Array | undefined): boolean {
    if (this.mode !== "gzip" || !this.#accepted || this.#refused || runtime.gzip === undefined) return false;
    return bodySize(body) >= MIN_COMPRESSED_BYTES;
  }

  /**
   * Learns from an answer: its status, its `Accept-Encoding` header (null when absent), whether the body it answers
   * was gzipped, and whether it answers the plain resend of a gzipped body the server refused (415 or 400).
   */
  observe(status: number, acceptEncoding: string | null, sentGzip: boolean, plainResend: boolean): void {
    if (sentGzip && status === 415) this.#refused = true;
    else if (plainResend && status >= 200 && status < 300) this.#refused = true; // the 400 was the gzip's fault
    else if (acceptEncoding !== null && /(^|,)\s*gzip\s*(;|,|$)/i.test(acceptEncoding)) this.#accepted = true;
  }
}

/** The request's body gzipped, with `Content-Encoding: gzip`, or undefined when it cannot be (never throws). */
export async function gzipRequest<R extends { headers?: Record<string, string>; body?: string | Uint8Array }>(request: R): Promise<R | undefined> {
  const gzip = runtime.gzip;
  if (gzip === undefined || request.body === undefined) return undefined;
  try {
    const bytes = typeof request.body === "string" ? encodeUtf8(request.body) : request.body;
    const body = await gzip(bytes);
    // Object.assign, not spreads: see the no-restricted-syntax rule on the per-request files in eslint.config.js
    return Object.assign({}, request, { headers: Object.assign({}, request.headers, { "Content-Encoding": "gzip" }), body });
  } catch {
    return undefined;
  }
}

/** The byte size of a body (UTF-8 for text). */
function bodySize(body: string | Uint8Array | undefined): number {
  if (body === undefined) return 0;
  return typeof body === "string" ? runtime.bytes.utf8Length(body) : body.byteLength;
}
