/**
 * Issue 24 requirement 2 through the real evaluate(): a metric a passing range names and an evaluator could not
 * compute (it threw, returned nothing, or an LLM judge answered something unreadable, played by the real `openai`
 * client against a loopback fake) fails its datapoint, and the aggregate says how many datapoints it covers.
 * Requirement 3: a passingRanges key naming no evaluator's metric is an error naming the closest one.
 */
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactMatch, factuality } from "../../packages/honeyhive/src/evaluators";
import { EvaluationConfigError } from "../../packages/honeyhive/src/config/evaluation-config-error";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";

let judgeServer: FakeOpenAI;
beforeAll(async () => {
  judgeServer = await startFakeOpenAI({ chatReply: () => "I think the answer is mostly right, but I cannot say for sure." });
});
afterAll(() => judgeServer.close());

const dataset = [{ inputs: { q: "capital of France" }, ground_truth: "Paris" }, { inputs: { q: "capital of Italy" }, ground_truth: "Rome" }];
const answer = (inputs: { q: string }) => (inputs.q.includes("France") ? "Paris" : "Rome");

describe("a metric that could not be computed never passes", () => {
  it("a judge answering non-JSON: the factuality metric is missing, every datapoint fails, the aggregate says 0 of 2", async () => {
    const judge = { client: new OpenAI({ baseURL: `${judgeServer.url}/v1`, apiKey: "sk-test", maxRetries: 0 }), model: "judge", parseRetries: 0 };
    const result = await evaluate({
      name: "broken-judge", progress: false, offline: true, dataset, function: answer,
      evaluators: [exactMatch(), factuality(judge)], passingRanges: { factuality: { min: 1 } },
    });
    expect(result.datapoints.map((d) => [d.status, d.passed, d.metrics.exact_match, d.metrics.factuality])).toEqual([
      ["success", false, true, undefined], ["success", false, true, undefined],
    ]);
    expect(result.datapoints[0]!.evaluatorErrors.factuality).toMatch(/judge/i);
    expect(result.verdict).toMatchObject({ passed: 0, failed: 2 });
    expect(result.metrics.factuality).toMatchObject({ average: null, count: 0, missing: 2 });
    expect(result.metrics.exact_match).toMatchObject({ average: 1, count: 2, missing: 0 });
  });

  it("an evaluator that throws fails its datapoint, with a range or without; one returning nothing only under a range", async () => {
    const flaky = (output: string) => (output === "Paris" ? 1 : null);
    const explode = (): number => {
      throw new Error("scorer crashed");
    };
    const ranged = await evaluate({ name: "ranged", progress: false, offline: true, dataset, function: answer, evaluators: [flaky, explode], passingRanges: { flaky: { min: 0.5 }, explode: { min: 0 } } });
    expect(ranged.datapoints.map((d) => d.passed)).toEqual([false, false]);
    expect(ranged.metrics.flaky).toMatchObject({ average: 1, count: 1, missing: 1 });
    const unranged = await evaluate({ name: "unranged", progress: false, offline: true, dataset, function: answer, evaluators: [flaky, explode] });
    expect(unranged.datapoints.map((d) => d.passed)).toEqual([false, false]); // explode errored on both
    expect(unranged.verdict).toMatchObject({ passed: 0, failed: 2 });
    const nothing = await evaluate({ name: "nothing", progress: false, offline: true, dataset, function: answer, evaluators: [flaky] });
    expect(nothing.datapoints.map((d) => d.passed)).toEqual([true, true]); // null is "no score", not an error
  });

  it("passingRanges naming no evaluator's metric is an error naming the closest metric, before anything runs", async () => {
    let calls = 0;
    const run = evaluate({
      name: "typo", progress: false, offline: true, dataset, function: (i: { q: string }) => (calls++, answer(i)),
      evaluators: [exactMatch()], passingRanges: { exactMatch: { pass_when: true } },
    });
    await expect(run).rejects.toThrow(EvaluationConfigError);
    await expect(run).rejects.toThrow('passingRanges: unknown metric "exactMatch" (did you mean "exact_match"?)');
    expect(calls).toBe(0);
  });
});
