/**
 * Shared by the stacks that run one evaluation before their checks (the provider stacks openai-openinference,
 * openai-traceloop, anthropic and langchain; ai5, ai6, ai7, google-genai-cjs and google-genai-esm): the lifecycle
 * around the evaluation (`withProviderStack`), and the provider stacks' bar. A provider stack runs with its own folder
 * as the working directory, as an app does (`instrumentModules` and LangChain's callback queue resolve packages from
 * there, so the stack's copies are the ones used).
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect } from "vitest";
import { diagnose } from "../../packages/honeyhive/src/diagnose/index";
import { captureSdkLogs } from "../../packages/honeyhive/src/testing";
import { type StackBackend, type StackReport, startStackBackend } from "../routing/evaluate-stack";
import { type StackRow, recordStackRow, stackRow } from "./stack-row";

/** The loopback fake of the provider a stack calls. */
interface FakeProvider {
  readonly url: string;
  close(): Promise<void>;
}

/** How {@link withProviderStack} runs a stack. */
export interface ProviderStackOptions<F extends FakeProvider> {
  /** The stack's name: its evaluation's and its table row's. */
  stack: string;
  /** `import.meta.url` of the stack's test file (its folder is the stack's). */
  testUrl: string;
  startFake: () => Promise<F>;
  /** Sets the framework up against `fake` and runs the stack's evaluation on `backend`. */
  run: (fake: F, backend: StackBackend) => Promise<StackReport>;
  /** Runs with the stack's folder as the working directory (restored after the file). */
  fromStackDir: boolean;
  /** Captures the SDK's log lines during `run` (`sdkLines`) instead of printing them. */
  captureLogs: boolean;
  /** The tags of the calls the stack streams (its row's first-token column counts their model events). */
  streamedTags?: readonly string[];
}

/** What the stack's evaluation left, for the file's tests (read inside a test: filled in by `beforeAll`). */
export interface ProviderStack<F> {
  readonly fake: F;
  readonly report: StackReport;
  readonly row: StackRow;
  /** The SDK's log lines during the evaluation ("" when it logged nothing, or when logs were not captured). */
  readonly sdkLines: string;
}

/**
 * Registers the file's lifecycle: before all tests, the fake provider and the backend start and the stack's evaluation
 * runs (its row recorded); after all, both close and the working directory is restored.
 */
export function withProviderStack<F extends FakeProvider>(options: ProviderStackOptions<F>): ProviderStack<F> {
  const stackDir = dirname(fileURLToPath(options.testUrl));
  let fake: F | undefined;
  let backend: StackBackend | undefined;
  let outcome: { report: StackReport; row: StackRow; sdkLines: string } | undefined;
  let previousDir: string | undefined;
  beforeAll(async () => {
    if (options.fromStackDir) previousDir = runFromStack(stackDir);
    fake = await options.startFake();
    backend = await startStackBackend();
    const logs = options.captureLogs ? captureSdkLogs() : undefined;
    let report: StackReport;
    try {
      report = await options.run(fake, backend);
    } finally {
      logs?.restore();
    }
    const row = stackRow(options.stack, stackDir, report, { streamedTags: options.streamedTags });
    recordStackRow(row);
    outcome = { report, row, sdkLines: logs?.text() ?? "" };
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
    await backend?.close();
    if (previousDir !== undefined) process.chdir(previousDir);
  });
  const ran = () => {
    if (!outcome) throw new Error(`the ${options.stack} stack's evaluation did not run (see beforeAll's error)`);
    return outcome;
  };
  return {
    get fake() {
      if (!fake) throw new Error(`the ${options.stack} stack's fake provider did not start`);
      return fake;
    },
    get report() {
      return ran().report;
    },
    get row() {
      return ran().row;
    },
    get sdkLines() {
      return ran().sdkLines;
    },
  };
}

/** Makes the stack's folder the working directory (returns the previous one). */
function runFromStack(stackDir: string): string {
  const previous = process.cwd();
  process.chdir(stackDir);
  return previous;
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
