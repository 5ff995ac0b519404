/**
 * The framework lanes' output (scripts/frameworks-table.mjs): the table names package and version per stack with the
 * figures, a failing latest lane gets a banner and a non-zero failure count (the pinned lane a plain failure line), and
 * docs/guide/providers.md's tested-versions section is rewritten between its markers from a run.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs script without type declarations
import { formatTable, gatePrices, lacksPrice, newMajors, readmeSection, replaceReadmeSection, summarize } from "../../scripts/frameworks-table.mjs";

const row = (versions: Record<string, string>, overrides: Record<string, unknown> = {}) => ({
  stack: "x", versions, expected: 40, modelEvents: 40, misrouted: 0, doubleCounted: 0, lost: 0, withInputsOutputs: "40/40", withTokens: "20/40", priced: "20/20", problems: [], ...overrides,
});
const passing = { name: "openai-openinference", pinned: { openai: "6.49.0", "@arizeai/openinference-instrumentation-openai": "4.2.7" }, rows: [row({ openai: "6.49.0", "@arizeai/openinference-instrumentation-openai": "4.2.7" }, { stack: "openai-openinference" })], outcome: "passed" };
const newMajor = {
  name: "openai-traceloop", pinned: { openai: "6.49.0", "@traceloop/instrumentation-openai": "0.27.0" },
  rows: [row({ openai: "7.57.0", "@traceloop/instrumentation-openai": "0.27.0" }, { stack: "openai-traceloop", modelEvents: 0, lost: 40, problems: ["call 0/a: 0 of 1 model events"] })],
  outcome: "failed",
};
const noInstall = { name: "ai7", pinned: { ai: "7.0.173" }, rows: [], outcome: "install failed" };
const twoRoutes = {
  name: "llamaindex", pinned: { llamaindex: "0.12.0" }, outcome: "passed",
  rows: [row({ llamaindex: "0.12.0" }, { stack: "llamaindex" }), row({ llamaindex: "0.12.0" }, { stack: "llamaindex-traceloop", withTokens: "40/40", priced: "40/40" })],
};

/** A one-Node stack as the providers page's section takes it: run on Node 20 and 24 alike. */
const acrossNodes = (stack: { name: string; pinned: Record<string, string>; rows: unknown[]; outcome: string }) => ({
  name: stack.name, pinned: stack.pinned, skipped: [],
  runs: ["20.20.2", "24.21.0"].map((node) => ({ node, rows: stack.rows, outcome: stack.outcome })),
});

describe("framework lanes' table and summary", () => {
  it("the provider and first-token columns: model events naming their provider, streamed calls with a time to first token", () => {
    const cohere = { ...passing, name: "provider-sdks", pinned: { "cohere-ai": "8.1.0" }, rows: [row({ "cohere-ai": "8.1.0" }, { stack: "provider-sdks-cohere", withProvider: "60/60", firstToken: "20/20" })] };
    expect(formatTable([cohere], { latest: false, date: "2026-11-26" })).toMatch(/\nprovider-sdks-cohere +cohere-ai +8\.1\.0 +40\/40 +0 +0 +40\/40 +20\/40 +20\/20 +60\/60 +20\/20 +ok$/m);
    expect(readmeSection([acrossNodes(cohere)], "2026-11-26")).toContain("| provider-sdks-cohere | `cohere-ai` 8.1.0 | — | same | 20.20.2 ok, 24.21.0 ok | 40/40 | 0 | 40/40 | 20/40 | 60/60 | 20/20 | none |");
  });

  it("one line per stack and package: version (pinned and newer, new majors marked), events/expected, misrouted, inputs/outputs, tokens", () => {
    const text = formatTable([passing, newMajor], { latest: true, date: "2026-11-23" }) as string;
    const lines = text.split("\n");
    expect(lines[1]).toBe("== framework stacks (latest published versions, 2026-11-23)");
    expect(lines[2]).toMatch(/^stack +package +version +events\/expected +misrouted +doubled +inputs\/outputs +tokens +priced +provider +first token +result$/);
    expect(lines[3]).toMatch(/^openai-openinference +openai +6\.49\.0 +40\/40 +0 +0 +40\/40 +20\/40 +20\/20 +— +— +ok$/);
    expect(lines[4]).toMatch(/^ +@arizeai\/openinference-instrumentation-openai +4\.2\.7$/);
    expect(text).toMatch(/openai-traceloop +openai +7\.57\.0 \(pinned 6\.49\.0, NEW MAJOR\) +0\/40 .* FAILED/);
    expect(text).toContain("  openai-traceloop: call 0/a: 0 of 1 model events");
    expect(newMajors(newMajor)).toEqual(["openai 7.57.0 (pinned 6.49.0)"]);
  });

  it("a stack with several routes: one figures line per route", () => {
    const text = formatTable([twoRoutes], { latest: false, date: "2026-11-23" }) as string;
    expect(text).toMatch(/\nllamaindex +llamaindex +0\.12\.0 +40\/40 +0 +0 +40\/40 +20\/40 +20\/20 +— +— +ok\n/);
    expect(text).toMatch(/\nllamaindex-traceloop +llamaindex +0\.12\.0 +40\/40 +0 +0 +40\/40 +40\/40 +40\/40 +— +— +ok$/);
    expect(readmeSection([acrossNodes(twoRoutes)], "2026-11-23")).toContain("| llamaindex-traceloop | `llamaindex` 0.12.0 | — | same | 20.20.2 ok, 24.21.0 ok | 40/40 | 0 | 40/40 | 40/40 | — | — | none |");
  });

  it("a failing latest lane: a banner naming the stack and its new major, a non-zero count, and the lane still reports only", () => {
    const summary = summarize([passing, newMajor, noInstall], { latest: true }) as { failed: number; text: string };
    expect(summary.failed).toBe(2);
    expect(summary.text).toContain("!! LATEST LANE: 2 stack(s) FAIL on the newest published versions");
    expect(summary.text).toContain("!!   openai-traceloop: failed; new major: openai 7.57.0 (pinned 6.49.0)");
    expect(summary.text).toContain("!!   ai7: install failed");
    expect(summary.text.trimEnd().split("\n").at(-1)).toBe("latest lane: 1 of 3 stacks passed, 2 FAILED");
    expect(summarize([passing], { latest: true })).toEqual({ failed: 0, text: "\nlatest lane: 1 of 1 stacks passed, 0 FAILED" });
    const pinned = summarize([passing, newMajor], { latest: false }) as { failed: number; text: string };
    expect(pinned.failed).toBe(1);
    expect(pinned.text).not.toContain("LATEST LANE");
  });

  it("docs/guide/providers.md's section is generated between its markers, with the date, the Nodes and the versions of the run", () => {
    const readme = readFileSync(join(__dirname, "../../docs/guide/providers.md"), "utf8");
    const section = readmeSection([acrossNodes(passing), acrossNodes(newMajor), acrossNodes(noInstall)], "2026-11-23") as string;
    expect(section).toContain("last run 2026-11-23 on Node 20.20.2 and 24.21.0");
    expect(section).toContain("| openai-openinference | `openai` 6.49.0, `@arizeai/openinference-instrumentation-openai` 4.2.7 | — | same | 20.20.2 ok, 24.21.0 ok | 40/40 | 0 | 40/40 | 20/40 | — | — | none |");
    expect(section).toContain("| openai-traceloop | `openai` 6.49.0, `@traceloop/instrumentation-openai` 0.27.0 | — | `openai` 7.57.0 (new major) | 20.20.2 FAILED, 24.21.0 FAILED | 0/40 |");
    expect(section).toContain("| ai7 | `ai` 7.0.173 | — | — | 20.20.2 INSTALL FAILED, 24.21.0 INSTALL FAILED | — | — | — | — | — | — | — |");
    const rewritten = replaceReadmeSection(readme, section) as string;
    expect(rewritten).toContain(section);
    expect(replaceReadmeSection(rewritten, section)).toBe(rewritten);
    expect(() => replaceReadmeSection("no markers", section)).toThrow("FRAMEWORKS-LATEST");
  });

  it("the Nodes of each lane, a stack left out on an older Node with its reason, and the models seen without a price", () => {
    const priced = { ...passing, rows: [{ ...passing.rows[0], unpricedModels: [] }] };
    const unpriced = { ...passing, rows: [{ ...passing.rows[0], node: "24.21.0", unpricedModels: ["claude-sonnet-4-6", "llama3.2"] }] };
    const stack = {
      name: "openai-openinference", pinned: passing.pinned,
      runs: [{ node: "24.21.0", rows: unpriced.rows, outcome: "passed" }],
      skipped: [{ node: "20.20.2", reason: "openai 7.57.0 needs Node >=22.0.0" }],
    };
    const pinnedLane = { date: "2026-11-25", stacks: [{ name: "openai-openinference", runs: [{ node: "20.20.2", outcome: "passed" }, { node: "24.21.0", outcome: "failed" }] }] };
    const section = readmeSection([stack], "2026-11-26", pinnedLane) as string;
    expect(section).toContain("the pinned lane's last run: 2026-11-25");
    expect(section).toContain("| 20.20.2 ok, 24.21.0 FAILED | same | 24.21.0 ok; not on 20.20.2: openai 7.57.0 needs Node >=22.0.0 | 40/40 | 0 | 40/40 | 20/40 | — | — | `claude-sonnet-4-6`, `llama3.2` |");
    const table = formatTable([unpriced, priced], { latest: true, date: "2026-11-26" }) as string;
    expect(table).toContain("  openai-openinference: no price for claude-sonnet-4-6, llama3.2 (calls with tokens and no cost)");
    expect(table.match(/no price for/g)).toHaveLength(1);
  });

  it("the priced column, and the pinned lane fails a stack whose calls with tokens lack a price (the latest lane reports it)", () => {
    const unpriced = { ...twoRoutes, rows: [twoRoutes.rows[0], { ...twoRoutes.rows[1], priced: "38/40", unpricedModels: ["gpt-test"] }] };
    expect([lacksPrice(twoRoutes.rows[1]), lacksPrice(unpriced.rows[1]), lacksPrice({ unpricedModels: ["x"] }), lacksPrice({ unpricedModels: [] })]).toEqual([false, true, true, false]);
    const [gated] = gatePrices([unpriced], { latest: false }) as { outcome: string }[];
    expect(gated?.outcome).toBe("unpriced");
    expect(gatePrices([unpriced], { latest: true })[0].outcome).toBe("passed");
    expect(gatePrices([twoRoutes, newMajor], { latest: false }).map((s: { outcome: string }) => s.outcome)).toEqual(["passed", "failed"]);
    const table = formatTable([gated], { latest: false, date: "2026-11-26" }) as string;
    expect(table).toMatch(/\nllamaindex-traceloop +llamaindex +0\.12\.0 +40\/40 +0 +0 +40\/40 +40\/40 +38\/40 +— +— +FAILED \(NO PRICE\)$/m);
    expect(table).toContain("  llamaindex-traceloop: no price for gpt-test (calls with tokens and no cost)");
    const summary = summarize([passing, gated], { latest: false }) as { failed: number; text: string };
    expect(summary.failed).toBe(1);
    expect(summary.text).toContain("pinned lane: 1 of 2 stacks passed, 1 FAILED");
    expect(summary.text).toContain("   llamaindex: failed (no price)");
    expect(formatTable([{ ...passing, rows: [{ ...passing.rows[0], priced: undefined }] }], { latest: true, date: "2026-11-26" })).toMatch(/ +20\/40 +— +— +— +ok\n?/);
  });
});
