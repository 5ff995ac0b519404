// Row edge-route: an App Router route on the edge runtime, with the tracer built in the route; the flush runs after the response with flushAfter(after).
import { after } from "next/server";
import { flushAfter } from "honeyhive";
import { createRowTracer, diagnoseRow, requestNumber, runRequest, wantsDiagnosis } from "../../../shared/work.mjs";

export const runtime = "edge";
export const dynamic = "force-dynamic";

let tracer;
export async function GET(request) {
  tracer ??= createRowTracer({ url: process.env.HH_API_URL, row: "next-edge-route" });
  if (wantsDiagnosis(request.url)) return Response.json(await diagnoseRow({ url: process.env.HH_API_URL, row: "next-edge-route" }));
  const answer = await runRequest(tracer, requestNumber(request.url));
  flushAfter(after, { tracer });
  return Response.json(answer);
}
