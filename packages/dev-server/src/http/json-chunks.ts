/**
 * A large JSON body built from many small texts as UTF-8 chunks of about 64 KB, never as one string: joining a page
 * of 7,500 events into one string, then encoding it, cost five times what encoding it in chunks does (V8 flattens
 * and copies the page-sized string, and the collector moves it). Decision record 0040.
 */

/** Characters gathered before they are encoded into a chunk. */
const CHUNK_CHARS = 64 * 1024;

/** A JSON body as UTF-8 chunks (sent with {@link JsonChunks.finish}'s reply). */
export class JsonChunksReply {
  /**
   * @param chunks - the body's bytes, in order (one JSON value; the route answers for that).
   * @param byteLength - their total length.
   */
  constructor(readonly chunks: readonly Buffer[], readonly byteLength: number) {}
}

/** Gathers texts and encodes them into chunks of about 64 KB as they fill. */
export class JsonChunks {
  private pending = "";
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  /** Appends `text` to the body. */
  add(text: string): void {
    this.pending += text;
    if (this.pending.length >= CHUNK_CHARS) this.flush();
  }

  /** The body: every text and bytes added, in order. */
  finish(): JsonChunksReply {
    this.flush();
    return new JsonChunksReply(this.chunks, this.bytes);
  }

  private flush(): void {
    if (this.pending === "") return;
    const chunk = Buffer.from(this.pending, "utf8");
    this.pending = "";
    this.chunks.push(chunk);
    this.bytes += chunk.length;
  }
}
