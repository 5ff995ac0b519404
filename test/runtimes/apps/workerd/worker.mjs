// Cloudflare Workers row (workerd, with nodejs_compat, and without it but with the lighter nodejs_als flag): a module
// worker; the tracer is built on the first request (I/O is not allowed at global scope), the flush runs after the
// response through ctx.waitUntil (flushWithWaitUntil). Without nodejs_compat, AsyncLocalStorage is reachable only as an import of
// node:async_hooks (nodejs_als), so the worker hands it over as the global the SDK looks for (as Vercel Edge has it).
import { AsyncLocalStorage } from "node:async_hooks";
import { flushWithWaitUntil } from "honeyhive";
import { createRowTracer, diagnoseRow, requestNumber, runRequest, wantsDiagnosis } from "../shared/work.mjs";

globalThis.AsyncLocalStorage ??= AsyncLocalStorage;
let tracer;

export default {
  async fetch(request, env, ctx) {
    tracer ??= createRowTracer({ url: env.HH_API_URL, row: env.ROW });
    if (wantsDiagnosis(request.url)) return Response.json(await diagnoseRow({ url: env.HH_API_URL, row: env.ROW }));
    const answer = await runRequest(tracer, requestNumber(request.url));
    flushWithWaitUntil(ctx, { tracer });
    return Response.json(answer);
  },
};
