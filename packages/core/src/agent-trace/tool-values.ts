/**
 * How a tool call's arguments and result are read from a tool event's `inputs` and `outputs` fields, the same way in
 * the SDK (from a span's attributes) and the dev server (from a stored event):
 *
 * - arguments: the inputs object; one destructured parameter of a function traced with `trace()` (recorded
 *   positionally as `arg0`: `async ({ order }) => …`) is that parameter's object; a value recorded as `{ value }` (the
 *   event-field rule for what is not an object) is that value; text holding a JSON object or array is parsed;
 * - result: a `trace()` function's return value (`{ result }`) or a `{ value }` is that value; any other object is the
 *   result as it is.
 */

/**
 * The keys naming the id of the call a tool event ran (OTel GenAI, the AI SDK, OpenInference): a span's attributes,
 * which the dev server stores as the event's metadata under the same keys. The first that holds text wins.
 */
export const TOOL_CALL_ID_KEYS: readonly string[] = ["gen_ai.tool.call.id", "ai.toolCall.id", "tool_call.id", "tool.id"];

/** Text holding a JSON object or array, parsed; anything else (other text too) as it is. */
export function parsedJsonText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  const opens = trimmed.startsWith("{") ? "}" : trimmed.startsWith("[") ? "]" : undefined;
  if (opens === undefined || !trimmed.endsWith(opens)) return value;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return value;
  }
}

/** Arguments as a model's reply gives them: JSON text parsed (any JSON value), other text as it is. */
export function parsedArguments(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function plainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The only key of `value` when it has exactly one. */
function soleKey(value: Record<string, unknown>): string | undefined {
  let found: string | undefined;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (found !== undefined) return undefined;
    found = key;
  }
  return found;
}

/** A tool call's arguments from its event's `inputs` (see the module comment); undefined when there are none. */
export function toolArguments(inputs: unknown): unknown {
  if (!plainObject(inputs)) return inputs === undefined || inputs === null ? undefined : parsedJsonText(inputs);
  const sole = soleKey(inputs);
  if (sole === undefined) {
    if (Object.keys(inputs).length === 0) return undefined;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(inputs)) out[key] = parsedJsonText(inputs[key]);
    return out;
  }
  const value = parsedJsonText(inputs[sole]);
  if (sole === "value" || (sole === "arg0" && plainObject(value))) return value;
  return { [sole]: value };
}

/** A tool call's result from its event's `outputs` (see the module comment); undefined when there is none. */
export function toolResult(outputs: unknown): unknown {
  if (!plainObject(outputs)) return outputs === null ? undefined : outputs;
  const sole = soleKey(outputs);
  if (sole === "result" || sole === "value") return outputs[sole];
  return Object.keys(outputs).length === 0 ? undefined : outputs;
}
