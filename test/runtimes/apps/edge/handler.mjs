// Vercel Edge row: a fetch-event handler run by the `edge-runtime` package (the Edge runtime's primitives);
// the flush runs after the response through event.waitUntil (flushWithWaitUntil).
import { flushWithWaitUntil } from "honeyhive";
import { createRowTracer, diagnoseRow, requestNumber, runRequest, wantsDiagnosis } from "../shared/work.mjs";

const tracer = createRowTracer({ url: process.env.HH_API_URL, row: process.env.ROW });

addEventListener("fetch", (event) => {
  if (wantsDiagnosis(event.request.url)) return event.respondWith(diagnoseRow({ url: process.env.HH_API_URL, row: process.env.ROW }).then((d) => Response.json(d)));
  event.respondWith(
    runRequest(tracer, requestNumber(event.request.url)).then((answer) => {
      flushWithWaitUntil(event, { tracer });
      return Response.json(answer);
    }),
  );
});
