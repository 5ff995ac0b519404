/**
 * Instrumenting the OpenAI client: every call becomes an LLM span ("model" event) in the session of the
 * HoneyHive tracer active where the call was made — even with many tracers or sessions running concurrently.
 *
 * Install one OpenAI instrumentation next to `honeyhive`, e.g. `@arizeai/openinference-instrumentation-openai`
 * (or `@traceloop/instrumentation-openai`).
 *
 * - CommonJS: `instrumentations: [new OpenAIInstrumentation()]` is enough, as long as the first tracer is
 *   created before `openai` is required (the instrumentation patches it through a require hook).
 * - ES modules and bundlers: imports are hoisted and never go through require hooks, so also hand the
 *   imported module over with `instrumentModules: { openAI: OpenAI }`, which patches exactly that module.
 * Registering the same instrumentation from several tracers is harmless: it is enabled once per process.
 */
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { closeFakeOpenAI } from "./support/fake-openai"; // a local stand-in for the OpenAI API unless OPENAI_API_KEY is set
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import OpenAI from "openai";
import { HoneyHiveTracer, trace } from "honeyhive";

const tracer = new HoneyHiveTracer({
  apiKey: process.env.HH_API_KEY,
  project: "support-bot",
  sessionName: "openai-example",
  instrumentations: [new OpenAIInstrumentation()], // CommonJS: patches `openai` when it is required
  instrumentModules: { openAI: OpenAI }, // ES modules: patches the imported module explicitly
});

const openai = new OpenAI(); // OPENAI_API_KEY from the environment

/** A traced step: the OpenAI call inside becomes its child span, in this tracer's session. */
const answer = trace(
  async (question: string): Promise<string> => {
    const completion = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: question }],
    });
    return completion.choices[0]?.message.content ?? "";
  },
  { tracer, eventType: "chain", eventName: "answer" },
);

/** One session per conversation: spans of concurrent conversations never mix. */
export async function handleConversation(questions: string[]): Promise<string[]> {
  return tracer.withSession({ sessionName: "conversation" }, async () => {
    const replies: string[] = [];
    for (const question of questions) replies.push(await answer(question));
    return replies;
  });
}

console.log(await handleConversation(["What is OpenTelemetry?", "And what is a span?"]));
await tracer.flush();
await closeFakeOpenAI();
await localBackend.report();
