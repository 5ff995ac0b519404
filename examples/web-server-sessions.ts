// One tracer serving a web server: every request gets its own session with withSession(), concurrent
// requests never mix, and a distributed caller's trace is continued from the request headers.
import { createServer } from "node:http";
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
