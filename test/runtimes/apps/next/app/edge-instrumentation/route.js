// Row edge-instrumentation: an App Router route on the edge runtime, with the tracer from instrumentation.js; the flush runs after the response with flushAfter(after).
import { after } from "next/server";
import { flushAfter, getDefaultTracer } from "honeyhive";
import { diagnoseRow, requestNumber, runRequest, wantsDiagnosis } from "../../../shared/work.mjs";

export const runtime = "edge";
export const dynamic = "force-dynamic";

export async function GET(request) {
  const tracer = getDefaultTracer();
  if (wantsDiagnosis(request.url)) return Response.json(await diagnoseRow({ url: process.env.HH_API_URL, row: "next-edge-instrumentation" }));
  const answer = await runRequest(tracer, requestNumber(request.url));
  flushAfter(after, { tracer });
  return Response.json(answer);
}
