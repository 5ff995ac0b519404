/**
 * The inputs and outputs of an agent or step span that records none of its own, taken from the model calls it
 * contains (decision record 0020): its inputs are the first call's messages (`{ chat_history }`, what the agent
 * was asked, as the model received it), its outputs the last call's reply (`{ role, content, tool_calls? }`, what
 * it answered). A side the span records itself (`honeyhive_inputs` / `honeyhive_outputs`, or a dialect's own
 * attributes read by `readStepIo`) is never replaced. Pure; unreadable values read as nothing.
 */
import { NAMESPACE_PREFIX } from "../attributes";
import type { GenAiSpanLike } from "./canonical-event";
import { honeyHiveMessage } from "./honeyhive-fields";
import { readModelCall, readStepIo } from "./translate";

/** On an event whose inputs and/or outputs came from its model calls: which sides (`["inputs", "outputs"]`). */
export const ATTR_IO_FROM_MODEL_CALLS = "honeyhive_metadata.io_from_model_calls";

/** The sides a step span records itself, in any form the translation reads. */
export interface OwnStepSides {
  inputs: boolean;
  outputs: boolean;
}

function hasNamespace(attributes: Readonly<Record<string, unknown>>, namespace: string): boolean {
  const exact = `${NAMESPACE_PREFIX}${namespace}`;
  const prefix = `${exact}.`;
  for (const key in attributes) if (key === exact || key.startsWith(prefix)) return true;
  return false;
}

/** Which sides `step` records itself: explicit HoneyHive fields, or a dialect's inputs / outputs. */
export function ownStepSides(step: GenAiSpanLike): OwnStepSides {
  const sides = { inputs: hasNamespace(step.attributes, "inputs"), outputs: hasNamespace(step.attributes, "outputs") };
  if (sides.inputs && sides.outputs) return sides;
  const io = readStepIo(step);
  return { inputs: sides.inputs || io?.inputs !== undefined, outputs: sides.outputs || io?.outputs !== undefined };
}

/** The inputs a step takes from the first model call it contains: the call's messages, or undefined when none read. */
export function callInputsField(call: GenAiSpanLike): Record<string, unknown> | undefined {
  const event = readModelCall(call);
  return event !== undefined && event.messages.length > 0 ? { chat_history: event.messages.map(honeyHiveMessage) } : undefined;
}

/** The outputs a step takes from the last model call it contains: the call's reply, or undefined when none read. */
export function callOutputsField(call: GenAiSpanLike): Record<string, unknown> | undefined {
  const output = readModelCall(call)?.output;
  return output ? honeyHiveMessage(output) : undefined;
}
