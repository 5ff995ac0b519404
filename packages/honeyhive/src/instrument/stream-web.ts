import type { StreamRecorder } from "./stream-recorder";

/**
 * Re-exposes a web ReadableStream through a pull-based stream (high-water mark 0, so a chunk is read
 * from the source only when the consumer asks: backpressure is kept), recording each chunk.
 */
export function wrapWebStream(source: ReadableStream<unknown>, recorder: StreamRecorder): ReadableStream<unknown> {
  const reader = source.getReader();
  return new ReadableStream<unknown>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            recorder.end("completed");
            controller.close();
          } else {
            recorder.chunk(value);
            controller.enqueue(value);
          }
        } catch (error) {
          recorder.end("error", error);
          controller.error(error);
        }
      },
      cancel(reason) {
        recorder.end("closed_early");
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
