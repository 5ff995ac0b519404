// The two apps scripts/check-otel-api.mjs runs in each installed project: the same program as an ES module
// (`import`: honeyhive's ESM build, which imports @opentelemetry/api's ES module build where the API has one, 1.10) and
// as CommonJS (`require`: honeyhive's CJS build). Each registers the official http instrumentation with its tracer,
// calls a traced function that makes one http request, flushes, and exits 0 only if the export was accepted and
// diagnose() found no problem (context manager, the API's registry, the instrumentation's spans). It prints its Node
// version and which builds of @opentelemetry/api the process loaded ("mjs+cjs": two module instances, which share
// their state through the API's global registry). node:http is required after the tracer exists: the
// instrumentation patches it through a require hook.

const BODY = `
const loadedApiBuilds = (esmResolved) => {
  const cjs = Object.keys(require.cache).some((file) => /@opentelemetry.api./.test(file));
  return [esmResolved && esmResolved.endsWith(".mjs") ? "mjs" : undefined, cjs ? "cjs" : undefined].filter(Boolean).join("+");
};
const tracer = new HoneyHiveTracer({ sessionName: process.env.HH_CHECK_SESSION, instrumentations: [new HttpInstrumentation()] });
const http = requireHttp();

const callTarget = trace(function callTarget(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode));
    }).on("error", reject);
  });
});

async function main() {
  console.log(\`node \${process.versions.node}\`);
  const status = await callTarget(process.env.HH_CHECK_TARGET);
  console.log(\`api builds \${loadedApiBuilds(esmApi)}\`);
  const diagnosis = await diagnose({ backend: false });
  for (const c of diagnosis.checks) if (c.status === "problem") console.error(\`diagnose: \${c.id}: \${c.summary}\`);
  const sent = await tracer.flush();
  await tracer.shutdown();
  if (status !== 200 || !sent || !diagnosis.ok) {
    console.error(\`status \${status}, flush \${sent}, diagnose ok \${diagnosis.ok}\`);
    process.exitCode = 3;
  }
}
`;

/** The ES module app (app.mjs). */
export const APP_ESM = `import { createRequire } from "node:module";
import { HoneyHiveTracer, diagnose, trace } from "honeyhive";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";

const require = createRequire(import.meta.url);
const requireHttp = () => require("node:http");
const esmApi = import.meta.resolve("@opentelemetry/api");
${BODY}
await main();
`;

/** The CommonJS app (app.cjs). */
export const APP_CJS = `"use strict";
const { HoneyHiveTracer, diagnose, trace } = require("honeyhive");
const { HttpInstrumentation } = require("@opentelemetry/instrumentation-http");

const requireHttp = () => require("node:http");
const esmApi = undefined;
${BODY}
main();
`;
