/**
 * A small tool-using agent for the agent-evaluation tests: the real `openai` chat client with tools, against the
 * loopback fake OpenAI server scripted by {@link supportToolPlan}. A request to refund an order looks it up, then
 * refunds it, then answers; a status request looks the order up, then answers.
 */
import type { OpenAI } from "openai";
import type { FakeToolCall } from "../helpers/fake-llm-behaviour";

/** The tools the agent offers the model. */
export const SUPPORT_TOOLS = [
  { type: "function" as const, function: { name: "lookup_order", description: "Looks an order up.", parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"] } } },
  { type: "function" as const, function: { name: "refund_order", description: "Refunds an order.", parameters: { type: "object", properties: { order_id: { type: "string" }, amount: { type: "number" } }, required: ["order_id", "amount"] } } },
];

/** What the tools answer. */
export const ORDERS: Record<string, { status: string; total: number }> = { A1: { status: "delivered", total: 25 }, B2: { status: "shipped", total: 40 } };

/** The fake model's plan: `refund <id>` → lookup_order, then refund_order, then text; `status <id>` → lookup_order, then text. */
export function supportToolPlan(body: any, n: number): FakeToolCall[] | undefined {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  if (!Array.isArray(body?.tools) || body.tools.length === 0) return undefined;
  const lastUser = messages.map((m) => m?.role).lastIndexOf("user");
  const prompt = String(messages[lastUser]?.content ?? "");
  const [, intent, id] = /^(refund|status) (\w+)/.exec(prompt) ?? [];
  if (id === undefined) return undefined;
  const results = messages.slice(lastUser + 1).filter((m) => m?.role === "tool").length;
  if (results === 0) return [{ id: `call_${n}_lookup`, name: "lookup_order", arguments: JSON.stringify({ order_id: id }) }];
  if (results === 1 && intent === "refund") return [{ id: `call_${n}_refund`, name: "refund_order", arguments: JSON.stringify({ order_id: id, amount: ORDERS[id]?.total ?? 0 }) }];
  return undefined;
}

/** The tools' implementations: lookup_order answers the order, refund_order refunds it (fails for an unknown order). */
export const TOOL_FUNCTIONS: Record<string, (args: any) => Promise<unknown>> = {
  async lookup_order(args: { order_id: string }) {
    return { order_id: args.order_id, ...ORDERS[args.order_id] };
  },
  async refund_order(args: { order_id: string; amount: number }) {
    if (ORDERS[args.order_id] === undefined) throw new Error(`no order ${args.order_id}`);
    return { refunded: args.amount };
  },
};

/**
 * Runs the agent loop for `prompt`: asks the model with the tools, runs each tool it calls through `runTool` (traced or
 * not, as the caller chooses), sends the results back, until the model answers in text (at most 6 calls).
 */
export async function runSupportAgent(client: OpenAI, prompt: string, runTool: (name: string, args: unknown) => Promise<unknown>): Promise<string> {
  const messages: any[] = [{ role: "system", content: "You are a support agent." }, { role: "user", content: prompt }];
  for (let turn = 0; turn < 6; turn++) {
    const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages, tools: SUPPORT_TOOLS });
    const message = completion.choices[0]!.message;
    const calls = message.tool_calls ?? [];
    if (calls.length === 0) return message.content ?? "";
    messages.push({ role: "assistant", content: null, tool_calls: calls });
    for (const call of calls) {
      if (call.type !== "function") continue;
      let content: string;
      try {
        content = JSON.stringify(await runTool(call.function.name, JSON.parse(call.function.arguments)));
      } catch (error) {
        content = `error: ${(error as Error).message}`;
      }
      messages.push({ role: "tool", tool_call_id: call.id, content });
    }
  }
  return "gave up";
}
