// The bounded memory of a rule's answers (core values/remembered-answers.ts), shared by the GenAI dialects' key
// prefixes and the dev server's attribute-key roles: the rule's answers, each asked once while remembered, and no
// memory held by long keys or beyond the bound.
import { describe, expect, it } from "vitest";
import { RememberedAnswers } from "../../packages/core/src/values/remembered-answers";

describe("RememberedAnswers", () => {
  it("gives the rule's answers, asking the rule once per remembered key", () => {
    const asked: string[] = [];
    const answers = new RememberedAnswers((key) => (asked.push(key), key.length), 3, 5);
    expect([answers.get("a"), answers.get("bb"), answers.get("a"), answers.get("bb")]).toEqual([1, 2, 1, 2]);
    expect(asked).toEqual(["a", "bb"]);
  });

  it("never keeps a key longer than the bound, and starts over past the number of keys", () => {
    const asked: string[] = [];
    const answers = new RememberedAnswers((key) => (asked.push(key), key.toUpperCase()), 2, 4);
    expect([answers.get("longer"), answers.get("longer")]).toEqual(["LONGER", "LONGER"]);
    expect(asked).toEqual(["longer", "longer"]); // asked each time: not kept
    answers.get("a");
    answers.get("b");
    answers.get("c"); // a third key: the memory of a and b starts over
    asked.length = 0;
    expect([answers.get("c"), answers.get("a")]).toEqual(["C", "A"]);
    expect(asked).toEqual(["a"]);
  });
});
