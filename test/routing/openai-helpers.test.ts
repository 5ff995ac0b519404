/**
 * Issue 54, requirement 3: the openai client's public helpers keep working under whichever instrumentation records
 * them. Each cell runs `openai-helpers-setup.ts` in a process of its own (instrumentations patch the client's classes
 * process-wide) against the loopback fake: every helper of `openai-helpers.ts` returns what it returns without an
 * instrumentation, and each of its 10 model calls is one span of the instrumentation in use.
 * - `instrumentModules: { openAI }` with both OpenAI instrumentation packages installed picks OpenInference's (it
 *   picked OpenLLMetry's, whose wrapper broke `chat.completions.stream()` on openai 6 and 7);
 * - the application's own choice stays its choice (OpenLLMetry's registered in `instrumentations`, or either one's
 *   `manuallyInstrument` called by the app), and the SDK's promise guard keeps the helpers working under it:
 *   OpenLLMetry's stream wrapper, and OpenInference's plain promise for a client it did not load itself (an ES module
 *   app, openai 7 beside its own openai 6), which broke `parse()` and `responses.parse()`.
 * openai 4 (where OpenInference's 4.x is outside its declared range) runs in the `openai4` framework stack.
 */
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { HELPER_MODEL_CALLS, type HelperOutcome } from "./openai-helpers";

const ROOT = resolve(__dirname, "../..");
const OPENINFERENCE = "@arizeai/openinference-instrumentation-openai";
const TRACELOOP = "@traceloop/instrumentation-openai";

interface Cell {
  outcomes: HelperOutcome[];
  spansByScope: Record<string, { started: number; routed: number }>;
  checks: { id: string; summary: string }[];
}

let running = 0;
const waiting: (() => void)[] = [];

/** Runs one cell (three at a time: the machine is shared). */
async function runCell(route: string, copy: string): Promise<Cell> {
  if (running >= 3) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await new Promise<Cell>((done, fail) => {
      execFile(process.execPath, ["--import", "tsx", join(__dirname, "openai-helpers-setup.ts"), route, copy], { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) => {
        if (error) return fail(new Error(`${route} ${copy}: ${error.message}\n${stderr}`));
        done(JSON.parse(stdout.trim().split("\n").filter((line) => line.startsWith("{")).pop()!) as Cell);
      });
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const CELLS: [route: string, copy: string, scope: string][] = [
  ["modules", "esm6", OPENINFERENCE],
  ["modules", "cjs6", OPENINFERENCE],
  ["modules", "esm7", OPENINFERENCE],
  ["modules+traceloop", "esm6", TRACELOOP],
  ["manual:traceloop", "cjs6", TRACELOOP],
  ["manual:traceloop", "esm7", TRACELOOP],
  ["manual:openinference", "esm6", OPENINFERENCE],
  ["manual:openinference", "esm7", OPENINFERENCE],
];
const results = new Map(CELLS.map(([route, copy]) => [`${route} ${copy}`, runCell(route, copy)]));

describe("every helper of the openai client under each instrumentation (openai 6 and 7)", () => {
  it.each(CELLS)("%s, %s: every helper answers as without instrumentation, each call one span of %s", async (route, copy, scope) => {
    const cell = await results.get(`${route} ${copy}`)!;
    expect(cell.outcomes.filter((o) => o.result !== "ok")).toEqual([]);
    expect(cell.outcomes).toHaveLength(9);
    expect(cell.spansByScope[scope]).toEqual({ started: HELPER_MODEL_CALLS, routed: HELPER_MODEL_CALLS });
    expect(Object.keys(cell.spansByScope).filter((s) => s !== "honeyhive")).toEqual([scope]);
    expect(cell.checks.filter((c) => c.id === "instrumentations" || c.id === "client-helpers")).toEqual([]);
  }, 180_000);
});
