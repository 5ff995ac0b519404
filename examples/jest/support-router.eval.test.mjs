/**
 * Evals in jest: `experiment()` declares a describe block with one test per case; the block is one HoneyHive
 * run with one session per case. A case whose verdict fails (see passingRanges) fails its test with the scores.
 *
 *   node --experimental-vm-modules node_modules/jest/bin/jest.js --config examples/jest/jest.config.mjs
 *
 * With HH_API_KEY the run is uploaded; against the local viewer: `npx honeyhive serve`, then set
 * HH_API_URL=http://127.0.0.1:4318 HH_API_KEY=local for the command above.
 */
import { trace } from "honeyhive";
import { experiment } from "honeyhive/jest";

// The app under test: a keyword router (an LLM call in real life), traced so each case's session shows its steps.
const classify = trace(async function classify(question) {
  const text = question.toLowerCase();
  if (/invoice|pay|refund|bank/.test(text)) return "billing";
  if (/password|login|account/.test(text)) return "account";
  return "bug";
}, { eventType: "model" });

experiment({
  name: "support-router (jest)",
  cases: [
    { name: "password reset", inputs: { question: "How do I reset my password?" }, ground_truth: { topic: "account" } },
    { name: "invoice", inputs: { question: "Where is my invoice for March?" }, ground_truth: { topic: "billing" } },
    { name: "crash report", inputs: { question: "The app crashes when I upload a photo" }, ground_truth: { topic: "bug" } },
  ],
  function: async function route(inputs) {
    return classify(inputs.question);
  },
  evaluators: [function correctTopic(topic, _inputs, expected) { return topic === expected.topic; }],
  passingRanges: { correctTopic: { pass_when: true } },
  metadata: { router: "keywords-v1" },
  configuration: { model: "keyword-router" },
});
