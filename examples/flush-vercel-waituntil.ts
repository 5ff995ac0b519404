// Vercel Functions (and Vercel Edge): waitUntil from @vercel/functions keeps the function alive after the
// response until the flush is done. `flushWithWaitUntil` accepts the function itself. Here a stand-in
// collects the promises the way the platform does, so the example runs anywhere.
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { HoneyHiveTracer, flushWithWaitUntil, trace } from "honeyhive";

const pending: Promise<unknown>[] = [];
const waitUntil = (promise: Promise<unknown>): void => void pending.push(promise); // import { waitUntil } from "@vercel/functions"

const tracer = new HoneyHiveTracer({ apiKey: process.env.HH_API_KEY, serverUrl: process.env.HH_API_URL, sessionName: "vercel" });
const greet = trace(async (name: string) => `hello ${name}`, { eventName: "greet", inputNames: ["name"] });

export async function GET(request: Request): Promise<Response> {
  const name = new URL(request.url).searchParams.get("name") ?? "world";
  const text = await tracer.withSession({ sessionName: `greet ${name}` }, () => greet(name));
  flushWithWaitUntil(waitUntil, { tracer });
  return new Response(text);
}

console.log("response:", await (await GET(new Request("https://app.example/?name=vercel"))).text());
for (const report of await Promise.all(pending)) console.log("flush report:", report);
await localBackend.report();
