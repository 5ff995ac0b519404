// Ready evaluators (`honeyhive/evaluators`) and recorded LLM calls (`createLlmCache`).
// - Deterministic scorers and an LLM judge are ordinary evaluators: pass them to evaluate().
// - The record/replay cache stores each LLM call of a datapoint under the datapoint's id and the request; the next
//   run replays them: no provider calls, identical outputs and scores. Commit the directory; in CI set
//   HH_LLM_CACHE=replay so a missing recording fails loudly instead of calling the provider.
// Runs offline: a local stand-in answers for OpenAI (unless OPENAI_API_KEY is set) and the judge is a local
// OpenAI-compatible object (use `new OpenAI()` and a real model in your project).
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { closeFakeOpenAI } from "./support/fake-openai"; // a local stand-in for the OpenAI API unless OPENAI_API_KEY is set
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { createLlmCache, evaluate, type LlmCacheMode } from "honeyhive";
import { exactMatch, includes, levenshtein, rubric, type OpenAICompatibleClient } from "honeyhive/evaluators";

// In a project: a committed directory such as "evals/recordings" (or HH_LLM_CACHE_DIR).
const recordings = mkdtempSync(join(tmpdir(), "honeyhive-recordings-"));

// Counts what reaches the provider, to show that the replay run makes no call.
let providerCalls = 0;
const countingFetch: typeof fetch = (input, init) => {
  providerCalls += 1;
  return fetch(input, init);
};

// Any OpenAI-compatible client can judge; this local one passes answers that repeat the question.
const localJudge: OpenAICompatibleClient = {
  chat: {
    completions: {
      create: async ({ messages }) => {
        const prompt = messages.at(-1)?.content ?? "";
        const question = /<question>\n([\s\S]*?)\n<\/question>/.exec(prompt)?.[1] ?? "";
        const passes = prompt.includes(`<answer>\necho: ${question}`);
        return { choices: [{ message: { content: JSON.stringify({ verdict: passes ? "pass" : "fail", explanation: passes ? "restates the question" : "does not" }) } }] };
      },
    },
  },
};

const dataset = [
  { id: "greeting", inputs: { question: "say hello" }, ground_truth: { answer: "echo: say hello" } },
  { id: "farewell", inputs: { question: "say goodbye" }, ground_truth: { answer: "echo: say good-bye" } },
];

async function run(mode: LlmCacheMode) {
  const cache = createLlmCache({ mode, dir: recordings, fetch: countingFetch });
  const openai = new OpenAI({ fetch: cache.fetch, maxRetries: 0 });
  const result = await evaluate({
    name: `recorded-calls-${mode}`,
    dataset,
    function: async (inputs: { question: string }) => {
      const completion = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: inputs.question }] });
      return completion.choices[0]?.message.content ?? "";
    },
    evaluators: [
      exactMatch(),
      includes("echo"),
      levenshtein(),
      rubric({ client: localJudge, model: "local-judge", rubric: "The answer repeats the question after 'echo:'." }),
    ],
  });
  console.log(`${mode}: ${JSON.stringify(cache.stats())}`);
  return result;
}

const recorded = await run("record");
const callsWhenRecording = providerCalls;
const replayed = await run("replay");
const scores = (r: typeof recorded) => JSON.stringify(r.datapoints.map((d) => d.metrics));
console.log(`provider calls: ${callsWhenRecording} while recording, ${providerCalls - callsWhenRecording} while replaying`);
console.log(`scores identical: ${scores(recorded) === scores(replayed)}`);
console.log(JSON.stringify(replayed.datapoints.map((d) => ({ id: d.datapointId, ...d.metrics })), null, 2));
if (providerCalls !== callsWhenRecording || scores(recorded) !== scores(replayed)) throw new Error("the replay run should make no provider call and score the same");

rmSync(recordings, { recursive: true, force: true });
await closeFakeOpenAI();
await localBackend.report();
