// Next.js (App Router, nodejs or edge runtime): flushAfter(after) flushes once the response has been sent,
// so spans that end while the response streams are included and the user does not wait for the export.
// In a route file: `import { after } from "next/server"`; here a stand-in runs the after() tasks the way
// Next.js does (after the response), so the example runs without a Next.js server.
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { HoneyHiveTracer, flushAfter, trace } from "honeyhive";

const afterTasks: Array<() => Promise<unknown>> = [];
const after = (task: () => Promise<unknown>): void => void afterTasks.push(task); // next/server's after()

// instrumentation.ts (or module scope of the route): one tracer for the app.
const tracer = new HoneyHiveTracer({ apiKey: process.env.HH_API_KEY, serverUrl: process.env.HH_API_URL, sessionName: "next-app" });

const summarize = trace(async (text: string) => text.split(" ").slice(0, 3).join(" "), { eventName: "summarize", inputNames: ["text"] });

// app/api/summary/route.ts
export async function POST(request: Request): Promise<Response> {
  const { text } = (await request.json()) as { text: string };
  const summary = await tracer.withSession({ sessionName: "summary" }, () => summarize(text));
  flushAfter(after, { tracer });
  return Response.json({ summary });
}

const response = await POST(new Request("https://app.example/api/summary", { method: "POST", body: JSON.stringify({ text: "one two three four five" }) }));
console.log("response:", await response.json());
for (const task of afterTasks) console.log("flush report:", await task()); // what Next.js does after the response
await localBackend.report();
