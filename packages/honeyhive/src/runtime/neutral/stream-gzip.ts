/** The part of the Web `CompressionStream` this module uses. */
interface CompressionStreamLike {
  readonly writable: { getWriter(): { write(chunk: Uint8Array): Promise<void>; close(): Promise<void> } };
  readonly readable: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> } };
}

type CompressionStreamClass = new (format: "gzip") => CompressionStreamLike;

async function gzipWith(Stream: CompressionStreamClass, data: Uint8Array): Promise<Uint8Array> {
  const stream = new Stream("gzip");
  const writer = stream.writable.getWriter();
  const written = writer.write(data).then(() => writer.close());
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value) {
      chunks.push(value);
      size += value.byteLength;
    }
  }
  await written;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * gzip through the Web `CompressionStream` (workerd, Deno, Bun, the Vercel Edge runtime, browsers), or undefined where
 * the runtime has none (request bodies are then sent uncompressed; the caller decides whether to note it).
 */
export function streamGzip(note: (line: string) => void): ((data: Uint8Array) => Promise<Uint8Array>) | undefined {
  const Stream = (globalThis as { CompressionStream?: unknown }).CompressionStream;
  if (typeof Stream === "function") return (data) => gzipWith(Stream as CompressionStreamClass, data);
  note("CompressionStream is missing: request bodies are sent uncompressed");
  return undefined;
}
