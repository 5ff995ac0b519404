/**
 * What an MCP request and its reply write on a span, in the GenAI conventions for MCP: the span is named
 * `{mcp.method.name} {target}` (`tools/call get_weather`), carries `mcp.method.name`, `mcp.session.id`,
 * `jsonrpc.request.id`, and for a tool call `gen_ai.operation.name = execute_tool`, `gen_ai.tool.name` and the
 * arguments and result as JSON (`gen_ai.tool.call.arguments` / `.result`), which HoneyHive reads as a `tool` event
 * named after the tool, its inputs and outputs. A tool's `isError` reply and a JSON-RPC error are the span's error
 * (`error.type` `tool_error`, or the JSON-RPC code, also in `rpc.response.status_code`).
 */
import { type Attributes, type Span, SpanStatusCode } from "@opentelemetry/api";
import { toJsonString } from "../normalize";

export { MCP_SCOPE } from "./mcp-module"; // defined where setting up reads it without loading the instrumentation
/** The MCP method of a tool call. */
export const TOOLS_CALL = "tools/call";
/** Methods whose target (`params.name`) completes the span's name. */
const NAMED_TARGETS = new Set([TOOLS_CALL, "prompts/get"]);
/** Longest error message kept on a span. */
const MAX_MESSAGE = 1_000;

/** An MCP request as the SDK's `Client.request` and a server's handlers receive it. */
export interface McpRequestLike {
  method?: unknown;
  id?: unknown;
  params?: unknown;
}

function params(request: McpRequestLike): Record<string, unknown> {
  const value = request.params;
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function targetOf(request: McpRequestLike): string | undefined {
  const name = params(request).name;
  return typeof request.method === "string" && NAMED_TARGETS.has(request.method) && typeof name === "string" && name !== "" ? name : undefined;
}

/** The span name of `request`: `{mcp.method.name} {target}`, or the method alone. */
export function mcpSpanName(request: McpRequestLike): string {
  const method = String(request.method);
  const target = targetOf(request);
  return target === undefined ? method : `${method} ${target}`;
}

/** The attributes of `request` known as it starts (`sessionId`: the transport's MCP session, when it has one). */
export function mcpRequestAttributes(request: McpRequestLike, sessionId: unknown): Attributes {
  const attributes: Attributes = { "mcp.method.name": String(request.method) };
  if (typeof sessionId === "string" && sessionId !== "") attributes["mcp.session.id"] = sessionId;
  if (typeof request.id === "string" || typeof request.id === "number") attributes["jsonrpc.request.id"] = String(request.id);
  if (request.method !== TOOLS_CALL) return attributes;
  attributes["gen_ai.operation.name"] = "execute_tool";
  const tool = targetOf(request);
  if (tool !== undefined) attributes["gen_ai.tool.name"] = tool;
  attributes["gen_ai.tool.call.arguments"] = toJsonString(params(request).arguments ?? {});
  return attributes;
}

/** The text parts of a tool result's content, joined (the message of an `isError` reply). */
function contentText(content: unknown): string {
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => (typeof part === "object" && part !== null && typeof (part as { text?: unknown }).text === "string" ? (part as { text: string }).text : ""))
    .filter((text) => text !== "")
    .join("\n");
}

/** Records a reply on the span of its request and ends it: a tool's result content, and its `isError` as the span's error. */
export function endWithResult(span: Span, request: McpRequestLike, result: unknown): void {
  try {
    if (request.method === TOOLS_CALL && typeof result === "object" && result !== null) {
      const reply = result as { content?: unknown; structuredContent?: unknown; isError?: unknown };
      // the result's own shape (an object, stored as the event's outputs as it is; the content array alone was wrapped as `{ value }`)
      const outputs = reply.structuredContent === undefined ? { content: reply.content ?? null } : { content: reply.content ?? null, structuredContent: reply.structuredContent };
      span.setAttribute("gen_ai.tool.call.result", toJsonString(outputs));
      if (reply.isError === true) {
        span.setAttribute("error.type", "tool_error");
        span.setStatus({ code: SpanStatusCode.ERROR, message: (contentText(reply.content) || "tool error").slice(0, MAX_MESSAGE) });
      }
    }
  } finally {
    span.end();
  }
}

/** Records a failed request (a JSON-RPC error or a thrown one) on its span and ends it. */
export function endWithError(span: Span, error: unknown): void {
  try {
    const code = (error as { code?: unknown } | null)?.code;
    const rpcCode = typeof code === "number" ? String(code) : undefined;
    if (rpcCode !== undefined) span.setAttribute("rpc.response.status_code", rpcCode);
    span.setAttribute("error.type", rpcCode ?? (error instanceof Error ? error.name : "Error"));
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error instanceof Error ? error.message : String(error)).slice(0, MAX_MESSAGE) });
  } finally {
    span.end();
  }
}
