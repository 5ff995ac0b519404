// Deno row: Deno.serve; each request runs in its own session and flushes before answering.
import { createRowTracer, requestNumber, runRequest } from "../shared/work.mjs";

const env = Deno.env.toObject();
const tracer = createRowTracer({ url: env.HH_API_URL, row: env.ROW });

Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(JSON.stringify({ port })) },
  async (request) => {
    const answer = await runRequest(tracer, requestNumber(request.url));
    return Response.json({ ...answer, flushed: await tracer.flush() });
  },
);
