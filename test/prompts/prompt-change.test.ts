// The prompt change between two runs' metadata (core prompts/prompt-change.ts): when it counts as changed, the line diff.
import { describe, expect, it } from "vitest";
import { lineDiff, promptChange, promptChangeText } from "../../packages/core/src/prompts/prompt-change";

const meta = (name: string, version: string, template?: string) => ({ prompt: { name, version, env: "prod", config_id: null, ...(template !== undefined ? { template } : {}) } });

describe("promptChange", () => {
  it("none when neither run recorded a prompt or both used the same name and version", () => {
    expect(promptChange({}, undefined)).toBeUndefined();
    expect(promptChange(meta("a", "v1", "x"), meta("a", "v1", "x"))).toBeUndefined();
    expect(promptChange({ prompt: "garbage" }, { prompt: { name: 1 } })).toBeUndefined();
  });

  it("a new version, a new prompt, or one side without: said, with the template's line diff", () => {
    expect(promptChange(meta("a", "v1", "x\ny"), meta("a", "v2", "x\nz"))).toEqual({
      before: { name: "a", version: "v1", env: "prod", template: "x\ny" }, after: { name: "a", version: "v2", env: "prod", template: "x\nz" },
      lines: [{ kind: "same", text: "x" }, { kind: "del", text: "y" }, { kind: "add", text: "z" }],
    });
    expect(promptChangeText(promptChange(undefined, meta("b", "0123456789abcdef"))!)).toEqual(["prompt changed: none -> b@01234567"]);
  });

  it("lineDiff keeps every line of both sides in order and gives up past 300 lines", () => {
    const before = "a\nb\nc\nd";
    const after = "b\nc\ne\nd\nf";
    const diff = lineDiff(before, after)!;
    expect(diff.filter((l) => l.kind !== "add").map((l) => l.text).join("\n")).toBe(before);
    expect(diff.filter((l) => l.kind !== "del").map((l) => l.text).join("\n")).toBe(after);
    expect(diff.filter((l) => l.kind === "same").map((l) => l.text)).toEqual(["b", "c", "d"]);
    expect(lineDiff("x\n".repeat(301), "y")).toBeUndefined();
  });
});
