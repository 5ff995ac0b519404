import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROMPT_TEXTS } from "../../packages/honeyhive/src/evaluators/judges/prompt-texts.generated";

const root = join(__dirname, "../..");

describe("judge prompts", () => {
  it("the generated module matches the prompt files (scripts/build-judge-prompts.mjs --check)", () => {
    expect(() => execFileSync(process.execPath, [join(root, "scripts/build-judge-prompts.mjs"), "--check"], { stdio: "pipe" })).not.toThrow();
    const factualityFile = readFileSync(join(root, "packages/honeyhive/src/evaluators/judges/prompts/factuality.md"), "utf8");
    expect(PROMPT_TEXTS.factuality).toBe(factualityFile);
  });

  it("every placeholder is one the judges fill", () => {
    const known = new Set(["question", "answer", "expected", "context", "rubric", "choices", "conversation", "trajectory", "persona", "stop"]);
    for (const text of Object.values(PROMPT_TEXTS)) for (const [, key] of text.matchAll(/\{\{(\w+)\}\}/g)) expect(known.has(key!)).toBe(true);
  });
});
