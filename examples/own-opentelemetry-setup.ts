/**
 * Using HoneyHive with your own OpenTelemetry setup (NodeSDK, Sentry, `@vercel/otel`…): HoneyHive never
 * replaces a provider you registered. Add `HoneyHiveSpanProcessor` to it instead: every span your provider
 * starts while a HoneyHive tracer is active in context (your instrumentations' and your own spans) is then
 * stamped with that tracer's session and sent to HoneyHive with that tracer's key, exactly once.
 * Your exporters still receive every span, with what HoneyHive added:
 * - spans of HoneyHive's own `trace()` / `startSpan()` are created through your provider too, so your exporters get
 *   them (with their `honeyhive_*` attributes: event type and name, inputs, outputs, duration) as well as HoneyHive;
 * - a span started under a HoneyHive tracer carries `honeyhive.session_id`, `honeyhive.source`, `honeyhive.project`,
 *   their `traceloop.association.properties.*` twins and `honeyhive_event_type`;
 * - a span started with no HoneyHive tracer in context (an HTTP request your server handles) goes, by default, to
 *   the default tracer's session and gets the same attributes. With `unattributedSpans: "drop"` (as below) such spans
 *   are left untouched and are not sent to HoneyHive.
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
    // Routes spans to the HoneyHive tracer in context; spans outside any tracer stay untouched and out of HoneyHive.
    new HoneyHiveSpanProcessor({ unattributedSpans: "drop" }),
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
