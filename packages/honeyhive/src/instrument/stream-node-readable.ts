import { runtime } from "../runtime/platform";
import type { StreamRecorder } from "./stream-recorder";

/** What the SDK needs of a Node.js Readable. */
interface NodeReadableLike {
  pipe: unknown;
  on: unknown;
  read: (size?: number) => unknown;
  readable: unknown;
}

/** True for Node.js Readable streams (duck-typed, any copy of node:stream). */
export function isNodeReadable(value: unknown): value is NodeReadableLike {
  const v = value as Partial<NodeReadableLike> | null;
  return typeof v === "object" && v !== null && typeof v.pipe === "function" && typeof v.on === "function" && typeof v.read === "function" && "readable" in v;
}

/**
 * Observes a Node Readable without consuming it or changing its mode: chunks are seen as the consumer
 * reads them (`read()` serves flowing mode, async iteration and paused reads alike), and the end, an
 * error or an early destroy end the span.
 */
export function observeNodeReadable(stream: NodeReadableLike, recorder: StreamRecorder): void {
  const originalRead = stream.read;
  stream.read = function recordingRead(this: unknown, size?: number): unknown {
    const chunk = originalRead.call(this, size);
    if (chunk !== null && chunk !== undefined) recorder.chunk(chunk);
    return chunk;
  };
  whenFinished(stream, (error) => {
    stream.read = originalRead;
    if (!error) recorder.end("completed");
    else if ((error as { code?: string }).code === "ERR_STREAM_PREMATURE_CLOSE") recorder.end("closed_early");
    else recorder.end("error", error);
  });
}

/** Node's `stream.finished` (the Node build); elsewhere the stream's own end, error and close events. */
function whenFinished(stream: NodeReadableLike, done: (error?: unknown) => void): void {
  if (runtime.node) return runtime.node.whenStreamFinished(stream, done);
  let settled = false;
  const once = (error?: unknown): void => {
    if (settled) return;
    settled = true;
    done(error);
  };
  const on = stream.on as (this: unknown, event: string, listener: (arg?: unknown) => void) => unknown;
  on.call(stream, "end", () => once());
  on.call(stream, "error", (error) => once(error ?? new Error("stream error")));
  on.call(stream, "close", () => once(Object.assign(new Error("premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" })));
}
