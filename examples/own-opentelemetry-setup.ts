/**
 * Using HoneyHive with your own OpenTelemetry setup (NodeSDK, Sentry, `@vercel/otel`…): HoneyHive never
 * replaces a provider you registered. Add `HoneyHiveSpanProcessor` to it instead: every span your provider
 * starts while a HoneyHive tracer is active in context (your instrumentations' and your own spans) is then
 * stamped with that tracer's session and sent to HoneyHive with that tracer's key, exactly once, while your
 * exporters keep receiving everything as before. Spans of HoneyHive's own `trace()` go to HoneyHive only.
 * Start your SDK first, then create HoneyHive tracers (one warning says that an existing provider was found
 * and left in place).
 */
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { BatchSpanProcessor, ConsoleSpanExporter } from "@opentelemetry/sdk-trace-base";
import { HoneyHiveSpanProcessor, HoneyHiveTracer, trace } from "honeyhive";

const sdk = new NodeSDK({
  serviceName: "my-service",
  spanProcessors: [
    new BatchSpanProcessor(new ConsoleSpanExporter()), // your existing exporter(s), unchanged
    new HoneyHiveSpanProcessor({ unattributedSpans: "drop" }), // routes spans to the HoneyHive tracer in context
  ],
  instrumentations: [new OpenAIInstrumentation()], // your instrumentations, registered as usual
});
sdk.start();

// Created after the SDK started: it detects your provider and leaves it in place.
const tracer = new HoneyHiveTracer({ apiKey: process.env.HH_API_KEY, project: "support-bot", sessionName: "own-otel-example" });

const lookup = trace(async (orderId: string) => ({ orderId, status: "shipped" }), { tracer, eventType: "tool", eventName: "lookup_order" });

// Everything started inside `tracer.trace` (or inside a traced function) belongs to this tracer's session.
await tracer.trace(async () => {
  await lookup("A-1001");
});

await tracer.flush();
await sdk.shutdown();
await localBackend.report();
