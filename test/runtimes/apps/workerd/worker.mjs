// Cloudflare Workers row (workerd, with and without nodejs_compat): a module worker; the tracer is built on the first
// request (I/O is not allowed at global scope), the flush runs after the response through ctx.waitUntil.
import { createRowTracer, requestNumber, runRequest } from "../shared/work.mjs";

let tracer;

export default {
  async fetch(request, env, ctx) {
    tracer ??= createRowTracer({ url: env.HH_API_URL, row: env.ROW });
    const answer = await runRequest(tracer, requestNumber(request.url));
    ctx.waitUntil(tracer.flush());
    return Response.json(answer);
  },
};
