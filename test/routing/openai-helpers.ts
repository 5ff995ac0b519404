/**
 * Every public helper of the `openai` client, called as an application calls it, against the loopback fake
 * (`test/helpers/fake-openai-server.ts`), each checked by what it returns: `chat.completions.create` (plain and
 * `stream: true`, whose `Stream` keeps its `controller`), `chat.completions.stream()` (`beta.chat.completions` on
 * openai 4), `.parse()`, `.runTools()` (a tool call, then the answer: two model calls), and the Responses API
 * (`responses.create` plain and streamed, `responses.stream()`, `responses.parse()`). Shared by the helper matrix
 * (`openai-helpers.test.ts`, openai 6 and 7) and the `openai4` framework stack.
 */

/** What a helper call gave: `ok`, or the error it threw / the wrong value it returned. */
export interface HelperOutcome {
  helper: string;
  result: string;
}

/** Model calls the helpers make in all (runTools makes two). */
export const HELPER_MODEL_CALLS = 10;

type AnyClient = any; // openai 4, 6 and 7 clients alike

const MODEL = "gpt-4o-mini";
const SCHEMA = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false };

/** The chat completions resource with the helpers: `chat.completions` (openai 5+), `beta.chat.completions` (4). */
function helperResource(client: AnyClient): AnyClient {
  return typeof client.chat.completions.stream === "function" ? client.chat.completions : client.beta.chat.completions;
}

function expectText(value: unknown, expected: string): string {
  return value === expected ? "ok" : `wrong value: ${JSON.stringify(value)?.slice(0, 120)}`;
}

/** A Responses API response's text (`output_text`, which openai 4's `responses.stream()` final response lacks, else its message parts). */
function responseText(response: any): unknown {
  if (typeof response?.output_text === "string") return response.output_text;
  return (response?.output ?? []).flatMap((item: any) => item.content ?? []).map((part: any) => part.text ?? "").join("");
}

async function drain(stream: AsyncIterable<unknown>): Promise<number> {
  let chunks = 0;
  for await (const _ of stream) chunks++;
  return chunks;
}

/** Each helper, resolving to "ok" or what was wrong. */
function helpers(client: AnyClient): Record<string, () => Promise<string>> {
  const chat = helperResource(client);
  const messages = (text: string) => [{ role: "user", content: text }];
  return {
    "chat.completions.create": async () => expectText((await client.chat.completions.create({ model: MODEL, messages: messages("one") })).choices[0].message.content, "echo: one"),
    "chat.completions.create stream": async () => {
      const stream = await client.chat.completions.create({ model: MODEL, messages: messages("two"), stream: true });
      if (!(stream.controller instanceof AbortController)) return "the stream has no controller";
      return (await drain(stream)) > 1 ? "ok" : "no chunks";
    },
    "chat.completions.stream": async () => expectText((await chat.stream({ model: MODEL, messages: messages("three") }).finalChatCompletion()).choices[0].message.content, "echo: three"),
    "chat.completions.parse": async () => {
      const parsed = (await chat.parse({ model: MODEL, messages: messages("four"), response_format: { type: "json_schema", json_schema: { name: "answer", schema: SCHEMA, strict: true } } })).choices[0].message.parsed;
      return typeof parsed?.answer === "string" ? "ok" : `wrong value: ${JSON.stringify(parsed)}`;
    },
    "chat.completions.runTools": async () => {
      const runner = chat.runTools({
        model: MODEL, messages: messages("weather in Paris?"),
        tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } }, function: () => "sunny", parse: JSON.parse } }],
      });
      const content = await runner.finalContent();
      return typeof content === "string" && content.startsWith("echo:") ? "ok" : `wrong value: ${JSON.stringify(content)}`;
    },
    "responses.create": async () => expectText(responseText(await client.responses.create({ model: MODEL, input: "five" })), "echo: five"),
    "responses.create stream": async () => ((await drain(await client.responses.create({ model: MODEL, input: "six", stream: true }))) > 1 ? "ok" : "no events"),
    "responses.stream": async () => expectText(responseText(await client.responses.stream({ model: MODEL, input: "seven" }).finalResponse()), "echo: seven"),
    "responses.parse": async () => {
      const parsed = (await client.responses.parse({ model: MODEL, input: "eight", text: { format: { type: "json_schema", name: "answer", schema: SCHEMA, strict: true } } })).output_parsed;
      return typeof parsed?.answer === "string" ? "ok" : `wrong value: ${JSON.stringify(parsed)}`;
    },
  };
}

/** Calls every helper once, in order; never throws (a throw is the helper's outcome). */
export async function runOpenAIHelpers(client: AnyClient): Promise<HelperOutcome[]> {
  const outcomes: HelperOutcome[] = [];
  for (const [helper, call] of Object.entries(helpers(client))) {
    let result: string;
    try {
      result = await call();
    } catch (error) {
      result = `throws: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200);
    }
    outcomes.push({ helper, result });
  }
  return outcomes;
}
