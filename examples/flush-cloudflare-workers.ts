// Cloudflare Workers: hand the flush to ctx.waitUntil so the response is not delayed and the isolate stays
// alive until the spans are delivered (no timer has to fire after the response). In a real Worker,
// `import { HoneyHiveTracer } from "honeyhive"` resolves the runtime-neutral build (the `workerd` condition)
// and the Workers runtime calls `fetch(request, env, ctx)`; here a few lines play the runtime's part.
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { HoneyHiveTracer, enrichSpan, flushWithWaitUntil, trace } from "honeyhive";

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

const tracer = new HoneyHiveTracer({ apiKey: process.env.HH_API_KEY, serverUrl: process.env.HH_API_URL, sessionName: "worker" });

const answer = trace(async (question: string) => {
  enrichSpan({ metadata: { length: question.length } });
  return `You asked: ${question}`;
}, { eventName: "answer", eventType: "chain", inputNames: ["question"] });

const worker = {
  async fetch(request: Request, _env: unknown, ctx: ExecutionContext): Promise<Response> {
    const question = new URL(request.url).searchParams.get("q") ?? "";
    const body = await tracer.withSession({ sessionName: `worker ${question}` }, () => answer(question));
    flushWithWaitUntil(ctx, { tracer }); // returns at once; the runtime waits for it after the response
    return new Response(body);
  },
};

// The runtime's part: serve two requests, then wait for what they handed to waitUntil.
const waitUntil: Promise<unknown>[] = [];
const ctx: ExecutionContext = { waitUntil: (promise) => void waitUntil.push(promise) };
const responses = await Promise.all(["hello", "bye"].map((q) => worker.fetch(new Request(`https://worker.example/?q=${q}`), {}, ctx)));
console.log(`responses: ${(await Promise.all(responses.map((r) => r.text()))).join(" | ")}`);
for (const report of await Promise.all(waitUntil)) console.log("flush report:", report);
await localBackend.report();
