// Next.js instrumentation hook: builds the tracer of the "-instrumentation" rows once per server runtime. It becomes
// the default tracer, which the routes under app/*-instrumentation find with getDefaultTracer().
import { createRowTracer } from "../shared/work.mjs";

export function register() {
  const row = process.env.NEXT_RUNTIME === "edge" ? "next-edge-instrumentation" : "next-node-instrumentation";
  createRowTracer({ url: process.env.HH_API_URL, row });
}
