/**
 * A reverse proxy on 127.0.0.1 (port 0) that holds each request a rule picks until `parties` of them have arrived
 * (at most `timeoutMs`), then forwards them all: two clients racing on purpose (both create the dataset, both write
 * the same rows), every run.
 */
import { startForwardingProxy } from "./forwarding-proxy";

/** The running proxy. */
export interface BarrierProxy {
  /** Base URL to give the clients. */
  url: string;
  /** Requests released so far (held ones). */
  released(): number;
  close(): Promise<void>;
}

/** Starts a barrier proxy forwarding to `target`; `held(method, path)` picks the requests to hold. */
export async function startBarrierProxy(target: string, parties: number, held: (method: string, path: string) => boolean, timeoutMs = 20_000): Promise<BarrierProxy> {
  let waiting: (() => void)[] = [];
  let released = 0;
  const proxy = await startForwardingProxy(target, async (req) => {
    if (!held(req.method ?? "GET", (req.url ?? "").split("?")[0]!)) return;
    await new Promise<void>((resolve) => {
      waiting.push(resolve);
      const go = () => {
        released += waiting.length;
        for (const release of waiting) release();
        waiting = [];
      };
      if (waiting.length >= parties) go();
      else setTimeout(go, timeoutMs).unref();
    });
  });
  return { url: proxy.url, released: () => released, close: () => proxy.close() };
}
