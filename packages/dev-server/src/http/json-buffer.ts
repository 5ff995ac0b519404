/**
 * A JSON body written into one buffer as it is made: texts gathered and encoded into it, bytes (rendered earlier into
 * a `ByteArena`) copied into it. For a body whose size is known ahead within a little (a session's tree: its
 * events' rendered bytes and their heads), so that neither a small chunk per event nor joining the chunks at the end
 * is paid (decision record 0097). The buffer doubles when the estimate falls short.
 */
import { JsonChunksReply } from "./json-chunks";

/** Characters gathered before they are encoded into the buffer. */
const PENDING_CHARS = 64 * 1024;

/** A JSON body in one buffer (sent with {@link JsonBuffer.finish}'s reply, one chunk). */
export class JsonBuffer {
  private buffer: Buffer;
  private used = 0;
  private pending = "";

  /** @param expectedBytes - about the body's size: the buffer's first size. */
  constructor(expectedBytes: number) {
    this.buffer = Buffer.allocUnsafeSlow(Math.max(1024, Math.ceil(expectedBytes)));
  }

  /** Appends `text` to the body. */
  add(text: string): void {
    this.pending += text;
    if (this.pending.length >= PENDING_CHARS) this.flush();
  }

  /** Appends `bytes` (UTF-8 JSON text) to the body, copied. */
  addBytes(bytes: Uint8Array): void {
    this.flush();
    this.room(bytes.length);
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** The body: every text and bytes added, in order, as one chunk (none when empty). */
  finish(): JsonChunksReply {
    this.flush();
    return new JsonChunksReply(this.used === 0 ? [] : [this.buffer.subarray(0, this.used)], this.used);
  }

  private flush(): void {
    if (this.pending === "") return;
    this.room(this.pending.length * 3); // UTF-8 writes at most 3 bytes per UTF-16 code unit
    this.used += this.buffer.write(this.pending, this.used, "utf8");
    this.pending = "";
  }

  /** Makes room for `bytes` more, doubling the buffer (its bytes copied) when it has not. */
  private room(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const larger = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.used + bytes));
    this.buffer.copy(larger, 0, 0, this.used);
    this.buffer = larger;
  }
}
