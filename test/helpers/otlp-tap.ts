/**
 * A recording reverse proxy on 127.0.0.1 (port 0) in front of a HoneyHive-compatible server (usually the dev
 * server): every request is forwarded unchanged and its answer relayed; OTLP trace bodies are also decoded with
 * the dev server's decoder, so a test can assert on exactly what the SDK sent (a span's `parentSpanId`) and on
 * what the server stored from it.
 */
import { type IncomingMessage, type ServerResponse, createServer, request as httpRequest } from "node:http";
import { gunzipSync } from "node:zlib";
import { type DecodedSpan, decodeTraceRequest } from "../../packages/dev-server/src/otlp/index";
import { listenOnLoopback } from "./loopback-server";
import { readBody } from "./read-body";

/** The running tap. */
export interface OtlpTap {
  /** Base URL to give the SDK instead of the target's. */
  readonly url: string;
  /** Every span sent so far, decoded. */
  spans(): DecodedSpan[];
  /** Forgets the spans recorded so far. */
  clear(): void;
  close(): Promise<void>;
}

function forward(target: URL, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const upstream = httpRequest(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => {
    res.statusCode = 502;
    res.end();
  });
  upstream.end(body);
}

/** Starts a tap forwarding to `target` (e.g. a dev server's url). */
export async function startOtlpTap(target: string): Promise<OtlpTap> {
  const upstream = new URL(target);
  const decoded: DecodedSpan[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      if ((req.url ?? "").includes("/opentelemetry/")) {
        const plain = req.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body;
        decoded.push(...decodeTraceRequest(new Uint8Array(plain), String(req.headers["content-type"] ?? "")));
      }
      forward(upstream, req, res, body);
    });
  });
  const listening = await listenOnLoopback(server);
  return { url: listening.url, spans: () => decoded.slice(), clear: () => void decoded.splice(0), close: () => listening.close() };
}
