// One tracer serving a web server: every request gets its own session with withSession(), concurrent
// requests never mix, and a distributed caller's trace is continued from the request headers.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { HoneyHiveTracer, enrichSession, trace } from "honeyhive";

const tracer = new HoneyHiveTracer({ apiKey: process.env.HH_API_KEY, sessionName: "api" });

const handle = trace(
  async function handle(path: string): Promise<string> {
    await enrichSession({ metadata: { path } }); // this request's session
    return `hello from ${path}`;
  },
  { eventType: "chain" },
);

export const server = createServer((req, res) => {
  void tracer.withExtractedContext(req.headers as Record<string, string>, () =>
    tracer.withSession({ sessionName: `request ${req.url}` }, async () => {
      res.end(await handle(req.url ?? "/"));
    }),
  );
});

// Serve two concurrent requests, then stop.
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const replies = await Promise.all(["/orders", "/users"].map(async (path) => (await fetch(`${base}${path}`)).text()));
console.log(`replies: ${replies.join(" | ")}`);
await new Promise((resolve) => server.close(resolve));
await tracer.flush();
await localBackend.report();
