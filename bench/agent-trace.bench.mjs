// Building an evaluator's trace of a 200-step agent (100 model calls, 100 tool calls, in one chain), from the ended
// spans a datapoint's tracer keeps: real OpenTelemetry SDK spans and the SDK's own tool spans; each model call sends
// the whole conversation so far (the last one 200 messages), recorded two ways: the OTel GenAI conventions (the
// conversation one JSON attribute) and OpenInference's (one attribute per message field: the last call has 400).
// Measures, per dialect, the first full read of the trace (tool calls with parsed arguments and results, model calls
// with tokens and cost priced by the dev server's table, steps, totals, spans), as an evaluator reading
// `trace.toolCalls` pays it:
// - "build": what an evaluator waits for in a run whose evaluators read traces: the session's spans were read ahead,
//   each as it went to export (processing/session-spans.ts, decision record 0082), and the trace is built from them.
//   Goal: under 1 ms.
// - "read ahead": what reading those 200 spans ahead cost, spread over the agent's run (paid at each span's end, only
//   by the datapoint tracers of a run whose evaluators read a trace).
// - "cold build": the trace of spans not read ahead (the first datapoints of a run, before an evaluator read a trace).
// Run: node --import tsx bench/agent-trace.bench.mjs
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { context, trace } from "@opentelemetry/api";
import { buildAgentTrace } from "../packages/honeyhive/src/agent-trace/build-trace.ts";
import { spanTraceEventReadAhead } from "../packages/honeyhive/src/agent-trace/span-trace-event.ts";
import { RunSpanReader, SessionSpans } from "../packages/honeyhive/src/processing/session-spans.ts";
import { modelCallCost } from "../packages/dev-server/src/model-priced.ts";

const STEPS = 200;
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const llmTracer = provider.getTracer("@arizeai/openinference-instrumentation-openai");
const sdkTracer = provider.getTracer("honeyhive");

function conversationAttributes(messages) {
  const attributes = {};
  messages.forEach((m, i) => {
    attributes[`llm.input_messages.${i}.message.role`] = m.role;
    attributes[`llm.input_messages.${i}.message.content`] = m.content;
  });
  return attributes;
}

const DIALECTS = {
  otelGenAi: (messages, args, step) => ({
    "gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-4o-mini", "gen_ai.response.model": "gpt-4o-mini",
    "gen_ai.usage.input_tokens": 120 + step * 30, "gen_ai.usage.output_tokens": 18,
    "gen_ai.input.messages": JSON.stringify(messages.map((m) => ({ role: m.role, parts: [{ type: "text", content: m.content }] }))),
    "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "tool_call", id: `call_${step}`, name: "refund_order", arguments: JSON.parse(args) }], finish_reason: "tool_call" }]),
  }),
  openInference: (messages, args, step) => ({
    "openinference.span.kind": "LLM", "llm.model_name": "gpt-4o-mini", "llm.provider": "openai", "llm.system": "openai",
    "llm.token_count.prompt": 120 + step * 30, "llm.token_count.completion": 18, "llm.token_count.total": 138 + step * 30,
    ...conversationAttributes(messages),
    "llm.output_messages.0.message.role": "assistant",
    "llm.output_messages.0.message.tool_calls.0.tool_call.id": `call_${step}`,
    "llm.output_messages.0.message.tool_calls.0.tool_call.function.name": "refund_order",
    "llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments": args,
  }),
};

function recordAgent(modelAttributes) {
  const root = sdkTracer.startSpan("agent", { attributes: { honeyhive_event_type: "chain" } });
  const parent = trace.setSpan(context.active(), root);
  const messages = [{ role: "system", content: "You are a support agent." }, { role: "user", content: "refund every order of customer C7" }];
  for (let step = 0; step < STEPS / 2; step++) {
    const order = `A${step}`;
    const args = JSON.stringify({ order_id: order, amount: 25 + step });
    const llm = llmTracer.startSpan("chat gpt-4o-mini", { attributes: modelAttributes(messages, args, step) }, parent);
    llm.end();
    const tool = sdkTracer.startSpan("refund_order", {
      attributes: { honeyhive_event_type: "tool", "honeyhive_inputs.order_id": order, "honeyhive_inputs.amount": 25 + step, "honeyhive_outputs.refunded": 25 + step, "honeyhive_outputs.status": "ok" },
    }, parent);
    tool.end();
    messages.push({ role: "assistant", content: `calling refund_order(${args})` }, { role: "tool", content: `{"refunded":${25 + step}}` });
  }
  root.end();
  const spans = exporter.getFinishedSpans().slice();
  exporter.reset();
  return spans;
}

const pricer = (call) => modelCallCost(call);

function readAll(source) {
  const t = buildAgentTrace("session-1", source, { pricer });
  let n = 0;
  for (const call of t.toolCalls) n += call.arguments === undefined ? 0 : 1;
  for (const call of t.modelCalls) n += call.cost === undefined ? 0 : 1;
  return n + t.steps.length + t.spans.length + (t.totals.tokens ?? 0);
}

function check(source) {
  const t = buildAgentTrace("session-1", source, { pricer });
  if (t.toolCalls.length !== STEPS / 2 || t.modelCalls.length !== STEPS / 2 || t.steps.length !== STEPS) {
    throw new Error(`unexpected trace: ${t.toolCalls.length} tool calls, ${t.modelCalls.length} model calls, ${t.steps.length} steps`);
  }
  if (t.modelCalls.some((c) => c.cost === undefined) || t.toolCalls.some((c) => c.arguments?.order_id === undefined)) throw new Error("unpriced call or unread arguments");
  return JSON.stringify({ ...t, spans: t.spans.length });
}

/** The spans kept as a datapoint tracer of a run that reads traces keeps them: each read ahead as it goes to export. */
function keptAndReadAhead(spans) {
  const hub = new RunSpanReader();
  hub.installSpanReader((span) => spanTraceEventReadAhead(span, pricer));
  const kept = new SessionSpans(() => "session-1", 10_000, hub);
  for (const span of spans) {
    kept.add(span, span.attributes);
    kept.exported(span);
  }
  return kept;
}

/** CPU (this process's, user + system) and wall medians per call of `work`, in ms, over 9 rounds after a warm-up. */
function measure(work, iterations = 100) {
  for (let i = 0; i < 5 * iterations; i++) work(); // warm-up: the figure is the optimised code's
  const wall = [];
  const cpu = [];
  for (let r = 0; r < 9; r++) {
    const start = process.hrtime.bigint();
    const startCpu = process.cpuUsage();
    for (let i = 0; i < iterations; i++) work();
    const used = process.cpuUsage(startCpu);
    wall.push(Number(process.hrtime.bigint() - start) / iterations / 1e6);
    cpu.push((used.user + used.system) / iterations / 1e3);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return `CPU median ${cpu[4].toFixed(3)} ms (min ${cpu[0].toFixed(3)}), wall median ${wall[4].toFixed(3)} ms`;
}

console.log(`node ${process.version}; ${STEPS} steps (${STEPS / 2} model calls, ${STEPS / 2} tool calls), the last model call sending ${STEPS + 1} messages; goal: build < 1 ms`);
let sink = 0;
for (const [name, attributes] of Object.entries(DIALECTS)) {
  const spans = recordAgent(attributes);
  const cold = { spans, dropped: 0 };
  const ahead = keptAndReadAhead(spans);
  if (check(cold) !== check(ahead)) throw new Error(`${name}: the trace read ahead differs from the trace read at build`);
  const keys = spans.reduce((n, span) => n + Object.keys(span.attributes).length, 0);
  console.log(`${name}: ${spans.length} spans, ${keys} attributes`);
  console.log(`  build (spans read ahead)     ${measure(() => (sink += readAll(ahead)))}`);
  console.log(`  read ahead, all ${spans.length} spans    ${measure(() => (sink += keptAndReadAhead(spans).spans.length))}`);
  console.log(`  cold build (nothing ahead)   ${measure(() => (sink += readAll(cold)))}`);
}
if (sink < 0) console.log("!");
await provider.shutdown();
