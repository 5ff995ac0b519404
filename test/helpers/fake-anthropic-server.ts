/**
 * A loopback Anthropic-compatible server for integration tests: `POST /v1/messages` answers
 * `anthropic echo: <last user message>` as a Messages API response (JSON only, no streaming); anything else 404
 * with an Anthropic-style error body. Real `node:http` on 127.0.0.1, port 0; every request is kept in `requests`.
 */
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { readBody } from "./read-body";

/** One request the fake received. */
export interface FakeAnthropicRequest {
  method: string;
  path: string;
  body: any;
}

/** A running fake Anthropic server. */
export interface FakeAnthropic {
  /** Base URL without trailing slash (the Anthropic client adds `/v1/...`). */
  readonly url: string;
  readonly requests: FakeAnthropicRequest[];
  close(): Promise<void>;
}

function lastUserText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const last = [...messages].reverse().find((m) => m?.role === "user");
  if (typeof last?.content === "string") return last.content;
  return Array.isArray(last?.content) ? last.content.map((p: any) => (typeof p?.text === "string" ? p.text : "")).join("") : "";
}

/** Starts the server on 127.0.0.1. Always `close()` it. */
export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const requests: FakeAnthropicRequest[] = [];
  const sockets = new Set<Socket>();
  let counter = 0;
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      let body: any;
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        body = undefined;
      }
      const path = (req.url ?? "/").split("?")[0]!;
      requests.push({ method: req.method ?? "", path, body });
      res.setHeader("content-type", "application/json");
      if (req.method !== "POST" || path !== "/v1/messages") {
        res.statusCode = 404;
        res.end(JSON.stringify({ type: "error", error: { type: "not_found_error", message: `no route ${req.method} ${path}` } }));
        return;
      }
      const text = `anthropic echo: ${lastUserText(body)}`;
      res.end(JSON.stringify({
        id: `msg_${++counter}`, type: "message", role: "assistant", model: body?.model ?? "claude-test",
        content: [{ type: "text", text }], stop_reason: "end_turn", stop_sequence: null,
        usage: { input_tokens: 3, output_tokens: text.split(" ").length },
      }));
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }),
  };
}
