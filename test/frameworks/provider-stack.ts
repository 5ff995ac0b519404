/**
 * Shared by the provider stacks (openai-openinference, openai-traceloop, anthropic, langchain): the stack runs with its
 * own folder as the working directory, as an app does (`instrumentModules` and LangChain's callback queue resolve
 * packages from there, so the stack's copies are the ones used), and its figures are checked the same way.
 */
import { expect } from "vitest";
import { diagnose } from "../../packages/honeyhive/src/diagnose/index";
import type { StackReport } from "../routing/evaluate-stack";
import { type StackRow, recordStackRow, stackRow } from "./stack-row";

/** Makes the stack's folder the working directory (returns the previous one). */
export function runFromStack(stackDir: string): string {
  const previous = process.cwd();
  process.chdir(stackDir);
  return previous;
}

/** Records the stack's row and returns it. */
export function recordProviderStack(stack: string, stackDir: string, report: StackReport): StackRow {
  const row = stackRow(stack, stackDir, report);
  recordStackRow(row);
  return row;
}

/**
 * The stack's bar: one model event per call, none misrouted or doubled, inputs/outputs on every model and tool event,
 * tokens on every call that had usage (`withTokens`: the openai workload's streamed calls ask for no usage).
 */
export function expectOneModelEventPerCall(report: StackReport, row: StackRow, withTokens = "40/40"): void {
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
  const [withIo, ioOf] = row.withInputsOutputs.split("/");
  expect(withIo).toBe(ioOf);
  expect(row.withTokens).toBe(withTokens);
}

/** diagnose() after the evaluation: no problem, and the instrumentation's spans counted under its scope. */
export async function expectDiagnosisClean(scope: string): Promise<void> {
  const diagnosis = await diagnose({ backend: false });
  expect(diagnosis.checks.filter((c) => c.status === "problem")).toEqual([]);
  expect(diagnosis.spansByScope[scope]?.started).toBeGreaterThanOrEqual(40);
}
