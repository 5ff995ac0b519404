/**
 * The OpenAI Responses API (`POST /v1/responses`) of the loopback fake OpenAI server (`fake-openai-server.ts`), as
 * the OpenAI Agents SDK calls it: `input` as a string or a list of items (messages, `function_call`,
 * `function_call_output`), `tools: [{ type: "function", name, parameters }]`, `stream: true` for SSE events.
 *
 * - A request offering tools whose input has no `function_call_output` after its last user message gets one
 *   `function_call` output item of the first tool (arguments from its schema, `fake-llm-behaviour.ts`); otherwise the
 *   answer is the echo of the last user message (a value of the schema when `text.format` is a JSON schema), as one
 *   `message` output item.
 * - Plain: the response object with `usage` (`input_tokens`, `output_tokens`, `total_tokens`, words counted).
 * - Streamed: `response.created`, `response.in_progress`, the item's events (`response.output_text.delta` per word,
 *   or `response.function_call_arguments.delta`/`.done`), `response.output_item.done`, then `response.completed` with
 *   the whole response and its usage.
 */
import type { ServerResponse } from "node:http";
import { chatToolCall, fakeAnswer, type FakeToolCall, valueForSchema } from "./fake-llm-behaviour";

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part?.text === "string" ? part.text : "")).join("");
  return "";
}

/** The input items of a Responses request (a string input is one user message). */
function inputItems(body: any): any[] {
  if (typeof body?.input === "string") return [{ role: "user", content: body.input }];
  return Array.isArray(body?.input) ? body.input : [];
}

/** The text of the last user message of a Responses request. */
export function responsesPrompt(body: any): string {
  const items = inputItems(body);
  for (let i = items.length - 1; i >= 0; i--) if (items[i]?.role === "user") return textOf(items[i].content);
  return "";
}

/** The tool call the fake model makes for a Responses request, or undefined when it answers in text. */
export function responsesToolCall(body: any, prompt: string, callNumber: number): FakeToolCall | undefined {
  // The same rule as chat completions: a tool result after the last user message means "answer now".
  const messages = inputItems(body).map((item) => ({ role: item?.type === "function_call_output" ? "tool" : item?.role }));
  return chatToolCall({ tools: body?.tools, tool_choice: body?.tool_choice, messages }, prompt, callNumber);
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

interface Answer {
  id: string;
  model: string;
  prompt: string;
  text: string | undefined;
  toolCall: FakeToolCall | undefined;
}

function outputItem(answer: Answer, status: "in_progress" | "completed"): Record<string, unknown> {
  if (answer.toolCall) {
    const { id, name, arguments: args } = answer.toolCall;
    return { type: "function_call", id: `fc_${id}`, call_id: id, name, arguments: status === "completed" ? args : "", status };
  }
  const content = status === "completed" ? [{ type: "output_text", text: answer.text, annotations: [], logprobs: [] }] : [];
  return { type: "message", id: `msg_${answer.id}`, status, role: "assistant", content };
}

function responseObject(answer: Answer, body: any, status: "in_progress" | "completed"): Record<string, unknown> {
  const produced = answer.toolCall ? answer.toolCall.arguments : answer.text!;
  const usage = {
    input_tokens: words(answer.prompt), input_tokens_details: { cached_tokens: 0 },
    output_tokens: words(produced), output_tokens_details: { reasoning_tokens: 0 }, total_tokens: words(answer.prompt) + words(produced),
  };
  return {
    id: `resp_${answer.id}`, object: "response", created_at: 1_700_000_000, status, error: null, incomplete_details: null,
    instructions: body?.instructions ?? null, model: answer.model, output: status === "completed" ? [outputItem(answer, "completed")] : [],
    parallel_tool_calls: true, previous_response_id: null, temperature: body?.temperature ?? null, tool_choice: body?.tool_choice ?? "auto",
    tools: Array.isArray(body?.tools) ? body.tools : [], top_p: null, text: { format: { type: "text" } }, truncation: "disabled",
    usage: status === "completed" ? usage : null, metadata: {},
  };
}

/** Writes the SSE events of a streamed response. */
async function streamResponse(res: ServerResponse, answer: Answer, body: any, pause: () => Promise<void>): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  let sequence = 0;
  const send = (type: string, data: Record<string, unknown>): void => {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`);
  };
  send("response.created", { response: responseObject(answer, body, "in_progress") });
  send("response.in_progress", { response: responseObject(answer, body, "in_progress") });
  const item = outputItem(answer, "in_progress");
  send("response.output_item.added", { output_index: 0, item });
  const itemId = item.id;
  if (answer.toolCall) {
    send("response.function_call_arguments.delta", { item_id: itemId, output_index: 0, delta: answer.toolCall.arguments });
    await pause();
    send("response.function_call_arguments.done", { item_id: itemId, output_index: 0, arguments: answer.toolCall.arguments });
  } else {
    send("response.content_part.added", { item_id: itemId, output_index: 0, content_index: 0, part: { type: "output_text", text: "", annotations: [] } });
    const parts = answer.text!.split(" ");
    for (let i = 0; i < parts.length; i++) {
      send("response.output_text.delta", { item_id: itemId, output_index: 0, content_index: 0, delta: i === 0 ? parts[i] : ` ${parts[i]}`, logprobs: [] });
      await pause();
    }
    send("response.output_text.done", { item_id: itemId, output_index: 0, content_index: 0, text: answer.text, logprobs: [] });
    send("response.content_part.done", { item_id: itemId, output_index: 0, content_index: 0, part: { type: "output_text", text: answer.text, annotations: [] } });
  }
  send("response.output_item.done", { output_index: 0, item: outputItem(answer, "completed") });
  send("response.completed", { response: responseObject(answer, body, "completed") });
  res.end();
}

/** The answer's text: the echo, or with a JSON schema as `text.format` (`responses.parse()`), a JSON value of that schema. */
function answerText(body: any, prompt: string): string {
  const format = body?.text?.format;
  return format?.type === "json_schema" ? JSON.stringify(valueForSchema(format.schema ?? { type: "object" }, fakeAnswer(prompt))) : fakeAnswer(prompt);
}

/**
 * Answers one `POST /v1/responses` (`callNumber` makes ids unique; `pause` is the server's random delay), plain or
 * streamed.
 */
export async function answerResponses(body: any, res: ServerResponse, callNumber: number, pause: () => Promise<void>): Promise<void> {
  const prompt = responsesPrompt(body);
  const toolCall = responsesToolCall(body, prompt, callNumber);
  const answer: Answer = {
    id: String(callNumber), model: typeof body?.model === "string" ? body.model : "gpt-test", prompt,
    text: toolCall ? undefined : answerText(body, prompt), toolCall,
  };
  await pause();
  if (body?.stream === true) return streamResponse(res, answer, body, pause);
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(responseObject(answer, body, "completed")));
}
