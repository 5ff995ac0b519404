/** Fuzzing the judges' public edges: the verdict parser on any reply, the template filler on any values, a judge on any output. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rubric } from "../../packages/honeyhive/src/evaluators";
import { canonicalLabel, parseVerdict } from "../../packages/honeyhive/src/evaluators/judges/parse-verdict";
import { fillTemplate } from "../../packages/honeyhive/src/evaluators/judges/run-judge";

const LABELS = ["correct", "partially_correct", "incorrect"];

describe("judge fuzzing (fast-check)", () => {
  it("parseVerdict never throws; a success is always one of the allowed labels", () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json(), fc.anything()), (reply) => {
      const parsed = parseVerdict(reply, LABELS);
      if (parsed.ok) expect(LABELS).toContain(parsed.verdict);
      else expect(parsed.reason.length).toBeGreaterThan(0);
    }));
  });

  it("a verdict object anywhere in prose or a fence is found, whatever the spelling of its label and explanation", () => {
    fc.assert(fc.property(fc.constantFrom(...LABELS), fc.string(), fc.string().filter((s) => !s.includes("{") && !s.includes("}") && !s.includes("`")), fc.boolean(), (label, explanation, prose, fenced) => {
      const spelled = label.replace(/_/g, " ").toUpperCase();
      const json = JSON.stringify({ verdict: ` ${spelled} `, explanation });
      const reply = fenced ? `${prose}\n\`\`\`json\n${json}\n\`\`\`` : `${prose} ${json} ${prose}`;
      expect(parseVerdict(reply, LABELS)).toEqual({ ok: true, verdict: label, explanation: explanation.trim() });
    }));
  });

  it("fillTemplate puts values in verbatim: placeholders inside values are never expanded", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => {
      expect(fillTemplate("[{{a}}|{{b}}]", { a, b })).toBe(`[${a}|${b}]`);
    }));
    expect(() => fillTemplate("{{missing}}", {})).toThrow(/\{\{missing\}\} has no value/);
  });

  it("a judge given any output sends one well-formed request and returns a listed verdict", async () => {
    const seen: unknown[] = [];
    const client = { chat: { completions: { create: async (body: { messages: { content: string }[] }) => {
      seen.push(body);
      return { choices: [{ message: { content: '{"verdict":"pass","explanation":"ok"}' } }] };
    } } } };
    const judge = rubric({ client, model: "m", rubric: "anything" });
    await fc.assert(fc.asyncProperty(fc.anything(), fc.anything(), fc.anything(), async (outputs, inputs, groundTruth) => {
      const before = seen.length;
      await expect(judge(outputs, inputs, groundTruth)).resolves.toEqual({ score: 1, verdict: "pass", explanation: "ok" });
      expect(seen.length - before).toBe(1);
    }), { numRuns: 200 });
    expect(canonicalLabel(" Partially-Correct ")).toBe("partially_correct");
  });
});
