// Plays the Lambda service for lambda/handler.mjs: 20 concurrent invocations, then the process freezes itself
// (SIGSTOP) the moment the last one has returned, as a Lambda sandbox is frozen. Whatever the handler did not send
// before returning never arrives. The harness reads the "returned" line, inspects the recorder, then kills us.
import { writeSync } from "node:fs";
import { handler } from "./handler.mjs";

const requests = Number(process.env.REQUESTS ?? 20);
const context = { functionName: "matrix", awsRequestId: "0", getRemainingTimeInMillis: () => 30_000 };
const answers = await Promise.all(Array.from({ length: requests }, (_, request) => handler({ request }, { ...context, awsRequestId: String(request) })));
const wrong = answers.filter((answer, i) => answer?.request !== i).length;
writeSync(1, `${JSON.stringify({ returned: answers.length, wrong })}\n`);
process.kill(process.pid, "SIGSTOP");
