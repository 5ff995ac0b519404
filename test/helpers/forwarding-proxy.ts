/**
 * A reverse proxy on 127.0.0.1 (port 0) in front of a HoneyHive-compatible server (usually the dev server): each
 * request's body is read whole, shown to the test's hook (which may take its time: the request is forwarded when the
 * hook's promise settles), then forwarded unchanged, and the answer relayed. The recording proxies of the tests are
 * built on it (`holding-proxy.ts`, `spec-checking-proxy.ts`).
 */
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./read-body";

/** What a hook learns of one forwarded request's answer. */
export interface AnswerWatch {
  /** The answer's status, when its head arrives. */
  status?(code: number | undefined): void;
  /** The answer's body was relayed whole. */
  ended?(): void;
  /** Answer with this instead of forwarding the request (a server refusing it). */
  reply?: { status: number; body: string };
  /** Forward the request, wait for its answer, then answer with this instead (the write was applied, its answer lost). */
  replaceAnswer?: { status: number; body: string };
}

/** Sees each request (`arrivedAt`: `performance.now()` when it arrived) before it is forwarded. */
export type ForwardHook = (req: IncomingMessage, bytes: Buffer, arrivedAt: number) => AnswerWatch | void | Promise<AnswerWatch | void>;

/** A running forwarding proxy. */
export interface ForwardingProxy {
  /** Base URL to give the SDK instead of the target's. */
  url: string;
  close(): Promise<void>;
}

/** Starts a proxy forwarding to `target` (e.g. a dev server's url), calling `hook` for each request. */
export async function startForwardingProxy(target: string, hook: ForwardHook): Promise<ForwardingProxy> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    void (async () => {
      const arrivedAt = performance.now();
      const bytes = await readBody(req);
      const watch = (await hook(req, bytes, arrivedAt)) ?? {};
      if (watch.reply) {
        res.writeHead(watch.reply.status, { "content-type": "application/json" }).end(watch.reply.body);
        return;
      }
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url ?? "/", headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          if (watch.replaceAnswer) {
            const { status, body } = watch.replaceAnswer;
            answer.resume();
            answer.on("end", () => res.writeHead(status, { "content-type": "application/json" }).end(body));
            return;
          }
          watch.status?.(answer.statusCode);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on("end", () => watch.ended?.());
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(bytes);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
