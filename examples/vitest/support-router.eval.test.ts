/**
 * Evals in vitest: `experiment()` declares a describe block with one test per case (here read from
 * cases.jsonl); the block is one HoneyHive run with one session per case. A case whose verdict fails
 * (see passingRanges) fails its test with the scores in the message.
 *
 *   npx vitest run --config examples/vitest/vitest.config.mjs
 *
 * With HH_API_KEY the run is uploaded; against the local viewer: `npx honeyhive serve`, then
 * HH_API_URL=http://127.0.0.1:4318 HH_API_KEY=local npx vitest run --config examples/vitest/vitest.config.mjs
 */
import { fileURLToPath } from "node:url";
import { trace } from "honeyhive";
import { experiment } from "honeyhive/vitest";

type Question = { question: string };
type Expected = { topic: string };

// The app under test: a keyword router (an LLM call in real life), traced so each case's session shows its steps.
const classify = trace(async function classify(question: string): Promise<string> {
  const text = question.toLowerCase();
  if (/invoice|pay|refund|bank/.test(text)) return "billing";
  if (/password|login|account/.test(text)) return "account";
  return "bug";
}, { eventType: "model" });

experiment<Question, Expected, string>({
  name: "support-router (vitest)",
  dataset: fileURLToPath(new URL("./cases.jsonl", import.meta.url)),
  function: async function route(inputs) {
    return classify(inputs.question);
  },
  evaluators: [function correctTopic(topic, _inputs, expected) { return topic === expected.topic; }],
  passingRanges: { correctTopic: { pass_when: true } },
  metadata: { router: "keywords-v1" },
  configuration: { model: "keyword-router" },
});
