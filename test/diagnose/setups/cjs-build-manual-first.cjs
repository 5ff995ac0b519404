// Working (spans; its helpers are not guarded: diagnose() reports client-helpers), through the published CommonJS build (dist/index.cjs): the app imports `openai` as an ES module and patches
// it with OpenInference's `manuallyInstrument` before giving the instrumentation to the tracer, so the only evidence
// is the patched ES module itself, which diagnose() must read through a native import() from the CommonJS build.
const { OpenAIInstrumentation } = require("@arizeai/openinference-instrumentation-openai");
const { HoneyHiveTracer, diagnose } = require("honeyhive");

(async () => {
  const openai = await import("openai");
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.manuallyInstrument(openai);
  new HoneyHiveTracer({ sessionName: "cjs-build", skipSessionStart: true, logSink: () => undefined, instrumentations: [instrumentation] });
  const diagnosis = await diagnose({ backend: false });
  process.stdout.write(`${JSON.stringify({ label: "patched before registering", diagnosis })}\n`);
})();
