// The experiment runners the peer benchmark compares (bench/experiment-peers.mjs): this SDK's evaluate(), Braintrust's
// Eval, LangSmith's evaluate and Langfuse's experiment runner, each written as its documentation shows, uploading to
// its own prefix of the loopback sink (sink.mjs). Every runner runs the same work (bench/evaluate-workload.mjs: a
// trivial task over the same rows and the same two evaluators, the same concurrency) and resolves once everything it
// sent was delivered (each SDK's own flush). `setup()` runs once per process; `run(rows)` runs one experiment.

const concurrencyOf = (config) => config.concurrency;

/** HoneyHive: `evaluate()` of the build at `config.honeyhiveDist` (the working tree's, unless a side is given). */
async function honeyhive(config, work) {
  const { evaluate } = await import(config.honeyhiveDist);
  const serverUrl = `${config.sinkUrl}/honeyhive`;
  return {
    run: (rows) => evaluate({
      name: "experiment-peers", apiKey: "bench-key", serverUrl, dataset: rows, function: work.task,
      evaluators: [work.exact, work.magnitude], maxConcurrency: concurrencyOf(config),
    }),
  };
}

/** Braintrust: `Eval()` with two scorers; the sink answers the SDK's own login and experiment registration. */
async function braintrust(config, work) {
  const { Eval, flush, login } = await import("braintrust");
  const appUrl = `${config.sinkUrl}/braintrust`;
  await login({ apiKey: "bt-bench", appUrl, forceLogin: true });
  const scores = [
    ({ input, output, expected }) => ({ name: "exact", score: work.exact(output, input, expected) ? 1 : 0 }),
    async ({ output }) => {
      const m = await work.magnitude(output);
      return { name: "magnitude", score: m.score, metadata: { explanation: m.explanation } };
    },
  ];
  return {
    run: async (rows) => {
      await Eval("experiment-peers", {
        data: rows.map((row) => ({ input: row.inputs, expected: row.ground_truth })),
        task: (input) => work.task(input),
        scores,
        maxConcurrency: concurrencyOf(config),
      }, { progress: silentProgress(), reporter: silentReporter() });
      await flush();
    },
  };
}

/** Braintrust's progress bar and report, silenced (the benchmark's output is its own table). */
function silentProgress() {
  return { start: () => undefined, stop: () => undefined, increment: () => undefined, setTotal: () => undefined };
}

function silentReporter() {
  return { name: "silent", reportEval: () => true, reportRun: () => true };
}

/** LangSmith: `evaluate()` over examples given as a list, with a client pointed at the sink. */
async function langsmith(config, work) {
  const { Client } = await import("langsmith");
  const { evaluate } = await import("langsmith/evaluation");
  const { randomUUID } = await import("node:crypto");
  const client = new Client({ apiUrl: `${config.sinkUrl}/langsmith`, apiKey: "ls-bench", autoBatchTracing: true });
  const datasetId = randomUUID();
  const evaluators = [
    ({ run, example }) => ({ key: "exact", score: work.exact(run.outputs?.result, example.inputs, example.outputs) ? 1 : 0 }),
    async ({ run }) => {
      const m = await work.magnitude(run.outputs?.result);
      return { key: "magnitude", score: m.score, comment: m.explanation };
    },
  ];
  const created = new Date().toISOString();
  return {
    run: async (rows) => {
      const examples = rows.map((row) => ({ id: randomUUID(), dataset_id: datasetId, inputs: row.inputs, outputs: row.ground_truth, created_at: created, modified_at: created, runs: [] }));
      await evaluate(async (inputs) => ({ result: await work.task(inputs) }), {
        data: examples, evaluators, client, maxConcurrency: concurrencyOf(config), experimentPrefix: "experiment-peers",
      });
      await client.awaitPendingTraceBatches();
    },
  };
}

/** Langfuse: `langfuse.experiment.run()`; its traces go through its OpenTelemetry span processor, scores through its client. */
async function langfuse(config, work) {
  const { NodeTracerProvider } = await import("@opentelemetry/sdk-trace-node");
  const { LangfuseSpanProcessor } = await import("@langfuse/otel");
  const { LangfuseClient } = await import("@langfuse/client");
  const baseUrl = `${config.sinkUrl}/langfuse`;
  const keys = { publicKey: "pk-lf-bench", secretKey: "sk-lf-bench", baseUrl };
  const processor = new LangfuseSpanProcessor(keys);
  const provider = new NodeTracerProvider({ spanProcessors: [processor] });
  provider.register();
  const client = new LangfuseClient(keys);
  const evaluators = [
    async ({ input, output, expectedOutput }) => ({ name: "exact", value: work.exact(output, input, expectedOutput) ? 1 : 0 }),
    async ({ output }) => {
      const m = await work.magnitude(output);
      return { name: "magnitude", value: m.score, comment: m.explanation };
    },
  ];
  return {
    run: async (rows) => {
      await client.experiment.run({
        name: "experiment-peers",
        data: rows.map((row) => ({ input: row.inputs, expectedOutput: row.ground_truth })),
        task: ({ input }) => work.task(input),
        evaluators,
        maxConcurrency: concurrencyOf(config),
      });
      await processor.forceFlush();
      await client.flush();
    },
  };
}

/** The runners by name, in the report's order. */
export const RUNNERS = { honeyhive, braintrust, langsmith, langfuse };
