/**
 * What the loopback fake LLM servers answer beyond the echo, as pure functions of the request, so agent frameworks
 * can run their real loops against them:
 *
 * - **Tool calls**: a request that offers tools, whose conversation has no tool result after its last user
 *   message (OpenAI chat: a `tool` message; Anthropic Messages: a `user` message of `tool_result` blocks), gets
 *   one call of the first offered tool (unless `tool_choice` is `"none"`), with arguments made from the tool's JSON
 *   schema ({@link valueForSchema}); once a tool result follows, the answer is the echo again.
 * - **Structured output**: a request asking for a JSON schema gets a JSON value of that schema whose strings are the
 *   echo of the prompt (so the datapoint marker stays visible in the object).
 */

/** One tool call the fake model makes. */
export interface FakeToolCall {
  id: string;
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
}

/** A JSON value of `schema` whose strings are `text` (objects get every property, arrays one item). */
export function valueForSchema(schema: any, text: string): unknown {
  if (schema === null || typeof schema !== "object") return text;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) return valueForSchema(schema.anyOf[0], text);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(schema.properties ?? {})) out[key] = valueForSchema(sub, text);
      return out;
    }
    case "array":
      return [valueForSchema(schema.items, text)];
    case "number":
    case "integer":
      return text.length;
    case "boolean":
      return true;
    default:
      return text;
  }
}

function chatRole(message: any): string {
  return typeof message?.role === "string" ? message.role : typeof message?.type === "string" ? message.type : "";
}

/**
 * The tool call the fake model makes for an OpenAI chat request (`tools: [{ type: "function", function: { name,
 * parameters } }]`), or undefined when it answers in text. `prompt` is the last user message.
 */
export function chatToolCall(body: any, prompt: string, callNumber: number): FakeToolCall | undefined {
  const tools: any[] = Array.isArray(body?.tools) ? body.tools : [];
  if (tools.length === 0 || body?.tool_choice === "none") return undefined;
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const lastUser = messages.map(chatRole).lastIndexOf("user");
  if (messages.slice(lastUser + 1).some((m) => chatRole(m) === "tool")) return undefined;
  const fn = tools[0]?.function ?? tools[0];
  const name = typeof fn?.name === "string" ? fn.name : "tool";
  return { id: `call_${callNumber}`, name, arguments: JSON.stringify(valueForSchema(fn?.parameters ?? { type: "object", properties: { input: { type: "string" } } }, prompt)) };
}

/** Whether an Anthropic message is only tool results (`user` content of `tool_result` blocks: Anthropic's tool turn). */
function isToolResultMessage(message: any): boolean {
  return Array.isArray(message?.content) && message.content.length > 0 && message.content.every((block: any) => block?.type === "tool_result");
}

/**
 * The tool call the fake model makes for an Anthropic Messages request (`tools: [{ name, input_schema }]`; a tool
 * result comes back as a `user` message of `tool_result` blocks), or undefined when it answers in text.
 */
export function messagesToolCall(body: any, prompt: string, callNumber: number): FakeToolCall | undefined {
  const tools: any[] = Array.isArray(body?.tools) ? body.tools : [];
  if (tools.length === 0 || body?.tool_choice?.type === "none") return undefined;
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  if (messages.length > 0 && isToolResultMessage(messages.at(-1))) return undefined;
  const name = typeof tools[0]?.name === "string" ? tools[0].name : "tool";
  return { id: `toolu_${callNumber}`, name, arguments: JSON.stringify(valueForSchema(tools[0]?.input_schema ?? { type: "object", properties: { input: { type: "string" } } }, prompt)) };
}

/** The JSON schema an OpenAI chat request asks its answer to follow (`response_format`), if any. */
export function chatResponseSchema(body: any): unknown {
  const format = body?.response_format;
  if (format?.type === "json_schema") return format.json_schema?.schema ?? { type: "object" };
  if (format?.type === "json_object") return { type: "object", properties: { answer: { type: "string" } } };
  return undefined;
}

/** The answer text the fake servers give for a prompt (exported so tests can assert on it). */
export function fakeAnswer(prompt: string): string {
  return `echo: ${prompt}`;
}
