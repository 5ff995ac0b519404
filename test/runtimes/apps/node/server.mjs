// Node row (20, 22, 24): a node:http server; each request runs in its own session and flushes before answering.
import { createServer } from "node:http";
import { createRowTracer, diagnoseRow, requestNumber, runRequest, wantsDiagnosis } from "../shared/work.mjs";

const tracer = createRowTracer({ url: process.env.HH_API_URL, row: process.env.ROW });

const server = createServer(async (req, res) => {
  if (wantsDiagnosis(req.url)) return void res.end(JSON.stringify(await diagnoseRow({ url: process.env.HH_API_URL, row: process.env.ROW })));
  const answer = await runRequest(tracer, requestNumber(req.url));
  const flushed = await tracer.flush();
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ ...answer, flushed }));
});
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
