import { randomFillSync } from "node:crypto";

const POOL_SIZE = 8192;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

function take(bytes: number): string {
  for (;;) {
    if (offset + bytes > POOL_SIZE) {
      randomFillSync(pool);
      offset = 0;
    }
    const start = offset;
    offset += bytes;
    // An all-zero id is invalid in OpenTelemetry; draw again in that (2^-64) case.
    for (let i = start; i < start + bytes; i++) if (pool[i] !== 0) return pool.toString("hex", start, start + bytes);
  }
}

/** A new random 16-byte trace id in lowercase hex (from a pooled CSPRNG buffer). */
export function newTraceId(): string {
  return take(16);
}

/** A new random 8-byte span id in lowercase hex. */
export function newSpanId(): string {
  return take(8);
}
