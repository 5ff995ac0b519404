#!/usr/bin/env node
// Captures the LangChain content-block fixtures of ChatBedrockConverse and ChatGoogleGenerativeAI
// (test/fixtures/genai/langchain-content-blocks/chat-bedrock-converse.json, chat-google-genai.json): the LLM run spans
// OpenInference's LangChain instrumentation records for a tool-call turn and the answer after the tool result, invoked
// and streamed. Bedrock's client is replaced by one answering as the Converse API does; Gemini's API is a loopback server.
// (ChatAnthropic's fixture comes from the langgraph-anthropic framework stack.)
//
// Not run by the tests. In a scratch folder:
//   npm install @langchain/aws@1.4.5 @langchain/google-genai@2.3.2 @langchain/core@1.4.0 \
//     @arizeai/openinference-instrumentation-langchain@4.1.1 @opentelemetry/api@1.9.1 @opentelemetry/sdk-trace-base@2.2.0 zod@4.6.7
//   node <repo>/scripts/genai-fixtures/langchain-content-blocks.mjs <repo>/test/fixtures/genai/langchain-content-blocks
// then review the diff (the tests' expectations are written by hand).
import { createServer } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import * as CallbackManagerModule from "@langchain/core/callbacks/manager";
import { awaitAllCallbacks } from "@langchain/core/callbacks/promises";
import { HumanMessage, ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { ChatBedrockConverse } from "@langchain/aws";
import { ChatGoogleGenerativeAI } from "@langchain/google-genai";
import { z } from "zod";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const lc = new LangChainInstrumentation({ tracerProvider: provider });
lc.setTracerProvider(provider);
lc.manuallyInstrument(CallbackManagerModule);

const lookup = tool(async ({ word }) => `definition of ${word}`, { name: "lookup", description: "Looks a word up.", schema: z.object({ word: z.string() }) });
const afterTool = (messages) => messages.length > 0 && JSON.stringify(messages.at(-1)).includes("toolResult");

// Bedrock Converse: a client whose send() answers as the Converse API does (the real @langchain/aws conversion runs)
let n = 0;
const bedrockClient = {
  config: {},
  async send(command) {
    const input = command.input;
    const tool = !afterTool(input.messages ?? []);
    const id = `tooluse_${++n}`;
    const usage = { inputTokens: 5, outputTokens: 7, totalTokens: 12 };
    if (command.constructor.name === "ConverseCommand") {
      const content = tool
        ? [{ reasoningContent: { reasoningText: { text: "The user wants a definition.", signature: "sig" } } }, { text: "Looking it up." }, { toolUse: { toolUseId: id, name: "lookup", input: { word: "unit-0/a" } } }]
        : [{ text: "echo: unit-0/a" }];
      return { output: { message: { role: "assistant", content } }, stopReason: tool ? "tool_use" : "end_turn", usage, metrics: { latencyMs: 10 }, $metadata: {} };
    }
    const events = [{ messageStart: { role: "assistant" } }];
    if (tool) {
      events.push({ contentBlockDelta: { contentBlockIndex: 0, delta: { text: "Looking" } } }, { contentBlockDelta: { contentBlockIndex: 0, delta: { text: " it up." } } }, { contentBlockStop: { contentBlockIndex: 0 } });
      events.push({ contentBlockStart: { contentBlockIndex: 1, start: { toolUse: { toolUseId: id, name: "lookup" } } } }, { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: "{\"word\":\"unit-0/b\"}" } } } }, { contentBlockStop: { contentBlockIndex: 1 } });
    } else {
      events.push({ contentBlockDelta: { contentBlockIndex: 0, delta: { text: "echo:" } } }, { contentBlockDelta: { contentBlockIndex: 0, delta: { text: " unit-0/b" } } }, { contentBlockStop: { contentBlockIndex: 0 } });
    }
    events.push({ messageStop: { stopReason: tool ? "tool_use" : "end_turn" } }, { metadata: { usage, metrics: { latencyMs: 10 } } });
    return { stream: (async function* () { for (const e of events) yield e; })(), $metadata: {} };
  },
};

// Gemini: a loopback server answering generateContent / streamGenerateContent (the real @google/generative-ai client runs)
const gemini = createServer(async (req, res) => {
  let body = ""; for await (const c of req) body += c;
  const parsed = JSON.parse(body);
  const last = parsed.contents.at(-1);
  const tool = !JSON.stringify(last).includes("functionResponse");
  const stream = req.url.includes("streamGenerateContent");
  const word = stream ? "unit-0/b" : "unit-0/a";
  const parts = tool ? [{ text: "Looking it up." }, { functionCall: { name: "lookup", args: { word } } }] : [{ text: `echo: ${word}` }];
  const usageMetadata = { promptTokenCount: 5, candidatesTokenCount: 7, totalTokenCount: 12 };
  const answer = (p, finish) => ({ candidates: [{ content: { role: "model", parts: p }, ...(finish ? { finishReason: "STOP" } : {}), index: 0 }], usageMetadata });
  if (!stream) { res.writeHead(200, { "content-type": "application/json" }); res.end(JSON.stringify(answer(parts, true))); return; }
  res.writeHead(200, { "content-type": "text/event-stream" });
  parts.forEach((p, i) => res.write(`data: ${JSON.stringify(answer([p], i === parts.length - 1))}\r\n\r\n`));
  res.end();
});
await new Promise((r) => gemini.listen(0, "127.0.0.1", r));
const geminiUrl = `http://127.0.0.1:${gemini.address().port}`;

/** The four LLM run spans of `model`: tool-call turn and answer, invoked then streamed. */
async function run(model) {
  exporter.reset();
  const bound = model.bindTools([lookup]);
  const first = await bound.invoke([new HumanMessage("unit-0/a")]);
  const call = first.tool_calls[0];
  await bound.invoke([new HumanMessage("unit-0/a"), first, new ToolMessage({ content: `definition of ${call.args.word}`, tool_call_id: call.id ?? "call", name: "lookup" })]);
  let chunk;
  for await (const c of await bound.stream([new HumanMessage("unit-0/b")])) chunk = chunk === undefined ? c : chunk.concat(c);
  const streamedCall = chunk.tool_calls[0];
  let answer;
  for await (const c of await bound.stream([new HumanMessage("unit-0/b"), chunk, new ToolMessage({ content: `definition of ${streamedCall.args.word}`, tool_call_id: streamedCall.id ?? "call", name: "lookup" })])) answer = answer === undefined ? c : answer.concat(c);
  await awaitAllCallbacks();
  const names = ["tool-call turn", "answer after the tool result", "streamed tool-call turn", "streamed answer after the tool result"];
  const spans = exporter.getFinishedSpans().filter((s) => s.attributes["openinference.span.kind"] === "LLM");
  return spans.map((s, i) => ({ call: names[i], name: s.name, scope: s.instrumentationScope.name, attributes: s.attributes }));
}

const version = (p) => JSON.parse(readFileSync(`node_modules/${p}/package.json`, "utf8")).version;
const bedrock = await run(new ChatBedrockConverse({ model: "anthropic.claude-test-v1:0", region: "us-east-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" }, client: bedrockClient }));
const google = await run(new ChatGoogleGenerativeAI({ model: "gemini-test", apiKey: "test-key", baseUrl: geminiUrl, maxRetries: 0 }));
gemini.close();
const outDir = process.argv[2] ?? ".";
const notes = {
  bedrock: "LLM run spans of ChatBedrockConverse (@langchain/aws) with a tool bound, as OpenInference's LangChain instrumentation records them: invoked and streamed, each a tool-call turn (a reasoning block, a text block, a toolUse) and the answer after the tool result. The Bedrock Runtime client is replaced by one whose send() answers ConverseCommand / ConverseStreamCommand as the Converse API does (the real @langchain/aws conversion runs). Captured by scripts/genai-fixtures/langchain-content-blocks.mjs.",
  google: "LLM run spans of ChatGoogleGenerativeAI (@langchain/google-genai) with a tool bound, as OpenInference's LangChain instrumentation records them: invoked and streamed, each a tool-call turn (a text part and a functionCall part) and the answer after the tool result, against a loopback Gemini API (generateContent, streamGenerateContent SSE). Captured by scripts/genai-fixtures/langchain-content-blocks.mjs.",
};
const common = ["@langchain/core", "@arizeai/openinference-instrumentation-langchain"];
const write = (file, note, packages, spans) => writeFileSync(join(outDir, file), JSON.stringify({ note, packages: Object.fromEntries(packages.map((p) => [p, version(p)])), spans }, null, 1));
write("chat-bedrock-converse.json", notes.bedrock, ["@langchain/aws", "@aws-sdk/client-bedrock-runtime", ...common], bedrock);
write("chat-google-genai.json", notes.google, ["@langchain/google-genai", "@google/generative-ai", ...common], google);
console.log(`captured ${bedrock.length} + ${google.length} spans into ${outDir}`);
