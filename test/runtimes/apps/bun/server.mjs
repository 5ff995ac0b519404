// Bun row: Bun.serve; each request runs in its own session and flushes before answering.
import { createRowTracer, diagnoseRow, requestNumber, runRequest, wantsDiagnosis } from "../shared/work.mjs";

const tracer = createRowTracer({ url: process.env.HH_API_URL, row: process.env.ROW });

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(request) {
    if (wantsDiagnosis(request.url)) return Response.json(await diagnoseRow({ url: process.env.HH_API_URL, row: process.env.ROW }));
    const answer = await runRequest(tracer, requestNumber(request.url));
    return Response.json({ ...answer, flushed: await tracer.flush() });
  },
});
console.log(JSON.stringify({ port: server.port }));
