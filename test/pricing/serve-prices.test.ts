// `honeyhive serve --prices FILE`: a bad prices file stops the server from starting, with an error naming the file
// and the entry (exit code 1), before anything listens.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runServeCommand } from "../../packages/dev-server/src/cli";

const dir = mkdtempSync(join(tmpdir(), "hh-serve-prices-"));
afterEach(() => vi.restoreAllMocks());

describe("honeyhive serve --prices", () => {
  it("rejects an invalid prices file with a clear error and exit code 1", async () => {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args.join(" ")));
    const file = join(dir, "prices.json");
    writeFileSync(file, JSON.stringify({ anthropic: { "claude-sonnet-4-5": { input: 3, ouput: 15 } } }));
    expect(await runServeCommand(["--prices", file, "--port", "0", "--in-memory"])).toBe(1);
    expect(errors.join("\n")).toMatch(/prices file .*prices\.json: price of anthropic\/claude-sonnet-4-5: unknown key "ouput" \(did you mean "output"\?\)/);
    writeFileSync(file, "[]");
    expect(await runServeCommand(["--prices", file, "--port", "0", "--in-memory"])).toBe(1);
    expect(errors.at(-1)).toMatch(/prices file .*prices\.json: expected an object of provider → model → price, got an array/);
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses prototype keys (__proto__, constructor, prototype) naming the entry, and leaves Object.prototype alone", async () => {
    const own = mkdtempSync(join(tmpdir(), "hh-serve-proto-"));
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args.join(" ")));
    const file = join(own, "prices.json");
    const cases = [
      ['{"__proto__": {"polluted": {"input": 1, "output": 2}}}', /provider name "__proto__" is not allowed/],
      ['{"openai": {"__proto__": {"input": 1, "output": 2}}}', /openai: model name "__proto__" is not allowed/],
      ['{"openai": {"constructor": {"input": 1, "output": 2}}}', /openai: model name "constructor" is not allowed/],
      ['{"prototype": {"m": {"input": 1, "output": 2}}}', /provider name "prototype" is not allowed/],
    ] as const;
    for (const [text, message] of cases) {
      writeFileSync(file, text);
      expect(await runServeCommand(["--prices", file, "--port", "0", "--in-memory"])).toBe(1);
      expect(errors.at(-1)).toMatch(message);
      expect(errors.at(-1)).toContain(file);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "input")).toBe(false);
    rmSync(own, { recursive: true, force: true });
  });

  it("documents the flag in its help", async () => {
    const out: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void out.push(args.join(" ")));
    expect(await runServeCommand(["--help"])).toBe(0);
    expect(out.join("\n")).toContain("--prices FILE");
    expect(out.join("\n")).toContain("HH_DEV_SERVER_PRICES");
  });
});
