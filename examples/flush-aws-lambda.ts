// AWS Lambda: the function is frozen as soon as the handler returns, so a background export would be lost.
// withLambdaFlush wraps the handler: the tracer flushes before the result (or error) is returned, unchanged.
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { HoneyHiveTracer, trace, withLambdaFlush } from "honeyhive";

const tracer = new HoneyHiveTracer({ apiKey: process.env.HH_API_KEY, serverUrl: process.env.HH_API_URL, sessionName: "lambda" });
const classify = trace(async (text: string) => (text.includes("?") ? "question" : "statement"), { eventName: "classify", inputNames: ["text"] });

export const handler = withLambdaFlush(async (event: { body: string }) => {
  const label = await tracer.withSession({ sessionName: "classify" }, () => classify(event.body));
  return { statusCode: 200, body: label };
}, { tracer, timeoutMs: 2000 });

console.log("result:", await handler({ body: "is it delivered?" })); // the spans are at the collector already
console.log("diagnostics after return:", { exported: tracer.diagnostics().spansExported, queued: tracer.diagnostics().spansQueued });
await localBackend.report();
