/**
 * A recording reverse proxy on 127.0.0.1 (port 0) in front of a HoneyHive-compatible server (usually the
 * dev server): every request is checked against the OpenAPI spec ({@link OpenApiSpec}) before it is
 * forwarded unchanged, and the answer is relayed. A gzipped body (`Content-Encoding: gzip`, which the SDK sends for
 * bodies of 1 KB or more once the server accepts it) is checked inflated. OTLP ingestion, which no spec describes,
 * is exempt, and so are attachment uploads (`/v1/attachments/sha256/<hex>`, a route of the dev server only, which
 * HoneyHive's API does not have: decision record 0044), and the routes of {@link UNSPECCED}, named one by one: the 1.x
 * client's groups the current spec dropped. Their requests are recorded with the operation id `unspecced: METHOD /path`
 * (so a test can see them used) and no problems; any other route missing from the spec is a violation.
 */
import type { IncomingMessage } from "node:http";
import { gunzipSync } from "node:zlib";
import { OpenApiSpec } from "./openapi-spec";
import { startForwardingProxy } from "./forwarding-proxy";

/** One request seen by the proxy. */
export interface CheckedRequest {
  method: string;
  url: string;
  body: string;
  status?: number;
  operationId?: string;
  problems: string[];
}

/** The running proxy. */
export interface SpecCheckingProxy {
  /** Base URL to give the SDK instead of the target's. */
  url: string;
  requests: CheckedRequest[];
  /** Every problem of every checked request, prefixed with the request line. */
  violations(): string[];
  /** Operation ids used so far. */
  operations(): Set<string>;
  close(): Promise<void>;
}

const EXEMPT = new Set(["/opentelemetry/v1/traces"]);
/**
 * Routes the SDK calls that HoneyHive's current spec does not describe: tools (`/v1/tools`, and the 1.x client's
 * `/tools` the SDK falls back to) and projects (`/v1/projects`, from the spec generation the 1.x client was built on).
 */
export const UNSPECCED: ReadonlySet<string> = new Set([
  "GET /v1/tools", "POST /v1/tools", "PUT /v1/tools", "DELETE /v1/tools",
  "GET /tools", "POST /tools", "PUT /tools", "DELETE /tools",
  "GET /v1/projects", "POST /v1/projects", "PUT /v1/projects", "DELETE /v1/projects",
]);
let shared: OpenApiSpec | undefined;

/** The request body as text, inflated when it was sent gzipped (a body that does not inflate is a problem). */
function bodyText(req: IncomingMessage, bytes: Buffer, problems: string[]): string {
  if (req.headers["content-encoding"] !== "gzip") return bytes.toString("utf8");
  try {
    return gunzipSync(bytes).toString("utf8");
  } catch {
    problems.push("Content-Encoding: gzip, but the body does not inflate");
    return "";
  }
}

/** Starts a spec-checking proxy forwarding to `target` (e.g. a dev server's url). */
export async function startSpecCheckingProxy(target: string): Promise<SpecCheckingProxy> {
  shared ??= new OpenApiSpec();
  const spec = shared;
  const requests: CheckedRequest[] = [];
  const proxy = await startForwardingProxy(target, (req, bytes) => {
    const url = req.url ?? "/";
    const record: CheckedRequest = { method: req.method ?? "GET", url, body: "", problems: [] };
    const path = url.split("?")[0]!;
    const route = `${record.method} ${path}`;
    if (UNSPECCED.has(route)) record.operationId = `unspecced: ${route}`;
    else if (!EXEMPT.has(path) && !path.startsWith("/v1/attachments/sha256/")) {
      const inflation: string[] = [];
      record.body = bodyText(req, bytes, inflation);
      Object.assign(record, spec.check({ method: record.method, url, body: record.body }));
      record.problems = [...inflation, ...record.problems];
    }
    requests.push(record);
    return { status: (code) => (record.status = code) };
  });
  return {
    url: proxy.url,
    requests,
    violations: () => requests.flatMap((r) => r.problems.map((p) => `${r.method} ${r.url}: ${p}`)),
    operations: () => new Set(requests.flatMap((r) => (r.operationId ? [r.operationId] : []))),
    close: () => proxy.close(),
  };
}
