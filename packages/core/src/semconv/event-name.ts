/**
 * The one definition of an event's name (`event_name`), used by the SDK's span processing (which writes it as
 * `honeyhive_event_name` when it differs from the span's name, so HoneyHive's backend shows the same) and by the dev
 * server's ingest of spans from any OpenTelemetry SDK. Order: explicit `honeyhive_event_name` > the tool's name of a
 * tool call span named generically > the span's name. Generic names: the Vercel AI SDK 5/6's `ai.toolCall` (the
 * tool in `ai.toolCall.name`) and the GenAI conventions' `execute_tool <tool>` (`gen_ai.operation.name =
 * execute_tool`, the tool in `gen_ai.tool.name`: ai 7's `@ai-sdk/otel`, Mastra), and the MCP conventions' `tools/call <tool>`
 * (`mcp.method.name = tools/call`: both sides of an MCP tool call). So one tool keeps one event name
 * across AI SDK majors and frameworks, as evaluator metrics and run comparisons, keyed by event name, need.
 * OpenInference already names a tool span after its tool; a span the application named itself keeps its name.
 */
import { ATTR_EVENT_NAME } from "./attributes";

/** Attribute values as this module reads them (OpenTelemetry attributes or decoded OTLP attributes). */
type EventNameAttributes = Readonly<Record<string, unknown>>;

const AI_SDK_TOOL_CALL_SPAN = "ai.toolCall";
const AI_SDK_TOOL_NAME = "ai.toolCall.name";
const GEN_AI_OPERATION = "gen_ai.operation.name";
const GEN_AI_EXECUTE_TOOL = "execute_tool";
const GEN_AI_TOOL_NAME = "gen_ai.tool.name";
const MCP_METHOD = "mcp.method.name";
const MCP_TOOLS_CALL = "tools/call";

/** The attribute's text when it is a string with something other than white space (own keys only: received data is untrusted). */
function nonEmptyText(attributes: EventNameAttributes, key: string): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(attributes, key) ? attributes[key] : undefined;
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** The generic name of a tool call span: `execute_tool` (GenAI) or `tools/call` (an MCP span: `mcp.method.name` says so). */
function genericToolSpanName(attributes: EventNameAttributes, spanName: string): string | undefined {
  if (spanName.startsWith(MCP_TOOLS_CALL)) return nonEmptyText(attributes, MCP_METHOD) === MCP_TOOLS_CALL ? MCP_TOOLS_CALL : undefined;
  return spanName.startsWith(GEN_AI_EXECUTE_TOOL) ? GEN_AI_EXECUTE_TOOL : undefined;
}

/** The tool of a GenAI `execute_tool` span named as the conventions name it (`execute_tool`, `execute_tool <tool>`, MCP's `tools/call <tool>`). */
function genAiToolName(attributes: EventNameAttributes, spanName: string): string | undefined {
  const generic = genericToolSpanName(attributes, spanName);
  if (generic === undefined || nonEmptyText(attributes, GEN_AI_OPERATION) !== GEN_AI_EXECUTE_TOOL) return undefined;
  const tool = nonEmptyText(attributes, GEN_AI_TOOL_NAME);
  if (tool === undefined) return undefined;
  return spanName === generic || spanName === `${generic} ${tool}` ? tool : undefined;
}

/**
 * The name a span's event takes when the span declares none: the tool's name for a tool call span named
 * generically (see the module's comment), else undefined (the span's name is the event's name). Pure.
 */
export function derivedEventName(attributes: EventNameAttributes, spanName: string): string | undefined {
  if (spanName === AI_SDK_TOOL_CALL_SPAN) return nonEmptyText(attributes, AI_SDK_TOOL_NAME);
  return genAiToolName(attributes, spanName);
}

/** A span's event name: `honeyhive_event_name`, else {@link derivedEventName}, else the span's name. Pure. */
export function eventNameOf(attributes: EventNameAttributes, spanName: string): string {
  return nonEmptyText(attributes, ATTR_EVENT_NAME) ?? derivedEventName(attributes, spanName) ?? spanName;
}
