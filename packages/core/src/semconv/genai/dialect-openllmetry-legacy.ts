/**
 * OpenLLMetry's (Traceloop's) legacy flattened dialect, emitted by `@traceloop/instrumentation-*` before their 2026
 * move to OTel GenAI v1.40 JSON messages: `gen_ai.prompt.<n>.{role,content}`, `gen_ai.completion.<n>.{role,content,
 * finish_reason,tool_calls.<k>.{id,name,arguments}}`, `gen_ai.system`, `gen_ai.request.*`, `llm.request.type`,
 * `gen_ai.usage.{prompt,completion}_tokens`, `llm.usage.total_tokens` and
 * `gen_ai.usage.cache_{read,creation}_input_tokens`. (Newer Traceloop releases are read by the OTel GenAI table.)
 * Tool, task, workflow and agent spans of every OpenLLMetry release: `traceloop.entity.input` (JSON; a tool's
 * input as `{args: [input]}`, unwrapped here) and `traceloop.entity.output`.
 */
import type { DialectReading, DialectTable, GenAiMessage, GenAiSpanLike } from "./canonical-event";
import { indexedRecords, nestedRecords } from "./indexed-attributes";
import type { StepIoSide } from "./canonical-event";
import { asText, firstText, KeyPrefixes, json, own, record, text, tokenCounts } from "./read-values";
import { decodedValue, sideOf, valueSide } from "./step-values";
import { OPENLLMETRY_LEGACY_TOKEN_KEYS } from "./token-keys";
import { PROMPT_LINK_ATTRIBUTES } from "../attributes";

/** Attribute-key prefixes of the legacy OpenLLMetry dialect. */
const LEGACY_KEYS = new KeyPrefixes(["gen_ai.prompt.", "gen_ai.completion.", "llm.request.type", "llm.usage."], PROMPT_LINK_ATTRIBUTES);

const TOKENS = OPENLLMETRY_LEGACY_TOKEN_KEYS;

function message(entry: Record<string, unknown>, defaultRole?: string): GenAiMessage | undefined {
  const role = text(own(entry, "role")) ?? defaultRole;
  if (role === undefined) return undefined;
  const out: GenAiMessage = { role: role.toLowerCase(), content: asText(own(entry, "content")) };
  const calls = nestedRecords(entry, "tool_calls").flatMap((c) => {
    const name = text(own(c, "name"));
    return name === undefined ? [] : [{ id: text(own(c, "id")) ?? null, name, arguments: asText(own(c, "arguments")) }];
  });
  if (calls.length > 0) out.tool_calls = calls;
  const callId = text(own(entry, "tool_call_id"));
  if (callId !== undefined) out.tool_call_id = callId;
  return out;
}

/** `traceloop.entity.input`, with the `{args: [one]}` wrapper of a single argument (and empty kwargs) removed. */
function entityInput(a: Readonly<Record<string, unknown>>): StepIoSide | undefined {
  const key = "traceloop.entity.input";
  const wrapper = record(json(own(a, key)));
  const args = own(wrapper, "args");
  const kwargs = record(own(wrapper, "kwargs"));
  const onlyArgs = wrapper && Object.keys(wrapper).every((k) => k === "args" || k === "kwargs") && (!kwargs || Object.keys(kwargs).length === 0);
  if (!onlyArgs || !Array.isArray(args) || args.length !== 1) return valueSide(a, key);
  return sideOf(decodedValue(args[0]), [key]);
}

/** The legacy OpenLLMetry table. */
export const openLLMetryLegacy: DialectTable = {
  name: "openllmetry-legacy",
  detect: (span: GenAiSpanLike) => LEGACY_KEYS.inAttributes(span.attributes),
  read(span: GenAiSpanLike): DialectReading {
    const a = span.attributes;
    const completions = indexedRecords(a, "gen_ai.completion");
    return {
      model: firstText(a, ["gen_ai.response.model", "gen_ai.request.model", "llm.response.model", "llm.request.model"]) ?? null,
      request_model: firstText(a, ["gen_ai.request.model", "llm.request.model"]) ?? null,
      provider: firstText(a, ["gen_ai.system", "llm.vendor"]) ?? null,
      operation: firstText(a, ["llm.request.type"]) ?? null,
      messages: span.withoutInputMessages === true ? [] : indexedRecords(a, "gen_ai.prompt").flatMap((e) => message(e) ?? []),
      output: completions.length > 0 ? message(completions[0]!, "assistant") ?? null : null,
      finish_reason: completions.length > 0 ? text(own(completions[0], "finish_reason")) ?? null : null,
      tokens: tokenCounts(a, TOKENS),
    };
  },
  readStepIo: (span) => ({ inputs: entityInput(span.attributes), outputs: valueSide(span.attributes, "traceloop.entity.output") }),
};
