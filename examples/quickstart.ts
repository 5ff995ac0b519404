// Tracing basics: a tracer, traced functions (sync and async), enrichment, session enrichment, flush.
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { HoneyHiveTracer, enrichSpan, trace } from "honeyhive";

const tracer = new HoneyHiveTracer({ apiKey: process.env.HH_API_KEY, sessionName: "quickstart" }); // synchronous

const retrieve = trace(function retrieve(query: string, k: number): string[] {
  enrichSpan({ metrics: { candidates: 12 }, metadata: { index: "docs-v2" } });
  return [`doc about ${query}`].slice(0, k);
});

const answer = trace(
  async function answer(question: string): Promise<string> {
    const docs = retrieve(question, 3); // a child span, found through context
    return `${question} -> ${docs.join(", ")}`;
  },
  { tracer, eventType: "chain" },
);

console.log(`session ${tracer.sessionId}:`, await answer("What is OpenTelemetry?"));
await tracer.enrichSession({ feedback: { rating: 5 }, metadata: { userId: "u1" } });
await tracer.flush();
await tracer.shutdown();
await localBackend.report();
