// Deno row: Deno.serve; each request runs in its own session and flushes before answering.
import { createRowTracer, diagnoseRow, requestNumber, runRequest, wantsDiagnosis } from "../shared/work.mjs";

const env = Deno.env.toObject();
const tracer = createRowTracer({ url: env.HH_API_URL, row: env.ROW });

Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(JSON.stringify({ port })) },
  async (request) => {
    if (wantsDiagnosis(request.url)) return Response.json(await diagnoseRow({ url: env.HH_API_URL, row: env.ROW }));
    const answer = await runRequest(tracer, requestNumber(request.url));
    return Response.json({ ...answer, flushed: await tracer.flush() });
  },
);
