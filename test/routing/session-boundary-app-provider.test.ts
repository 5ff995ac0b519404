/**
 * The README's per-request sessions in an application with its own OpenTelemetry provider and the official http
 * instrumentation: the request handler runs inside the instrumentation's HTTP server span (an application span that
 * HoneyHive never receives here: `unattributedSpans: "drop"`) and calls `tracer.withSession(...)`. HoneyHive
 * receives the handler's top span without a parent, so each request session's tree (`GET /v1/sessions/{id}` of the
 * real dev server) holds its events; the application's own exporter still sees the true parent, the server span.
 */
import type * as NodeHttp from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { SpanKind } from "@opentelemetry/api";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveSpanProcessor, HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { type OtlpTap, startOtlpTap } from "../helpers/otlp-tap";

const KEY = "hh_app_provider_sessions";
const appExporter = new InMemorySpanExporter();
let provider: NodeTracerProvider;
let instrumentation: HttpInstrumentation;
let server: DevServer;
let tap: OtlpTap;
let app: NodeHttp.Server;
let appUrl: string;
let tracer: HoneyHiveTracer;
const sessionOf = new Map<string, string>();

const lookupFn = trace(function lookup(item: string) { return `found ${item}`; });
const handleFn = trace(async function handle(item: string) { return lookupFn(item); });

beforeAll(async () => {
  server = await createDevServer({ port: 0, inMemory: true, logger: createLogger({ sink: () => undefined }) });
  tap = await startOtlpTap(server.url);
  provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(appExporter), new HoneyHiveSpanProcessor({ unattributedSpans: "drop" })] });
  provider.register();
  instrumentation = new HttpInstrumentation();
  registerInstrumentations({ instrumentations: [instrumentation] });
  // the instrumentation patches node:http when it is required after it was enabled
  const http = createRequire(import.meta.url)("node:http") as typeof NodeHttp;
  tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: tap.url, sessionName: "service", setAsDefault: false, logSink: () => undefined });
  app = http.createServer((req, res) => {
    const item = (req.url ?? "/").slice(1);
    // the README's per-request session, inside the http instrumentation's server span
    void tracer.withSession({ sessionName: `request ${item}` }, async (sessionId) => {
      sessionOf.set(item, sessionId);
      res.end(await handleFn(item));
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => app.close(resolve));
  instrumentation.disable();
  await tracer.shutdown();
  await provider.shutdown();
  await tap.close();
  await server.close();
});

interface TreeNode {
  event_name: string;
  children: TreeNode[];
}

function shape(node: TreeNode): string {
  const children = node.children.map(shape).sort();
  return children.length === 0 ? node.event_name : `${node.event_name}(${children.join(", ")})`;
}

function countBelow(node: TreeNode): number {
  return node.children.reduce((sum, child) => sum + 1 + countBelow(child), 0);
}

function appSpan(predicate: (span: ReadableSpan) => boolean): ReadableSpan {
  const found = appExporter.getFinishedSpans().filter(predicate);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe("per-request sessions under the http instrumentation's server span", () => {
  it("each request session holds its events; the application's exporter keeps the server span as parent", async () => {
    const items = ["apple", "pear"];
    expect(await Promise.all(items.map(async (item) => (await fetch(`${appUrl}/${item}`)).text()))).toEqual(["found apple", "found pear"]);
    expect(await tracer.flush()).toBe(true);
    await provider.forceFlush();

    for (const item of items) {
      const sessionId = sessionOf.get(item)!;
      const serverSpan = appSpan((s) => s.kind === SpanKind.SERVER && (s.attributes["url.path"] ?? s.attributes["http.target"]) === `/${item}`);
      const handle = appSpan((s) => s.name === "handle" && s.attributes["honeyhive.session_id"] === sessionId);
      // the application's own exporter: the true OpenTelemetry parent
      expect(handle.parentSpanContext?.spanId).toBe(serverSpan.spanContext().spanId);

      // HoneyHive: the server span never arrives, the handler's span is a root of its session, its child nests
      const sent = tap.spans().filter((s) => s.attributes["honeyhive.session_id"] === sessionId);
      expect(sent.map((s) => s.name).sort()).toEqual(["handle", "lookup"]);
      const sentHandle = sent.find((s) => s.name === "handle")!;
      expect(sentHandle.spanId).toBe(handle.spanContext().spanId);
      expect(sentHandle.parentSpanId).toBeUndefined();
      expect(sent.find((s) => s.name === "lookup")!.parentSpanId).toBe(sentHandle.spanId);
      expect(tap.spans().some((s) => s.spanId === serverSpan.spanContext().spanId)).toBe(false);

      const res = await fetch(`${server.url}/v1/sessions/${sessionId}`, { headers: { authorization: `Bearer ${KEY}` } });
      const tree = (await res.json()) as TreeNode & { num_events: number };
      expect(shape(tree)).toBe(`request ${item}(handle(lookup))`);
      expect(countBelow(tree)).toBe(tree.num_events);
    }
  });
});
