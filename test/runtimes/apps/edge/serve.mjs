// Serves the bundled Edge handler (argv[2]) with the `edge-runtime` package on 127.0.0.1. Like Vercel's Edge runtime
// and Next.js's edge sandbox, the context gets `AsyncLocalStorage` as a global and `process.env` (only the variables
// the app needs).
import { AsyncLocalStorage } from "node:async_hooks";
import { readFileSync } from "node:fs";
import { EdgeRuntime, runServer } from "edge-runtime";

const env = { HH_API_URL: process.env.HH_API_URL, ROW: process.env.ROW };
const runtime = new EdgeRuntime({
  initialCode: readFileSync(process.argv[2], "utf8"),
  extend: (context) => Object.assign(context, { AsyncLocalStorage, process: { env } }),
});
const server = await runServer({ runtime, host: "127.0.0.1", port: 0 });
console.log(JSON.stringify({ port: Number(new URL(server.url).port) }));
