/**
 * A configuration error the application leaves uncaught: Node prints the throw site's line of the built package
 * above the stack. The build breaks its minified lines (scripts/build-sdk.mjs, `LINE_LIMIT`), so that line is one a
 * person can read, not the whole bundle in one line. Run against the built package (dist/), in child processes.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const DIST = resolve(__dirname, "../../packages/honeyhive/dist");
/** Longest line a person reads in a terminal without scrolling sideways for long (the build aims at about 240). */
const READABLE = 300;

interface Uncaught {
  code: number | null;
  lines: string[];
}

/** Runs `script` (`--input-type` `type`) in a fresh Node with `env`; its exit code and stderr lines. */
function runUncaught(script: string, type: "module" | "commonjs", env: Record<string, string> = {}): Promise<Uncaught> {
  if (!existsSync(join(DIST, "index.cjs"))) throw new Error("packages/honeyhive/dist is missing: run `npm run build` first");
  return new Promise((done) => {
    const options = { env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...env }, timeout: 30_000 };
    execFile(process.execPath, [`--input-type=${type}`, "-e", script], options, (error, _stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, lines: stderr.split("\n") });
    });
  });
}

/** The printed throw site: the line after `<file>:<line>` (Node's first stderr line for an uncaught error). */
function throwSite(lines: string[]): { where: string; source: string; caret: string } {
  const at = lines.findIndex((l) => /[\\/]dist[\\/][\w.-]+\.c?js:\d+$/.test(l));
  expect(at, lines.slice(0, 3).join("\n").slice(0, 500)).toBeGreaterThanOrEqual(0);
  return { where: lines[at]!, source: lines[at + 1]!, caret: lines[at + 2]! };
}

describe("an uncaught configuration error prints a readable line of the built package", () => {
  it("evaluate() with an unknown option, its rejection uncaught (ES module): the source line is short and the error is named", async () => {
    const script = `import { evaluate } from ${JSON.stringify(pathToFileURL(join(DIST, "index.js")).href)};
      await evaluate({ function: (x) => x, dataset: [{ inputs: {} }], datasetNmae: "qa" });`;
    const run = await runUncaught(script, "module");
    expect(run.code).toBe(1);
    const site = throwSite(run.lines);
    expect(site.source.length).toBeLessThanOrEqual(READABLE);
    expect(site.source).toContain("EvaluationConfigError");
    expect(site.caret.trimEnd()).toMatch(/^ *\^$/);
    expect(site.caret.length).toBeLessThanOrEqual(READABLE);
    const message = run.lines.find((l) => l.startsWith("EvaluationConfigError: "));
    expect(message).toContain('evaluate(): unknown option "datasetNmae" (did you mean "dataset"?)');
    // every other line (the stack included) is short too; only the error's own message lists the valid options
    expect(run.lines.filter((l) => l !== message && l.length > READABLE)).toEqual([]);
  });

  it("a strict tracer given an unknown option (CommonJS, thrown synchronously): the same", async () => {
    const script = `const { HoneyHiveTracer } = require(${JSON.stringify(join(DIST, "index.cjs"))});
      new HoneyHiveTracer({ apiKey: "hh_uncaught_key", project: "p", sesionName: "s", resilience: "strict" });`;
    const run = await runUncaught(script, "commonjs");
    expect(run.code).toBe(1);
    const site = throwSite(run.lines);
    expect(site.source.length).toBeLessThanOrEqual(READABLE);
    const message = run.lines.find((l) => /^\w*ConfigError: /.test(l));
    expect(message).toMatch(/unknown option "sesionName" \(did you mean "sessionName"\?/);
    expect(run.lines.filter((l) => l !== message && l.length > READABLE)).toEqual([]);
    expect(run.lines.join("\n")).not.toContain("hh_uncaught_key");
  });
});
