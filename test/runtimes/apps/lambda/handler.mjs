// Lambda row: a handler as AWS Lambda's Node runtime calls it (event, context), wrapped with withLambdaFlush so it
// flushes before it returns: the sandbox is frozen as soon as the returned promise settles.
import { withLambdaFlush } from "honeyhive";
import { createRowTracer, runRequest } from "../shared/work.mjs";

const tracer = createRowTracer({ url: process.env.HH_API_URL, row: process.env.ROW });

export const handler = withLambdaFlush((event) => runRequest(tracer, event.request), { tracer });
