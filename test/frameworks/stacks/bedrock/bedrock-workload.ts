/**
 * One datapoint's work for the bedrock stack, through the real `@aws-sdk/client-bedrock-runtime` client against the
 * loopback fake (`fake-bedrock-server.ts`): `a` Converse; `b` ConverseStream offering a tool (the model's tool use,
 * the tool's result sent back, the streamed answer: two LLM calls); `c` InvokeModel and `d`
 * InvokeModelWithResponseStream with an Anthropic Messages body. The answers are the echo of each prompt.
 */
import * as bedrock from "@aws-sdk/client-bedrock-runtime";
import { unitMark } from "../../../routing/routing-check";

/** The model the Converse calls name: a cross-region inference profile (priced as the model it routes to). */
export const CONVERSE_MODEL = "us.anthropic.claude-3-5-haiku-20241022-v1:0";
/** The model the InvokeModel calls name. */
export const INVOKE_MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
/** The tool the ConverseStream calls offer. */
export const TOOL_NAME = "lookup";

const TOOLS: bedrock.ToolConfiguration = {
  tools: [{ toolSpec: { name: TOOL_NAME, description: "Looks the input up.", inputSchema: { json: { type: "object", properties: { input: { type: "string" } }, required: ["input"] } } } }],
};

/** The text of a ConverseStream, and the tool uses it made. */
async function readConverseStream(response: bedrock.ConverseStreamCommandOutput): Promise<{ text: string; toolUse?: { id: string; name: string; input: string } }> {
  let text = "";
  let toolUse: { id: string; name: string; input: string } | undefined;
  for await (const event of response.stream ?? []) {
    const start = event.contentBlockStart?.start?.toolUse;
    if (start) toolUse = { id: start.toolUseId ?? "", name: start.name ?? "", input: "" };
    const delta = event.contentBlockDelta?.delta;
    if (delta?.text !== undefined) text += delta.text;
    if (delta?.toolUse?.input !== undefined && toolUse) toolUse.input += delta.toolUse.input;
  }
  return { text, toolUse };
}

/** `b`: the tool-use turn and the answer after the tool's result, both streamed. */
async function converseWithTool(client: bedrock.BedrockRuntimeClient, prompt: string): Promise<string> {
  const messages: bedrock.Message[] = [{ role: "user", content: [{ text: prompt }] }];
  const first = await readConverseStream(await client.send(new bedrock.ConverseStreamCommand({ modelId: CONVERSE_MODEL, messages, toolConfig: TOOLS, inferenceConfig: { maxTokens: 256 } })));
  if (!first.toolUse) throw new Error(`no tool use for ${prompt}`);
  const input = JSON.parse(first.toolUse.input) as { input: string };
  messages.push({ role: "assistant", content: [{ toolUse: { toolUseId: first.toolUse.id, name: first.toolUse.name, input } }] });
  messages.push({ role: "user", content: [{ toolResult: { toolUseId: first.toolUse.id, content: [{ text: `found ${input.input}` }] } }] });
  const second = await readConverseStream(await client.send(new bedrock.ConverseStreamCommand({ modelId: CONVERSE_MODEL, messages, toolConfig: TOOLS })));
  return second.text;
}

function anthropicBody(prompt: string): string {
  return JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 256, system: "Answer briefly.", messages: [{ role: "user", content: [{ type: "text", text: prompt }] }] });
}

/** `d`: the text of an Anthropic InvokeModelWithResponseStream. */
async function invokeStreamed(client: bedrock.BedrockRuntimeClient, prompt: string): Promise<string> {
  const response = await client.send(new bedrock.InvokeModelWithResponseStreamCommand({ modelId: INVOKE_MODEL, contentType: "application/json", body: anthropicBody(prompt) }));
  let text = "";
  for await (const event of response.body ?? []) {
    const chunk = event.chunk?.bytes ? (JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as { type: string; delta?: { text?: string } }) : undefined;
    if (chunk?.type === "content_block_delta") text += chunk.delta?.text ?? "";
  }
  return text;
}

/** A client of the fake at `endpoint`. */
export function bedrockClient(endpoint: string): bedrock.BedrockRuntimeClient {
  return new bedrock.BedrockRuntimeClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret" }, maxAttempts: 1 });
}

/** Datapoint `i`'s four calls (five LLM calls) through a client of the fake at `endpoint`. */
export function bedrockCalls(endpoint: string): (i: number) => Promise<string[]> {
  const client = bedrockClient(endpoint);
  return async (i) => {
    const mark = unitMark(i);
    const a = await client.send(new bedrock.ConverseCommand({ modelId: CONVERSE_MODEL, system: [{ text: "Answer briefly." }], messages: [{ role: "user", content: [{ text: `${mark}a` }] }] }));
    const b = await converseWithTool(client, `${mark}b`);
    const c = await client.send(new bedrock.InvokeModelCommand({ modelId: INVOKE_MODEL, contentType: "application/json", body: anthropicBody(`${mark}c`) }));
    const cText = (JSON.parse(c.body.transformToString()) as { content: { text: string }[] }).content[0]!.text;
    const d = await invokeStreamed(client, `${mark}d`);
    return [a.output?.message?.content?.[0]?.text ?? "", b, cText, d];
  };
}
