/**
 * One cell of the helper matrix (`openai-helpers.test.ts`), in a process of its own (instrumentations patch the
 * client's classes process-wide): `node --import tsx openai-helpers-setup.ts <route> <copy>`.
 * - route `modules`: `instrumentModules: { openAI }` with both OpenAI instrumentation packages installed (the SDK
 *   chooses); `modules+traceloop`: the same with OpenLLMetry's registered by the app (its choice); `manual:<package>`:
 *   the app registers `traceloop` or `openinference` in `instrumentations` and calls its `manuallyInstrument` itself.
 * - copy `esm6` (`import { OpenAI } from "openai"`, 6.x), `cjs6` (`require("openai")`), `esm7` (openai 7.x).
 * Prints one JSON line: each helper's outcome, the spans per instrumentation scope.
 */
import { createRequire } from "node:module";
import { OpenAIInstrumentation as OpenInference } from "@arizeai/openinference-instrumentation-openai";
import { OpenAIInstrumentation as Traceloop } from "@traceloop/instrumentation-openai";
import { diagnose } from "../../packages/honeyhive/src/index";
import { setupTracer, withFakeOpenAI } from "../diagnose/setups/report";
import { runOpenAIHelpers } from "./openai-helpers";

const [route = "modules", copy = "esm6"] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const OpenAI = copy === "cjs6" ? require("openai").OpenAI : copy === "esm7" ? (await import("openai-v7")).OpenAI : (await import("openai")).OpenAI;

const instrumentation = route.endsWith("traceloop") ? new Traceloop() : route.endsWith("openinference") ? new OpenInference() : undefined;
const tracer = setupTracer({
  instrumentations: instrumentation ? [instrumentation] : [],
  ...(route.startsWith("modules") ? { instrumentModules: { openAI: OpenAI } } : {}),
});
if (route.startsWith("manual:")) instrumentation!.manuallyInstrument(OpenAI);

let outcomes: Awaited<ReturnType<typeof runOpenAIHelpers>> = [];
await withFakeOpenAI(tracer, async (baseURL) => {
  outcomes = await runOpenAIHelpers(new OpenAI({ baseURL, apiKey: "sk-test", maxRetries: 0 }));
});
const diagnosis = await diagnose({ backend: false });
process.stdout.write(`${JSON.stringify({ outcomes, spansByScope: diagnosis.spansByScope, checks: diagnosis.checks.filter((c) => c.status === "problem") })}\n`);
await tracer.shutdown(1000);
