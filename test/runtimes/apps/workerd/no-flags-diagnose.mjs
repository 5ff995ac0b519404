// workerd with no compatibility flag at all: no AsyncLocalStorage anywhere. The Worker builds a tracer and answers
// with diagnose(): the harness expects exactly the "async-local-storage" problem, with the Workers fix.
import { createRowTracer, diagnoseRow } from "../shared/work.mjs";

let tracer;

export default {
  async fetch(request, env) {
    tracer ??= createRowTracer({ url: env.HH_API_URL, row: env.ROW });
    return Response.json(await diagnoseRow({ url: env.HH_API_URL, row: env.ROW }));
  },
};
