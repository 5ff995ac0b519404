// Lambda row: a handler as AWS Lambda's Node runtime calls it (event, context); it flushes before it returns,
// because the sandbox is frozen as soon as the returned promise settles.
import { createRowTracer, runRequest } from "../shared/work.mjs";

const tracer = createRowTracer({ url: process.env.HH_API_URL, row: process.env.ROW });

export async function handler(event) {
  try {
    return await runRequest(tracer, event.request);
  } finally {
    await tracer.flush();
  }
}
