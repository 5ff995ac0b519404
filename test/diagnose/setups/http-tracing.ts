// Working: `httpTracing: true` (the official undici and http instrumentations): a fetch and a node:http call inside a span.
import type * as Http from "node:http";
import { createRequire } from "node:module";
import { report, setupTracer, withFakeOpenAI } from "./report";

const tracer = setupTracer({ httpTracing: true });
const http = createRequire(import.meta.url)("node:http") as typeof Http; // required after the tracer: patched
await report("before calls");
await withFakeOpenAI(tracer, async (baseURL) => {
  await (await fetch(`${baseURL}/missing`)).text();
  await new Promise<void>((done) => http.request(`${baseURL}/missing`, (res) => res.resume().on("end", done)).end());
});
await report("after calls");
