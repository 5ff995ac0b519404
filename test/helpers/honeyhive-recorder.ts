/**
 * A loopback stand-in for the HoneyHive API used by tracer tests: a real node:http server on 127.0.0.1
 * (port 0) that records every request. OTLP bodies are decoded with the SDK's decoder; other bodies are
 * parsed as JSON. `/v1/sessions` (and the legacy `/session/start`) answer with the ids the Python SDK's models require.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { decodeTraceRequest } from "../../packages/dev-server/src/otlp/index";
import type { DecodedSpan } from "../../packages/dev-server/src/otlp/decoded-span";
import { readBody } from "./read-body";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  json?: any;
  spans: DecodedSpan[];
}

export interface HoneyHiveRecorder {
  url: string;
  requests: RecordedRequest[];
  spans(): DecodedSpan[];
  requestsTo(pathPart: string): RecordedRequest[];
  /** Status code for every later request (default 200). */
  failWith(status: number): void;
  close(): Promise<void>;
}


export async function startHoneyHiveRecorder(): Promise<HoneyHiveRecorder> {
  const requests: RecordedRequest[] = [];
  let status = 200;
  const server = createServer(async (req, res): Promise<void> => {
    let body = await readBody(req);
    if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
    const path = req.url ?? "/";
    const record: RecordedRequest = { method: req.method ?? "GET", path, headers: req.headers, spans: [] };
    if (path.includes("/opentelemetry/")) record.spans = decodeTraceRequest(new Uint8Array(body), String(req.headers["content-type"] ?? ""));
    else if (body.length > 0) record.json = JSON.parse(body.toString("utf8"));
    requests.push(record);
    res.statusCode = status;
    res.setHeader("content-type", "application/json");
    if (status !== 200) {
      res.end(JSON.stringify({ error: "failing on purpose" }));
    } else if (path.endsWith("/session/start") || path.endsWith("/v1/sessions")) {
      const id = record.json?.session?.session_id ?? record.json?.session_id ?? "00000000-0000-4000-8000-000000000000";
      res.end(JSON.stringify({ session_id: id, event_id: id, org_id: "o", workspace_id: "w", project_id: "p" }));
    } else {
      res.end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    spans: () => requests.flatMap((r) => r.spans),
    requestsTo: (part) => requests.filter((r) => r.path.includes(part)),
    failWith: (s) => {
      status = s;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
